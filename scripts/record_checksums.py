"""Write data/raw/SHA256SUMS: the SHA-256 of every raw file, which the tests verify.

Run it once when a raw file is added (raw files are never edited); commit the manifest with
the file. `sha256sum -c SHA256SUMS` inside data/raw/ checks it without Python.
"""

import hashlib
import sys
from pathlib import Path

RAW_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"
MANIFEST = RAW_DIR / "SHA256SUMS"


def raw_files() -> list[Path]:
    """Every file under data/raw/ except the manifest itself, in a stable order."""
    return sorted(p for p in RAW_DIR.rglob("*") if p.is_file() and p != MANIFEST)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    lines = [f"{sha256(path)}  {path.relative_to(RAW_DIR).as_posix()}\n" for path in raw_files()]
    MANIFEST.write_text("".join(lines), encoding="utf-8")
    print(f"recorded {len(lines)} files in {MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
