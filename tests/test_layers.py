"""The package's layers: each module imports only its own layer and the layers below it.

The order is written once, here (docs/architecture.md shows it); a module importing upward,
an import circle between modules, or a notebook importing past the public API fails.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parkmetrics"

# Lowest first. Layers on one rank are siblings: neither may import the other.
LAYERS: list[tuple[str, ...]] = [
    ("errors",),
    ("figures",),
    ("data",),
    ("scoring", "ingest"),
    ("review",),
    ("report",),
    ("run",),
    ("cli",),
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
# The package root is the public facade: it re-exports lazily and only its ``__version__`` may
# be imported by modules below it.
ROOT_NAMES_ALLOWED = {"__version__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "parkmetrics" else None


def imports_of(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names) for every parkmetrics import, including lazy ones."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path) if PACKAGE in path.parents else ""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name, []) for a in node.names if a.name.startswith("parkmetrics")
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing package
                base = own.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("parkmetrics"):
                names = [a.name for a in node.names]
                if target == "parkmetrics":
                    # ``from parkmetrics import x``: x may be a submodule
                    for name in names:
                        found.append((node.lineno, f"parkmetrics.{name}", [name]))
                else:
                    found.append((node.lineno, target, names))
    return found


def source_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer():
    layers = {layer_of(module_name(p)) for p in source_modules()} - {None}
    assert layers <= set(RANK), f"modules outside the declared layers: {layers - set(RANK)}"


@pytest.mark.parametrize("path", source_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_upward(path):
    own = module_name(path)
    own_layer = layer_of(own)
    if own_layer is None:  # the package root: the lazy public facade
        return
    bad = []
    for line, target, _ in imports_of(path):
        if target == "parkmetrics.__version__":
            continue
        target_layer = layer_of(target)
        if target_layer is None or target_layer == own_layer:
            continue
        if target_layer not in RANK:
            bad.append(f"line {line}: {target} is in no layer")
        elif RANK[target_layer] >= RANK[own_layer]:
            bad.append(f"line {line}: {own} ({own_layer}) imports {target} ({target_layer})")
    assert not bad, "\n".join(bad)


def test_no_import_circles():
    graph: dict[str, set[str]] = defaultdict(set)
    modules = {module_name(p): p for p in source_modules()}
    for name, path in modules.items():
        for _, target, names in imports_of(path):
            # ``from pkg import sub`` imports the module pkg.sub when there is one
            for candidate in [f"{target}.{n}" for n in names] or [target]:
                while candidate and candidate not in modules:
                    candidate = candidate.rpartition(".")[0]
                if candidate and candidate != name:
                    graph[name].add(candidate)
    # a package importing its own submodules is not a circle back into it
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(modules):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import circles:\n" + "\n".join(cycles)


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.py"))


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebooks_use_only_the_public_api(path):
    public = set(__import__("parkmetrics").__all__)
    bad = []
    for line, target, names in imports_of(path):
        if target == "parkmetrics":
            continue
        if target.startswith("parkmetrics.") and target.split(".", 1)[1] in public and not names:
            continue
        if names and target.rpartition(".")[0] == "parkmetrics" and names[0] in public:
            continue
        bad.append(f"line {line}: imports {target} {names or ''}".rstrip())
    assert not bad, "notebooks may import only `parkmetrics` and its public names:\n" + "\n".join(
        bad
    )
