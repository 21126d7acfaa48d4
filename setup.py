"""Build hook: the wheel carries the web desk's map library and world outline.

The metadata lives in pyproject.toml; this file only adds one step to ``build_py``. The map files
(d3-geo, topojson-client, the world-atlas outline) are third-party code, so they are not in the
repository: when the wheel is built and ``src/newsdesk/serve/static/vendor/`` is absent, this runs
``npm ci`` (exact versions from web/package-lock.json) and ``node build.mjs`` in ``web/``, which copies
them into the package. ``pip install newsdesk`` from the wheel then needs no npm. Building without npm
fails with a clear message rather than shipping a desk without maps; NEWSDESK_SKIP_VENDOR=1 builds
such a wheel on purpose. Editable installs (``make``) leave the step to ``make vendor``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
WEB = ROOT / "web"
MANIFEST = ROOT / "src" / "newsdesk" / "serve" / "static" / "vendor" / "manifest.json"


def build_vendor() -> None:
    """Install the pinned map packages and copy them into the package, unless already there."""
    if MANIFEST.exists() or os.environ.get("NEWSDESK_SKIP_VENDOR") == "1":
        return
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        raise SystemExit(
            "newsdesk: building the wheel needs Node.js 20 and npm to vendor the desk's map library "
            "(web/package-lock.json); install them (e.g. apt-get install nodejs npm), or set "
            "NEWSDESK_SKIP_VENDOR=1 to build a wheel whose desk has no maps")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB, check=True)
    subprocess.run([node, "build.mjs"], cwd=WEB, check=True)
    if not MANIFEST.exists():
        raise SystemExit(f"newsdesk: web/build.mjs ran but {MANIFEST} is missing")


class BuildPyWithDesk(build_py):
    """``build_py`` that vendors the desk's assets first, so package data picks them up."""

    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            build_vendor()
            # The list of data files may have been computed before the vendor folder existed.
            self.__dict__.pop("data_files", None)
        super().run()


setup(cmdclass={"build_py": BuildPyWithDesk})
