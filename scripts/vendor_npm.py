"""Vendor front-end files from the npm registry: Vega and vega-embed into _vendor/vega/, and
axe-core into tests/vendor/axe-core/.

The book's charts load Vega from the site itself (see book_engine.site.charts), so the HTML works
offline and asks no CDN. The browser tests run the current axe-core release on every page
(tests/test_browser.py); it is never served with the site. `npm pack` fetches the published
tarballs only: no node_modules, no install scripts. Run `python scripts/vendor_npm.py` (`make
vendor`) after changing a version below, and commit both folders. Each folder's versions.json
records each tarball's npm integrity and each copied file's SHA-256, which the tests check
(tests/test_site.py, tests/test_browser.py).
"""

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folder -> package -> (version, the file copied). Vega: the versions altair 6.3 targets
# (Vega 6, vega-embed 7; its charts are compiled from Vega-Lite 6.4 by vl-convert at build
# time, see book_engine.site.charts); load order matters. axe-core: its current release.
FOLDERS = {
    ROOT / "_vendor" / "vega": {
        "vega": ("6.4.0", "build/vega.min.js"),
        "vega-embed": ("7.3.0", "build/vega-embed.min.js"),
    },
    ROOT / "tests" / "vendor" / "axe-core": {
        "axe-core": ("4.14.1", "axe.min.js"),
    },
}


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


def vendor(folder: Path, packages: dict[str, tuple[str, str]]) -> None:
    """Copy each package's file and licence into ``folder``, with ``versions.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    versions = {}
    with tempfile.TemporaryDirectory() as scratch:
        specs = [f"{name}@{version}" for name, (version, _) in packages.items()]
        for packed in npm_pack(specs, Path(scratch)):
            name = packed["name"]
            tarball = Path(scratch) / packed["filename"]
            script = packages[name][1]
            versions[name] = {
                "version": packed["version"],
                "npm_integrity": packed["integrity"],
                "files": {
                    Path(script).name: extract(tarball, script, folder / Path(script).name),
                    f"LICENSE.{name}": extract(tarball, "LICENSE", folder / f"LICENSE.{name}"),
                },
            }
    text = json.dumps(versions, indent=2, sort_keys=True) + "\n"
    (folder / "versions.json").write_text(text, encoding="utf-8")
    print(f"vendored {', '.join(specs)} into {folder.relative_to(ROOT)}")


def main() -> int:
    for folder, packages in FOLDERS.items():
        vendor(folder, packages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
