"""Report folders on disk: build beside the target, publish by renames, recover after a crash.

Each year is built in ``reports/.<year>.partial/`` (same file system as the target), then
published by renames: old report → ``.<year>.backup``, partial → ``<year>``, backup deleted. A
failed build goes to ``reports/<year>.FAILED/``. Whatever a crash, kill or interrupt leaves
behind is put right by ``recover`` at the start of the next run, under the lock (``lock``).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from parkmetrics.run import manifest as mf

log = logging.getLogger("parkmetrics.run")


def partial_dir(out_dir: Path, year: int) -> Path:
    """Where a year is built before it is published."""
    return out_dir / f".{year}.partial"


def backup_dir(out_dir: Path, year: int) -> Path:
    """Where the previous report waits during the swap."""
    return out_dir / f".{year}.backup"


def failed_dir(out_dir: Path, year: int) -> Path:
    """Where a failed year's notebook and manifest are kept."""
    return out_dir / f"{year}.FAILED"


def recover(out_dir: Path) -> list[str]:
    """Put right what an interrupted run left in ``out_dir``; returns what was done.

    A backup whose report is missing means the swap stopped between its two renames: the backup
    is the last good report and goes back. A backup next to a report is stale. Partial builds are
    never complete (their manifest is written last, and they are not at ``<year>/``): deleted.
    """
    done: list[str] = []
    if not out_dir.is_dir():
        return done
    for path in sorted(out_dir.iterdir()):
        name = path.name
        if name.startswith(".") and name.endswith(".backup"):
            final = out_dir / name[1 : -len(".backup")]
            if final.exists():
                shutil.rmtree(path)
                done.append(f"removed stale backup {name}")
            else:
                os.rename(path, final)
                done.append(f"restored {final.name} from an interrupted swap")
        elif name.startswith(".") and (name.endswith(".partial") or name.endswith(".failing")):
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"removed unfinished build {name}")
    return done


def publish(build: Path, final: Path) -> None:
    """Replace ``final`` by ``build`` with renames only, so ``final`` is never half-written."""
    backup = final.with_name(f".{final.name}.backup")
    if backup.exists():  # left by a crash; recover() normally got it first
        shutil.rmtree(backup)
    if final.exists():
        os.rename(final, backup)
    os.rename(build, final)
    shutil.rmtree(backup, ignore_errors=True)


def keep_failure(build: Path, out_dir: Path, year: int, manifest: dict[str, Any]) -> None:
    """Move a failed build to ``<year>.FAILED/``: only its executed notebook, renamed
    unmistakably, and the manifest saying why. The partial products (charts, tables, half a
    briefing) are deleted first: they are not a report, and on a full disk they hold the space
    the manifest needs."""
    if not build.is_dir():  # the reports folder itself went away: nothing to keep, nowhere
        return
    target = failed_dir(out_dir, year)
    executed = build / f"{year}.ipynb"
    try:
        for path in build.iterdir():
            if path != executed:
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        if executed.exists():
            os.rename(executed, build / f"{year}.FAILED.ipynb")
        mf.write_manifest(build, manifest)
        shutil.rmtree(target, ignore_errors=True)
        os.rename(build, target)
    except OSError as error:  # e.g. the disk is still full: keep nothing rather than a half
        log.warning(
            "%s: could not keep the failed build in %s (%s); removed it", year, target, error
        )
        shutil.rmtree(build, ignore_errors=True)
