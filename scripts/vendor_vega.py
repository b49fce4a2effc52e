"""Vendor Vega and vega-embed from the npm registry into _vendor/vega/.

The book's charts load these two files from the site itself (see activism_book.charts), so
the HTML works offline and asks no CDN. `npm pack` fetches the published tarballs only: no
node_modules, no install scripts. Run `python scripts/vendor_vega.py` after changing a version
below, and commit _vendor/vega/. versions.json records each tarball's npm integrity and each
copied file's SHA-256, which tests/test_offline_site.py checks.
"""

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# The versions altair 6.3 targets (Vega 6, vega-embed 7; its charts are compiled from
# Vega-Lite 6.4 by vl-convert at build time, see activism_book.charts); load order matters.
PACKAGES = {
    "vega": ("6.4.0", "build/vega.min.js"),
    "vega-embed": ("7.3.0", "build/vega-embed.min.js"),
}
VENDOR_DIR = Path(__file__).resolve().parent.parent / "_vendor" / "vega"


def npm_pack(specs: list[str], folder: Path) -> list[dict]:
    """Download the tarballs of ``specs`` into ``folder``; npm's JSON report of each."""
    result = subprocess.run(
        ["npm", "pack", "--json", *specs], cwd=folder, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout)


def extract(tarball: Path, member: str, target: Path) -> str:
    """Copy ``package/<member>`` out of an npm tarball; return the copy's SHA-256."""
    with tarfile.open(tarball) as archive:
        data = archive.extractfile(f"package/{member}").read()
    target.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    versions = {}
    with tempfile.TemporaryDirectory() as scratch:
        specs = [f"{name}@{version}" for name, (version, _) in PACKAGES.items()]
        for packed in npm_pack(specs, Path(scratch)):
            name = packed["name"]
            tarball = Path(scratch) / packed["filename"]
            script = PACKAGES[name][1]
            versions[name] = {
                "version": packed["version"],
                "npm_integrity": packed["integrity"],
                "files": {
                    Path(script).name: extract(tarball, script, VENDOR_DIR / Path(script).name),
                    f"LICENSE.{name}": extract(tarball, "LICENSE", VENDOR_DIR / f"LICENSE.{name}"),
                },
            }
    text = json.dumps(versions, indent=2, sort_keys=True) + "\n"
    (VENDOR_DIR / "versions.json").write_text(text, encoding="utf-8")
    print(f"vendored {', '.join(specs)} into {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
