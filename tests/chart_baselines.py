"""What the baseline-image tests share: the baseline folder, the drawing settings, the comparison.

A chart is saved at :data:`DPI` and compared with its committed baseline by
``matplotlib.testing.compare.compare_images`` (RMS tolerance :data:`TOLERANCE`, for another
FreeType's antialiasing). ``PARKMETRICS_REFRESH_BASELINES=1`` rewrites the baselines instead,
after an intended change — look at every new image before committing it.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

BASELINES = Path(__file__).parent / "baseline_images"
DPI = 80  # small files in git; every label still legible when a person looks at a diff
TOLERANCE = 3.0
REFRESH = os.environ.get("PARKMETRICS_REFRESH_BASELINES") == "1"


def assert_matches_baseline(fig: Figure, expected: Path, folder: Path) -> None:
    """Save ``fig`` into ``folder`` and compare it with the baseline ``expected``."""
    actual = folder / expected.name
    with mpl.rc_context({"svg.hashsalt": "parkmetrics"}):
        fig.savefig(actual, dpi=DPI, metadata={"Software": None}, facecolor="white")
    if REFRESH:
        expected.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(actual, expected)
    assert expected.exists(), f"no baseline {expected}: refresh (see tests/chart_baselines.py)"
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, result


@contextmanager
def bundled_font(drawing, monkeypatch):
    """The charts' font list without system fonts: the same glyphs on every machine."""
    real = drawing.use_cjk_font
    monkeypatch.setattr(drawing, "use_cjk_font", lambda prefer_system=True: real(False))
    with mpl.rc_context():
        yield


def rewrite_csv(path: Path, change: Callable[[int, dict[str, str]], None]) -> None:
    """Rewrite a data file with ``change(row_number, row)`` applied to every row."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for number, row in enumerate(rows):
        change(number, row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
