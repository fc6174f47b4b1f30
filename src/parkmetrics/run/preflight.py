"""Checks of a run's options and inputs before any work: nothing starts on a bad option.

``--jobs`` is a whole number in 1..``MAX_JOBS`` (an argparse type, so the usage error comes
before anything is read); ``--out`` must be a folder this user can write in, or one that can be
made there; the data folder and the output folder resolve the same way, relative to the working
folder (a cron job that runs elsewhere says which folders it used); a rules file is read and
checked once; and every year's data is validated before the first kernel starts, so bad data
is exit 2 with every problem on its own line. Messages name paths as the user gave them.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# A run's workers each hold a kernel (a few hundred MB): more than this is a typo, not a plan.
MAX_JOBS = 64
DEFAULT_DATA = Path("data")  # relative to the working folder, like --out's default reports/


class RunParameterError(ValueError):
    """Bad parameters of a run (unknown year, missing folder); reported as one line."""


def jobs_option(text: str) -> int:
    """argparse type of ``--jobs``: a whole number from 1 to ``MAX_JOBS``."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of parallel years from 1 to {MAX_JOBS}, got {text!r}"
        )
    return jobs


def check_jobs(jobs: int) -> int:
    """The same rule for callers of the library (``run_years(jobs=…)``)."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        raise RunParameterError(f"--jobs must be a whole number from 1 to {MAX_JOBS}, not {jobs!r}")
    return jobs


def check_out_dir(out_dir: Path | str, option: str = "--out") -> None:
    """Refuse an output folder that is a file, lies under a file, or cannot be written in.

    A folder that does not exist yet is fine when the nearest existing folder above it can be
    written in (the run makes it). Writability is probed by making and removing a hidden
    folder, because permission bits do not tell (root, read-only mounts, immutable folders).
    """
    given = str(out_dir)
    path = Path(out_dir)
    if os.path.lexists(path) and not os.path.exists(path):
        raise RunParameterError(f"{option} {given} is a symbolic link that leads nowhere")
    if os.path.exists(path) and not os.path.isdir(path):
        raise RunParameterError(f"{option} {given} is a file, not a folder")
    existing = path
    while not os.path.exists(existing) and existing.parent != existing:
        existing = existing.parent
    if not os.path.isdir(existing):
        raise RunParameterError(
            f"{option} {given}: {existing} is a file, so no folder can be made under it"
        )
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".parkmetrics-write-test-", dir=existing))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        where = "" if existing == path else f": {existing}"
        message = f"{option} {given}{where} cannot be written in ({reason})"
        raise RunParameterError(message) from None


def check_out_file(out_file: Path | str, option: str) -> None:
    """Refuse an output file that is a folder, or whose folder is a file or cannot be written
    in (a missing folder is made when the folder above it can be)."""
    given = str(out_file)
    if os.path.isdir(out_file):
        raise RunParameterError(f"{option} {given} is a folder, not a file")
    check_out_dir(Path(out_file).parent, f"{option} {given}:")


def data_folder(data_dir: Path | str | None) -> Path:
    """The data folder of a run, as given: ``--data``, else ``$PARKMETRICS_DATA``, else
    ``data`` — relative to the working folder, the same as ``--out`` (default ``reports``).
    (Unlike the read-only commands, no fallback to the checkout's ``data/``: a run from cron in
    another folder would otherwise read one place and write another.)"""
    from parkmetrics.data.folder import DATA_ENV

    if data_dir is not None:
        return Path(data_dir)
    return Path(os.environ[DATA_ENV]) if os.environ.get(DATA_ENV) else DEFAULT_DATA


def check_data_folder(data_dir: Path) -> None:
    """A data folder that is missing, or is not a folder, is one line naming it as given."""
    if not data_dir.is_dir():
        where = "" if data_dir.is_absolute() else f" (in the working folder {Path.cwd()})"
        what = "is not a folder" if data_dir.exists() else "not found"
        raise RunParameterError(f"data folder {data_dir} {what}{where}; give --data DIR")


def check_rules(rules_path: Path | str | None) -> Path | None:
    """Read and check a rules file (or a rule pack by name) once, before any kernel: the path to
    give the kernels (absolute), or None for the national defaults.

    Raises ``RunParameterError`` when there is no such file or pack, and ``RulesFileError``
    (every problem, the file named as given) when it cannot be used.
    """
    if rules_path is None:
        return None
    from parkmetrics.scoring.rules import load_rules, resolve_rules

    try:
        load_rules(rules_path)
    except FileNotFoundError:
        raise RunParameterError(f"rules file not found: {rules_path}") from None
    return Path(resolve_rules(rules_path) or rules_path).resolve()


def validate_reports(jobs: Sequence[Any], data_dir: Path | str | None = None) -> None:
    """Read and check every job's year as the kernel's ``load_year`` will; raise one
    ``DataValidationError`` with every problem of every year (a problem of the shared vocabulary
    once), before any kernel. Its heading names the data folder as given (``data_dir``), the
    problems the files in it. No frame is built: on valid data the run's own process never
    imports pandas (half a second of CPU, which every kernel pays again)."""
    from parkmetrics.data.year_files import read_year_files
    from parkmetrics.errors import DataValidationError

    problems = []
    for job in jobs:
        try:
            read_year_files(job.year, job.data_dir, job.series)
        except DataValidationError as error:
            problems += error.problems
    if problems:
        subject = f"the data folder {data_dir}" if data_dir is not None else None
        raise DataValidationError(problems, subject)
