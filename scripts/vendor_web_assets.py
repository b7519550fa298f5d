"""Copy the web app's front-end files from node_modules into the Python package.

Run after ``npm ci`` (package.json / package-lock.json at the repository root):

    npm ci && python scripts/vendor_web_assets.py

The copies under ``src/sitroom/web/static/vendor/`` are committed, so a user who
pip-installs sitroom needs neither npm nor a network: the app serves these files itself.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NM = ROOT / "node_modules"
OUT = ROOT / "src" / "sitroom" / "web" / "static" / "vendor"

# (package, file inside the package, name under vendor/<package>/)
FILES = [
    ("leaflet", "dist/leaflet.js", "leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet.css"),
    ("leaflet", "LICENSE", "LICENSE"),
    ("leaflet.markercluster", "dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
    ("leaflet.markercluster", "dist/MarkerCluster.css", "MarkerCluster.css"),
    ("leaflet.markercluster", "dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
    ("leaflet.markercluster", "MIT-LICENCE.txt", "LICENSE"),
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"),
    ("topojson-client", "LICENSE", "LICENSE"),
    ("world-atlas", "countries-50m.json", "countries-50m.json"),
    ("world-atlas", "LICENSE", "LICENSE"),
]
DIRS = [("leaflet", "dist/images", "images")]


def main() -> int:
    if not NM.is_dir():
        return 2
    if OUT.exists():
        shutil.rmtree(OUT)
    versions = {}
    for pkg, src, dst in FILES:
        target = OUT / pkg / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NM / pkg / src, target)
        versions[pkg] = json.loads((NM / pkg / "package.json").read_text())["version"]
    for pkg, src, dst in DIRS:
        shutil.copytree(NM / pkg / src, OUT / pkg / dst)
    (OUT / "VERSIONS.json").write_text(json.dumps(versions, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
