"""The yearly run's library work in one plain Python process (no papermill, no kernel).

    python benchmarks/library_work.py --year 2022 --data data --out OUT

Executes the code cells of ``notebooks/yearly_assessment.py`` (a jupytext percent file is plain
Python) in this process, with ``display`` collecting what the notebook shows, then renders the
HTML from those outputs exactly as the runner does. So the work is the same as a cold yearly
run's — load, assess, audit, derive, every chart and table file, the briefing, the HTML — minus
papermill, the kernel and its messaging: the baseline for "≤ 1.3× the same library work".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from parkmetrics.run.lean import fewer_full_collections, skip_unused_imports

# the import and collector settings of the run's worker and kernel, so both sides work alike
skip_unused_imports()
fewer_full_collections()

import jupytext  # noqa: E402
import nbformat  # noqa: E402
from IPython import display as ipython_display  # noqa: E402
from IPython.core.formatters import DisplayFormatter  # noqa: E402

from parkmetrics.report import html  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "yearly_assessment.py"


def run(year: int, data: Path, out: Path) -> Path:
    """Run the notebook's cells here into ``out``; returns the HTML written."""
    out.mkdir(parents=True, exist_ok=True)
    notebook = jupytext.read(NOTEBOOK)
    formatter = DisplayFormatter()
    outputs: list = []

    def collect(*objects: object, **_options: object) -> None:
        for obj in objects:
            data_, metadata = formatter.format(obj)
            outputs.append(nbformat.v4.new_output("display_data", data_, metadata=metadata))

    ipython_display.display = collect  # the notebook's `from IPython.display import display`
    namespace: dict = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        # IPython magics (%matplotlib inline) are kernel settings, not library work
        source = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace |= {"year": year, "data_dir": str(data), "output_dir": str(out)}
        cell.outputs = outputs
    target = out / html.HTML_NAME
    html.write_html(notebook, target, f"{year} 年度绩效自评复核与分析")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(run(args.year, args.data, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
