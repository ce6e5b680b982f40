"""Where a warehouse lives (the project, the build and published databases, the
outputs), the lock that serialises runs over it, and the folder swap that publishes."""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, LockError


@contextlib.contextmanager
def warehouse_lock(warehouse_dir: Path):
    """An exclusive lock over load, build, publish, export and report of one warehouse
    directory, so two runs (or a load during a build) cannot interleave. The lock is a
    kernel file lock: it is released when the process ends, even if it is killed."""
    import fcntl

    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse_dir / ".gpsi.lock"
    with path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise LockError(
                f"the warehouse {warehouse_dir} is in use by {holder}: wait for it to finish "
                "(or stop it) and run again"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"gpsi pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Paths:
    project_dir: Path
    warehouse_dir: Path

    @property
    def build_db(self) -> Path:
        return self.build_dir / "gpsi.duckdb"

    @property
    def published_db(self) -> Path:
        return self.warehouse_dir / "gpsi.duckdb"

    @property
    def target_dir(self) -> Path:
        return self.build_dir / "target"

    @property
    def build_dir(self) -> Path:
        """The build database's folder, where exports and site are built from it before
        publishing."""
        return self.warehouse_dir / "build"


def project_dir() -> Path:
    """The dbt project: $GPSI_PROJECT_DIR, else the working directory if it holds
    dbt_project.yml, else the checkout this package was installed from (editable)."""
    env = os.environ.get("GPSI_PROJECT_DIR")
    if env:
        return Path(env).resolve()
    cwd = Path.cwd()
    if (cwd / "dbt_project.yml").exists():
        return cwd
    here = Path(__file__).resolve().parents[2]  # src/gpsi/paths.py -> the checkout
    if (here / "dbt_project.yml").exists():
        return here
    raise BuildError(
        "cannot find dbt_project.yml: run from the project folder or set GPSI_PROJECT_DIR"
    )


def default_paths(warehouse_dir: str | os.PathLike | None = None) -> Paths:
    root = project_dir()
    wh = warehouse_dir or os.environ.get("GPSI_WAREHOUSE_DIR") or root / "warehouse"
    return Paths(project_dir=root, warehouse_dir=Path(wh).resolve())


def swap_dir(new: Path, dest: Path) -> None:
    """Put folder `new` in place of `dest` by renames: a reader sees the old or the new
    folder, and an interrupted swap leaves one of them plus a dot-folder to sweep."""
    old = dest.with_name(f".{dest.name}.{os.getpid()}.old")
    if dest.exists():
        os.replace(dest, old)
    os.replace(new, dest)
    shutil.rmtree(old, ignore_errors=True)
