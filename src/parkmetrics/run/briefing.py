"""``parkmetrics briefing``: rebuild one year's Word briefing (and PDF) outside a yearly run.

It writes into the reports folder, so it takes the run's lock (``lock``) and keeps the year's
manifest true: the briefing files' hashes are updated, and the rules it was built with are
recorded (``"briefing": {"rules": …}``). A briefing built with other rules than the report's
makes the year out of date (``manifest.is_current``), so the next ``run`` rebuilds it whole.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from parkmetrics.data.folder import one_report, resolve_data_dir
from parkmetrics.report import export
from parkmetrics.report.briefing import chart_entries, convert_to_pdf, write_briefing
from parkmetrics.run import manifest as mf
from parkmetrics.run import preflight, signals
from parkmetrics.run.lock import RunLockedError, run_lock

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
BRIEFING_FILES = ("briefing.docx", "briefing-appendix.docx", "briefing.pdf")


def run_cli(
    year: int,
    data_dir: Path | None,
    out_dir: Path,
    pdf: bool,
    rules_path: Path | None = None,
    series: str | None = None,
) -> int:
    """``parkmetrics briefing``: under the reports folder's lock, load, assess, audit, derive,
    chart, write, and record it in the year's manifest; return the exit code.

    The computation and the charts are the yearly run's own (``export.compute``,
    ``export.write_charts``), so the briefing shows what ``parkmetrics run`` would. ``--out``
    is checked first: a file, or a folder that cannot be written in, fails before any work.
    A series' year goes to ``<out>/<series>/<year>/``, where ``parkmetrics run`` puts it.
    """
    try:
        report = one_report(year, resolve_data_dir(data_dir), series)
        base = Path(out_dir) if report.series is None else Path(out_dir) / report.series
        folder = base / str(year)
        preflight.check_out_dir(folder)  # before the lock makes the folder
        with signals.raising(), run_lock(Path(out_dir)):
            return _rebuild(year, data_dir, folder, pdf, rules_path, report.series)
    except (preflight.RunParameterError, RunLockedError) as error:
        print(f"parkmetrics briefing: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except signals.Stopped as stop:  # files are replaced whole; the manifest says which
        signals.say(f"parkmetrics briefing: stopped by {stop}", sys.stderr)
        return signals.exit_status(stop.signum)


def _rebuild(
    year: int,
    data_dir: Path | None,
    folder: Path,
    pdf: bool,
    rules_path: Path | None,
    series: str | None,
) -> int:
    from parkmetrics.scoring.rules import resolve_rules

    rules_path = resolve_rules(rules_path)  # a shipped rule pack by name, as for run and audit
    results = export.compute(year, resolve_data_dir(data_dir), rules_path, series)
    written: list[Path] = []
    try:
        return _write(results, folder, pdf, written)
    finally:  # stopped midway too: the manifest names the files as they are now
        if written:
            record_briefing(folder, rules_path)


def _write(results: Any, folder: Path, pdf: bool, written: list[Path]) -> int:
    """Write the briefing (and the PDF) into ``folder``; ``written`` gets the .docx once it is."""
    out_path = folder / "briefing.docx"
    # Charts go to a scratch folder: reports/<year>/charts belongs to the yearly run.
    with tempfile.TemporaryDirectory(prefix="parkmetrics-charts-") as scratch:
        pngs = export.shown_charts(*export.chart_files(results, Path(scratch)))
        write_briefing(
            results.year_data,
            results.assessment,
            results.findings,
            results.derived,
            chart_entries(pngs),
            out_path,
            results.rules,
        )
    written.append(out_path)
    print(out_path)
    code = EXIT_OK
    stale_pdf = out_path.with_suffix(".pdf")
    if not pdf:
        stale_pdf.unlink(missing_ok=True)  # it shows the briefing this one replaced
    else:
        try:
            converted = convert_to_pdf(out_path)
        except (subprocess.SubprocessError, OSError, RuntimeError) as error:  # PdfFontError too
            print(f"parkmetrics: PDF conversion failed: {error}", file=sys.stderr)
            stale_pdf.unlink(missing_ok=True)
            code = EXIT_FAILED
        else:
            if converted is not None:
                print(converted)
    return code


def rules_hashes(rules_path: Path | None) -> dict[str, str]:
    """The rules as a manifest's ``inputs["rules"]`` names them: ``{}`` for the defaults."""
    return {Path(rules_path).name: mf.file_sha256(Path(rules_path))} if rules_path else {}


def record_briefing(folder: Path, rules_path: Path | None) -> dict[str, Any] | None:
    """Bring a report folder's manifest up to date after its briefing was rebuilt: the briefing
    files' hashes, and the rules the briefing was built with. No manifest, nothing to keep."""
    manifest = mf.read_manifest(folder)
    if manifest is None:
        return None
    outputs = manifest.setdefault("outputs", {})
    for name in BRIEFING_FILES:
        path = folder / name
        if path.is_file():
            outputs[name] = mf.file_sha256(path)
        else:
            outputs.pop(name, None)
    manifest["briefing"] = {"command": "parkmetrics briefing", "rules": rules_hashes(rules_path)}
    mf.write_manifest(folder, manifest)
    return manifest
