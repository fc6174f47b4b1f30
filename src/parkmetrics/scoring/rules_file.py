"""Reading a rules YAML file with the same care as a data file.

Before any setting is checked, the file must be readable (a file, not a folder; permission),
UTF-8 text (a GBK/GB18030 file saved by a Chinese editor is refused with its line and how to
save it), well-formed YAML, each setting and each key of a mapping written once (YAML itself
keeps the last silently), no ``.inf``/``.nan`` anywhere, and every setting's value of bounded
size: a value built of aliases (``&a [*b, *b, …]``, a "billion laughs") is measured on the
node graph, never expanded, so a message about it stays short and memory stays small.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from pathlib import Path
from typing import Any

import yaml

from parkmetrics.errors import Problem

# libyaml's loader when PyYAML was built with it: the same documents, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_VALUE_NODES = 10_000  # the largest shipped setting has a few hundred; aliases cannot hide more
SUMMARY_CHARACTERS = 80  # how much of a bad value a message shows
_FLOAT_TAG = "tag:yaml.org,2002:float"
_SAVE_AS = "save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)"
_NON_FINITE = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")


@functools.lru_cache(maxsize=16)
def _parsed(text: str) -> tuple[Any, Any]:
    """The YAML node tree (for line numbers) and the data of a rules text, parsed once per text:
    parsing is most of a small year's audit, and every assess/audit call loads the rules."""
    return yaml.compose(text, Loader=_LOADER), yaml.load(text, Loader=_LOADER)


