"""The run manifest of a yearly report: what went in (hashed), what came out, and how it ended.

A report folder is *complete* iff it sits at ``reports/<year>/`` and its ``manifest.json`` says
``"status": "ok"``. The manifest is written last, so a folder without it is never mistaken for a
finished report. The ``inputs`` hashes decide whether a year must be rerun (see ``is_current``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import parkmetrics
from parkmetrics.data.folder import file_sha256
from parkmetrics.data.sources import SOURCE_FOLDER, TEXT_SUFFIXES
from parkmetrics.data.tables import decode_text

MANIFEST_NAME = "manifest.json"
STATUS_OK = "ok"
STATUS_FAILED = "failed"

# Distributions whose versions shape the outputs (bytes of charts, HTML, Word); recorded for the
# audit trail, not part of the skip key (see ``input_hashes``).
RECORDED_PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jupytext",
    "pandera",
    "python-docx",
)

_PACKAGE_DIR = Path(parkmetrics.__file__).resolve().parent


def _tree_hashes(root: Path, base: Path, patterns: Iterable[str] = ("*",)) -> dict[str, str]:
    """Hashes of the files under ``root`` keyed by their POSIX path relative to ``base``."""
    if not root.is_dir():
        return {}
    files = {p for pattern in patterns for p in root.rglob(pattern) if p.is_file()}
    hidden = [p for p in files if any(part.startswith(".") for part in p.relative_to(root).parts)]
    return {
        p.relative_to(base).as_posix(): file_sha256(p)
        for p in sorted(files.difference(hidden))
        if "__pycache__" not in p.parts
    }


def input_hashes(
    year: int,
    data_dir: Path,
    notebook: Path,
    rules_path: Path | None = None,
    series: str | None = None,
) -> dict[str, Any]:
    """Everything a year's report depends on, hashed: the skip key of ``parkmetrics run``.

    The year's data files and source documents, the shared vocabulary, the notebook, the rules
    file (or the packaged defaults), and the package itself (version and code, so a fixed bug in
    the library also reruns the reports). Other years' files are deliberately not included: a
    change to 2023 must not rerun 2022, nor another series' vocabulary additions this one.
    """
    data_dir = Path(data_dir)
    years = data_dir / series if series is not None else data_dir
    vocabulary = _tree_hashes(data_dir / "vocabulary", data_dir)
    if series is not None:
        vocabulary |= _tree_hashes(years / "vocabulary", data_dir)
    return {
        "data": _tree_hashes(years / str(year), data_dir),
        "vocabulary": vocabulary,
        "notebook": {Path(notebook).name: file_sha256(Path(notebook))},
        "rules": {Path(rules_path).name: file_sha256(Path(rules_path))} if rules_path else {},
        "package_config": _tree_hashes(_PACKAGE_DIR / "config", _PACKAGE_DIR),
        "package_code": _code_hash(),
        "package_version": parkmetrics.__version__,
    }


def input_encodings(year: int, data_dir: Path, series: str | None = None) -> dict[str, str]:
    """The encoding each data file and source text is read in (``utf-8`` or ``gb18030``, as
    Excel on Chinese Windows saves), keyed like ``YearData.encodings``: for the audit trail of
    a report made from a file someone saved in GBK. Unreadable files are left out (the load in
    the kernel names them)."""
    data_dir = Path(data_dir)
    years = data_dir / series if series is not None else data_dir
    folders = [data_dir / "vocabulary", years / str(year)]
    if series is not None:
        folders.insert(1, years / "vocabulary")
    paths = [p for folder in folders for p in sorted(folder.glob("*.csv"))]
    source = years / str(year) / SOURCE_FOLDER
    paths += [p for p in sorted(source.glob("*")) if p.suffix.lower() in TEXT_SUFFIXES]
    found: dict[str, str] = {}
    for path in paths:
        name = path.relative_to(data_dir).as_posix()
        try:
            text, encoding, _ = decode_text(path.read_bytes(), name)
        except OSError:
            continue
        if text is not None:
            found[name] = encoding
    return found


def _code_hash() -> str:
    """One hash over the package's Python sources (order-independent of the file system)."""
    digest = hashlib.sha256()
    for name, value in _tree_hashes(_PACKAGE_DIR, _PACKAGE_DIR, ("*.py",)).items():
        digest.update(f"{name}\0{value}\n".encode())
    return digest.hexdigest()


def fingerprint(hashes: Mapping[str, Any]) -> str:
    """A single hash of ``input_hashes``, stable across runs and machines."""
    text = json.dumps(hashes, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def package_versions() -> dict[str, str]:
    """Installed versions of the distributions that shape the outputs (``None`` if absent)."""
    versions: dict[str, str] = {"parkmetrics": parkmetrics.__version__}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def utc_now() -> str:
    """Current time as ISO 8601 UTC with seconds (manifests hold times; reports do not)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> Path:
    """Write ``manifest.json`` atomically (temp file + rename), so it is whole or absent."""
    path = Path(folder) / MANIFEST_NAME
    tmp = path.with_name(f".{MANIFEST_NAME}.tmp")
    tmp.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)
    return path


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a report folder, or None when it is missing or unreadable."""
    try:
        return json.loads((Path(folder) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_complete(folder: Path) -> bool:
    """True when ``folder`` holds a finished report (its manifest says status ok)."""
    manifest = read_manifest(folder)
    return manifest is not None and manifest.get("status") == STATUS_OK


def is_current(folder: Path, hashes: Mapping[str, Any]) -> bool:
    """True when ``folder`` is a complete report made from exactly these inputs (and not since
    given a briefing built with other rules, ``parkmetrics briefing --rules``)."""
    manifest = read_manifest(folder)
    return (
        manifest is not None
        and manifest.get("status") == STATUS_OK
        and manifest.get("fingerprint") == fingerprint(hashes)
        and _briefing_matches(manifest)
    )


def _briefing_matches(manifest: Mapping[str, Any]) -> bool:
    """A rebuilt briefing (``"briefing"`` key) used the same rules file as the report."""
    built = manifest.get("briefing")
    if not isinstance(built, Mapping):
        return True
    report_rules = manifest.get("inputs", {}).get("rules", {})
    return sorted(built.get("rules", {}).values()) == sorted(report_rules.values())
