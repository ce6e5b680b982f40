"""The npm packages the explorer bundles, found where `make setup` installed them."""

from __future__ import annotations

import json
from pathlib import Path


class ReportError(RuntimeError):
    pass


def npm_package(project_dir: Path, package: str, version: str) -> Path:
    """The folder of an installed npm package, checked against the version pinned."""
    folder = project_dir / "node_modules" / package
    meta = folder / "package.json"
    if not meta.exists():
        raise ReportError(f"{package} not found in {folder.parent}: run `make setup`")
    installed = json.loads(meta.read_text())["version"]
    if installed != version:
        raise ReportError(f"{package} {installed} installed, the explorer pins {version}")
    return folder