def parse(text: str) -> tuple[Any, Any]:
    """``_parsed`` with a private copy of the data, so no caller can change the cached one."""
    node, data = _parsed(text)
    return node, copy.deepcopy(data)  # deepcopy keeps shared (aliased) objects shared


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """The text of a rules file, or the one problem saying why it cannot be used."""
    from parkmetrics.data.tables import read_bytes  # the data files' reader: the same messages

    data, problems = read_bytes(Path(path), name)
    if data is None:
        return None, problems
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, None, None, None, f"UTF-8 text, found UTF-16: {_SAVE_AS}")]
    if b"\x00" in data:
        where = data.index(b"\x00")
        expected = f"YAML text, found binary data (a NUL byte at offset {where})"
        return None, [Problem(name, None, None, None, expected)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            found = "found GBK/GB18030 text"
        except UnicodeDecodeError:
            found = f"found an undecodable byte at offset {error.start}"
        return None, [Problem(name, line, None, None, f"UTF-8 text, {found}: {_SAVE_AS}")]


def read_rules_file(
    path: Path, name: str
) -> tuple[dict[str, Any], dict[str, int | None], list[Problem]]:
    """Read a rules file: its settings, the line of each key, and the problems of its form.

    A setting with a problem of form (not a mapping with value, reason, source; a duplicate
    key inside it; a non-finite number; an oversized value) is left out of the settings, so
    nothing later builds a message or a value from it.
    """
    text, problems = read_text(path, name)
    if text is None:
        return {}, {}, problems
    try:
        node, data = parse(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return {}, {}, [Problem(name, line, None, None, f"well-formed YAML ({_short(error)})")]
    except RecursionError:
        return {}, {}, [Problem(name, None, None, None, "YAML nested less deeply")]
    except ValueError as error:  # an integer of more digits than Python converts (4300)
        return {}, {}, [Problem(name, None, None, None, f"numbers of usual size ({_short(error)})")]
    if data is None:
        return {}, {}, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return {}, {}, [Problem(name, 1, None, None, "a mapping of setting names")]
    lines: dict[str, int | None] = {}
    settings: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key, line = key_node.value, key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key not in data:
            problems.append(Problem(name, line, None, summary(key), "a setting name (text)"))
            continue
        if key in lines:
            expected = f"each setting once (also at line {lines[key]})"
            problems.append(Problem(name, line, key, None, expected))
            continue
        lines[key] = line
        found = _value_problems(value_node, name, key, line)
        if found:
            problems += found
            continue
        setting = data[key]
        if not isinstance(setting, dict) or "value" not in setting:
            problems.append(Problem(name, line, key, None, "a mapping with value, reason, source"))
            continue
        missing = [k for k in ("reason", "source") if not str(setting.get(k) or "").strip()]
        if missing:
            problems.append(
                Problem(name, line, key, None, f"a {' and a '.join(missing)} for the value")
            )
        settings[key] = setting
    # a duplicated setting counts as absent: which of the two was meant is not ours to guess
    for problem in problems:
        if problem.column in settings and "each setting once" in problem.expected:
            settings.pop(problem.column)
    return settings, lines, problems


def _value_problems(root: Any, name: str, key: str, line: int) -> list[Problem]:
    """Problems inside one setting's node graph: its expanded size, duplicate keys of its
    mappings, non-finite numbers. Each node is visited once (aliases share nodes), so a value
    that would expand to billions of items costs as little as its text."""
    problems: list[Problem] = []
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        ident = id(node)
        if children_done:
            on_path.discard(ident)
            children = _children(node)
            sizes[ident] = 1 + sum(sizes.get(id(c), 0) for c in children)
            continue
        if ident in sizes:
            continue
        if ident in on_path:  # an alias to a node that contains it
            return [Problem(name, line, key, None, "a value that does not contain itself")]
        on_path.add(ident)
        problems += _node_problems(node, name, key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    size = sizes[id(root)]
    if size > MAX_VALUE_NODES:
        expected = f"a value of at most {MAX_VALUE_NODES} items (found {size}, aliases expanded)"
        return [Problem(name, line, key, None, expected)]
    return problems


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _node_problems(node: Any, name: str, key: str) -> list[Problem]:
    """A duplicate key in a mapping node; a non-finite number in a scalar node."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        problems = []
        for child, _value in node.value:
            if isinstance(child, yaml.ScalarNode):
                if child.value in seen:
                    where = child.start_mark.line + 1
                    expected = f"each key once in a mapping (key {summary(child.value)})"
                    problems.append(Problem(name, where, key, None, expected))
                seen.add(child.value)
        return problems
    is_float = isinstance(node, yaml.ScalarNode) and node.tag == _FLOAT_TAG
    if is_float and (_NON_FINITE.match(node.value) or not _finite(node.value)):
        return [Problem(name, line, key, node.value[:SUMMARY_CHARACTERS], "a finite number")]
    return []


def _finite(text: str) -> bool:
    try:
        return math.isfinite(float(text.replace("_", "")))
    except ValueError:  # sexagesimal 1:30.5 and other YAML 1.1 forms: finite by construction
        return True


def summary(value: object, limit: int = SUMMARY_CHARACTERS) -> str:
    """A short, bounded description of any value: never builds the repr of a huge value.

    Containers are walked only as far as ``limit`` characters need, so an aliased value that
    would expand to billions of items is summarised at the cost of its first few.
    """
    parts: list[str] = []
    budget = [limit]

    def emit(text: str) -> bool:
        parts.append(text[: budget[0]])
        budget[0] -= len(text)
        return budget[0] > 0

    def walk(item: object, depth: int) -> bool:
        if depth > 20:
            return emit("…")
        if isinstance(item, dict):
            if not emit("{"):
                return False
            for index, (k, v) in enumerate(item.items()):
                if (index and not emit(", ")) or not walk(k, depth + 1) or not emit(": "):
                    return False
                if not walk(v, depth + 1):
                    return False
            return emit("}")
        if isinstance(item, list | tuple):
            if not emit("["):
                return False
            for index, v in enumerate(item):
                if (index and not emit(", ")) or not walk(v, depth + 1):
                    return False
            return emit("]")
        if isinstance(item, str):
            return emit(repr(item[:limit]))
        try:
            return emit(repr(item))
        except ValueError:  # an int too long to print
            return emit("<a very long number>")

    if not walk(value, 0):
        return "".join(parts)[:limit] + "…"
    return "".join(parts)


def _short(error: BaseException) -> str:
    """A YAML error's message on one line, bounded (it may quote the offending text)."""
    text = " ".join(str(error).split())
    return text if len(text) <= 4 * SUMMARY_CHARACTERS else text[: 4 * SUMMARY_CHARACTERS] + "…"
