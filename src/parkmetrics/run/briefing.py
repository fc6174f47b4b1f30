"""``parkmetrics briefing``: rebuild one year's Word briefing (and PDF) outside a yearly run."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from parkmetrics.data.folder import resolve_data_dir
from parkmetrics.report import export
from parkmetrics.report.briefing import chart_entries, convert_to_pdf, write_briefing
from parkmetrics.run import preflight


def run_cli(
    year: int, data_dir: Path | None, out_dir: Path, pdf: bool, rules_path: Path | None = None
) -> int:
    """``parkmetrics briefing``: load, assess, audit, derive, chart, write; return the exit code.

    The computation and the charts are the yearly run's own (``export.compute``,
    ``export.write_charts``), so the briefing shows what ``parkmetrics run`` would. ``--out``
    is checked first: a file, or a folder that cannot be written in, fails before any work.
    """
    try:
        preflight.check_out_dir(Path(out_dir) / str(year))
    except preflight.RunParameterError as error:
        print(f"parkmetrics briefing: {error}", file=sys.stderr)
        return 2
    results = export.compute(year, resolve_data_dir(data_dir), rules_path)
    out_path = Path(out_dir) / str(year) / "briefing.docx"
    # Charts go to a scratch folder: reports/<year>/charts belongs to the yearly run.
    with tempfile.TemporaryDirectory(prefix="parkmetrics-charts-") as scratch:
        pngs = [p for p in export.write_charts(results, Path(scratch)) if p.suffix == ".png"]
        write_briefing(
            results.year_data,
            results.assessment,
            results.findings,
            results.derived,
            chart_entries(pngs),
            out_path,
            results.rules,
        )
    print(out_path)
    if pdf:
        try:
            written = convert_to_pdf(out_path)
        except (subprocess.SubprocessError, OSError, RuntimeError) as error:  # PdfFontError too
            print(f"parkmetrics: PDF conversion failed: {error}", file=sys.stderr)
            return 1
        if written is not None:
            print(written)
    return 0
