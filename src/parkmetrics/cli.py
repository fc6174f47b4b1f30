"""The ``parkmetrics`` command: parse arguments, call the library, turn errors into one line.

Exit codes (for schedulers):
  0  success (for ``audit``: no error-severity finding)
  1  the job ran but found errors (``audit``: error findings; ``run``: a year failed)
  2  bad input or usage (invalid data files, unknown year, missing folder)
128+N  ``run`` stopped by signal N: 130 SIGINT, 143 SIGTERM, 129 SIGHUP, 131 SIGQUIT
141  the reader of the output went away (``parkmetrics audit … | head``), as for SIGPIPE
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from parkmetrics import __version__

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_BROKEN_PIPE = 0, 1, 2, 141


def _parser() -> argparse.ArgumentParser:
    from parkmetrics.run.preflight import MAX_JOBS, jobs_option

    parser = argparse.ArgumentParser(
        prog="parkmetrics",
        description="Industrial-park fund self-evaluations: validate, assess, audit, report.",
    )
    parser.add_argument("--version", action="version", version=f"parkmetrics {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def data_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", type=Path, default=None, help="data folder (default: ./data)")

    def rules_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--rules", type=Path, default=None, help="scoring rules YAML (default: national)"
        )

    def series_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--series", default=None, help="the report series the year belongs to")

    p = sub.add_parser("validate", help="load and validate every report in the data folder")
    data_option(p)
    p.add_argument("--year", type=int, action="append", help="only this year (repeatable)")
    p.add_argument("--series", action="append", help="only this report series (repeatable)")

    p = sub.add_parser("audit", help="re-score a year and list its inconsistencies")
    p.add_argument("--year", type=int, required=True)
    data_option(p)
    p.add_argument(
        "--rules",
        type=Path,
        default=None,
        help="scoring rules YAML, or a rule pack: national (default), review-firm, "
        "accept-overachievement",
    )
    p.add_argument("--xlsx", type=Path, default=None, help="write the 复核意见表 (.xlsx) here")
    series_option(p)

    p = sub.add_parser("run", help="produce the yearly reports (default: every year into reports/)")
    p.add_argument("--year", type=int, action="append", help="only this year (repeatable)")
    data_option(p)
    p.add_argument(
        "--out", type=Path, default=Path("reports"), help="output folder (default: ./reports)"
    )
    p.add_argument(
        "--jobs", type=jobs_option, default=1, help=f"years run in parallel (1 to {MAX_JOBS})"
    )
    p.add_argument("--force", action="store_true", help="rerun years whose inputs are unchanged")
    p.add_argument("--series", action="append", help="only this report series (repeatable)")
    p.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="worker processes here (default), or one task per report on a Dask cluster",
    )
    p.add_argument(
        "--scheduler", help="Dask scheduler address (default: a LocalCluster of --jobs workers)"
    )
    rules_option(p)

    p = sub.add_parser("briefing", help="write the Word briefing of a year")
    p.add_argument("--year", type=int, required=True)
    data_option(p)
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    p.add_argument("--pdf", action="store_true", help="also a PDF, when LibreOffice is installed")
    rules_option(p)
    series_option(p)

    p = sub.add_parser("extract", help="find the figures in a report's narrative")
    p.add_argument("file", type=Path, help="the report (.docx, .xlsx, .pdf, .txt, .md, .doc)")
    p.add_argument("--year", type=int, required=True)
    data_option(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: extracted-YEAR)")
    p.add_argument("--force", action="store_true", help="replace files already there")

    p = sub.add_parser("import", help="bring a report (Word, Excel, PDF, text) in as a year")
    p.add_argument("file", type=Path, help="the report (.docx, .xlsx, .pdf, .txt, .md, .doc)")
    p.add_argument("--year", type=int, required=True)
    data_option(p)
    p.add_argument("--force", action="store_true", help="replace the year's data if it exists")

    p = sub.add_parser("template", help="write an Excel entry workbook for a year's report")
    p.add_argument("--year", type=int, required=True)
    data_option(p)
    p.add_argument("--out", type=Path, default=None, help="the .xlsx (default: entry-YEAR.xlsx)")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    return parser


def _check_outputs(args: argparse.Namespace) -> None:
    """An output path that is a folder where a file goes (or a file where a folder goes, or
    under a file) is one line before any work, as ``run`` checks its ``--out``."""
    from parkmetrics.run.preflight import check_out_dir, check_out_file

    if args.command == "audit" and args.xlsx is not None:
        check_out_file(args.xlsx, "--xlsx")
    if args.command == "template" and args.out is not None:
        check_out_file(args.out, "--out")
    if args.command == "extract" and args.out is not None:
        check_out_dir(args.out)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = _parser().parse_args(argv)
    from parkmetrics.errors import DataValidationError
    from parkmetrics.run.preflight import RunParameterError

    try:
        _check_outputs(args)
        if args.command == "validate":
            from parkmetrics.data.dataset import validate_cli

            return validate_cli(args.year, args.data, args.series)
        if args.command == "audit":
            from parkmetrics.review import run_cli

            return run_cli(args.year, args.data, args.rules, args.xlsx, args.series)
        if args.command == "run":
            from parkmetrics.run.runner import run_cli

            return run_cli(
                args.year, args.data, args.out, args.jobs, args.force, args.rules,
                args.series, args.executor, args.scheduler,
            )  # fmt: skip
        if args.command == "briefing":
            from parkmetrics.run.briefing import run_cli

            return run_cli(args.year, args.data, args.out, args.pdf, args.rules, args.series)
        if args.command == "extract":
            from parkmetrics.ingest.commands import extract_cli

            return extract_cli(args.file, args.year, args.data, args.out, args.force)
        if args.command == "import":
            from parkmetrics.ingest.importer import import_cli

            return import_cli(args.file, args.year, args.data, args.force)
        if args.command == "template":
            from parkmetrics.ingest.importer import template_cli

            return template_cli(args.year, args.data, args.out, args.force)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, LookupError, RunParameterError) as error:
        print(f"parkmetrics: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # Whoever read our output stopped (| head): no traceback; silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as error:  # a path the checks could not foresee (a full disk, a lost mount)
        where = f"{error.filename}: " if error.filename else ""
        print(f"parkmetrics: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    raise AssertionError(f"unhandled command {args.command}")  # argparse makes this unreachable


if __name__ == "__main__":
    sys.exit(main())
