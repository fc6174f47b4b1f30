"""The import wing's commands: ``parkmetrics extract``, ``import`` and ``template``."""

from __future__ import annotations

from pathlib import Path

from parkmetrics.data.folder import resolve_data_dir
from parkmetrics.data.vocabulary import load_vocabulary
from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.extract import (
    FIGURE_COLUMNS,
    UNMAPPED_COLUMNS,
    extract_figures,
    figure_rows,
)
from parkmetrics.ingest.files import source_name, source_text, write_csv
from parkmetrics.ingest.open import open_document

EXIT_OK = 0
FIGURES, UNMAPPED = "figures.csv", "figures_unmapped.csv"


def extract_cli(
    file: Path, year: int, data_dir: Path | None, out: Path | None, force: bool = False
) -> int:
    """``parkmetrics extract``: the narrative's figures of ``file`` into ``out`` (default
    ``extracted-<year>/``): figures.csv (mapped) and figures_unmapped.csv (candidates)."""
    file = Path(file)
    doc = open_document(file)
    vocabulary = load_vocabulary(resolve_data_dir(data_dir))
    found = extract_figures(source_text(file, doc), doc.paragraphs, vocabulary)
    mapped, unmapped = figure_rows(found, source_name(file))
    out = Path(out) if out is not None else Path(f"extracted-{year}")
    targets = [out / FIGURES, out / UNMAPPED]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise IngestError(existing[0], "a new file: it exists (use --force to replace it)")
    out.mkdir(parents=True, exist_ok=True)
    write_csv(targets[0], FIGURE_COLUMNS, mapped)
    write_csv(targets[1], UNMAPPED_COLUMNS, unmapped)
    print(
        f"{file.name}: {len(found)} figures in the narrative: {len(mapped)} mapped to a "
        f"metric and park → {targets[0]}; {len(unmapped)} unmapped candidates → {targets[1]}"
    )
    return EXIT_OK
