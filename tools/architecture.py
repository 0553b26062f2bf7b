"""The package's layers, its import graph, and the diagrams of docs/architecture.md.

    python tools/architecture.py            # print the layer diagram and the import check
    python tools/architecture.py --write    # rewrite the generated blocks of docs/architecture.md

A *unit* is a subpackage of ``eventcoder`` (``geo``, ``stages``...) or a top-level module
(``model``, ``pipeline``...). Units sit in layers, lowest first. A module may import:
- any module of a lower layer;
- modules of its own unit (without forming a cycle);
and nothing else: never a higher layer, never a peer unit of its own layer. Every import
counts, at the top of a module, inside ``if TYPE_CHECKING:`` or inside a function; the one
exception is the package's facade, ``eventcoder/__init__.py``, which re-exports the public
API lazily so that ``import eventcoder`` stays cheap. ``tests/test_architecture.py``
checks all of this and that the generated blocks of docs/architecture.md are current.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "eventcoder"
DOC = ROOT / "docs" / "architecture.md"
FACADE = "eventcoder"

# (layer name, units in it, what the layer is for), lowest first.
LAYERS: list[tuple[str, list[str], str]] = [
    ("foundation", ["version", "errors", "facts"],
     "the version, the exception tree, one home for each domain fact"),
    ("records", ["settings", "model"],
     "Settings; the frozen records (Article, Event, Actor, Place, ...)"),
    ("vocabulary", ["document", "lexicon", "inputs"],
     "the work document stages share; the event lexicon; readers of input files"),
    ("stages", ["nlp", "geo", "actors", "stages"],
     "spaCy annotation; places; actors; the per-mention stages"),
    ("pipeline", ["pipeline"],
     "Resources, Pipeline, process_article: the stages wired in order"),
    ("uses", ["store", "eval"],
     "the DuckDB store, merge and exports; scoring against gold sets"),
    ("services", ["batch", "serve"],
     "process pool and Spark job; the HTTP API and web map"),
    ("interface", ["cli"],
     "the command line"),
]


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted
    target: str  # imported module, dotted
    names: tuple[str, ...]
    line: int
    local: bool  # inside a function or method


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FACADE


def layer_of(unit: str) -> int:
    for n, (_name, units, _what) in enumerate(LAYERS):
        if unit in units:
            return n
    raise KeyError(unit)


def _modules() -> set[str]:
    return {module_name(p) for p in PACKAGE.rglob("*.py")}


def imports() -> list[Import]:
    """Every import of an ``eventcoder`` module by an ``eventcoder`` module."""
    known = _modules()
    out: list[Import] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local_nodes: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                local_nodes.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            local = id(node) in local_nodes
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] != "eventcoder":
                    continue
                names = tuple(a.name for a in node.names)
                # "from eventcoder.geo import names" imports the module eventcoder.geo.names
                sub = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in known]
                for target in sub or [node.module]:
                    out.append(Import(source, target, names, node.lineno, local))
            elif isinstance(node, ast.ImportFrom) and node.level > 0:
                out.append(Import(source, "<relative>", (), node.lineno, local))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "eventcoder":
                        out.append(Import(source, alias.name, (), node.lineno, local))
    return out


def problems() -> list[str]:
    """Every import that breaks the rules above, one line each."""
    found: list[str] = []
    units = {unit_of(m) for m in _modules()}
    for unit in sorted(units - {FACADE}):
        try:
            layer_of(unit)
        except KeyError:
            found.append(f"{unit}: not in any layer (add it to LAYERS in tools/architecture.py)")
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in imports():
        where = f"{imp.source}:{imp.line}"
        if imp.target == "<relative>":
            found.append(f"{where}: relative import (write eventcoder.... in full)")
            continue
        if imp.source == FACADE:
            continue
        private = [n for n in imp.names if n.startswith("_") and n != "__version__"]
        if private:
            found.append(f"{where}: imports private name(s) {', '.join(private)} of {imp.target}")
        if imp.local:
            found.append(f"{where}: imports {imp.target} inside a function (import at the top)")
        su, tu = unit_of(imp.source), unit_of(imp.target)
        if tu == FACADE:
            found.append(f"{where}: imports the package facade (import the defining module)")
            continue
        if su == tu:
            graph[imp.source].add(imp.target)
            continue
        try:
            sl, tl = layer_of(su), layer_of(tu)
        except KeyError:
            continue
        if tl > sl:
            found.append(f"{where}: {su} ({LAYERS[sl][0]}) imports {imp.target}, a higher layer")
        elif tl == sl:
            found.append(f"{where}: {su} imports {imp.target}, a peer in layer {LAYERS[sl][0]}")
    found.extend(f"import cycle: {' -> '.join(c)}" for c in cycles(graph))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected part of ``graph`` that has one."""
    seen: set[str] = set()
    out: list[list[str]] = []

    def walk(node: str, path: list[str], on_path: set[str]) -> list[str] | None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in on_path:
                return path[path.index(nxt):] + [nxt]
            if nxt not in seen:
                seen.add(nxt)
                found = walk(nxt, [*path, nxt], on_path | {nxt})
                if found:
                    return found
        return None

    for start in sorted(graph):
        if start not in seen:
            seen.add(start)
            cyc = walk(start, [start], {start})
            if cyc:
                out.append(cyc)
    return out


def layer_diagram() -> str:
    """The layers, top first, with the modules of each unit."""
    by_unit: dict[str, list[str]] = defaultdict(list)
    for m in sorted(_modules()):
        u = unit_of(m)
        leaf = m.split(".")[-1]
        if m.count(".") >= 2 or (m.count(".") == 1 and u == leaf and not (
                PACKAGE / u).is_dir()):
            by_unit[u].append(leaf if m.count(".") >= 2 else f"{leaf}.py")
    lines = ["```", "imports point down: a layer uses only the layers below it", ""]
    for n in range(len(LAYERS) - 1, -1, -1):
        name, units, what = LAYERS[n]
        lines.append(f"{n}  {name}: {what}")
        for u in units:
            mods = by_unit.get(u, [])
            if (PACKAGE / u).is_dir():
                lines.append(f"     {u}/  " + ", ".join(mods))
            else:
                lines.append(f"     {u}.py")
        if n:
            lines.append("     |")
    lines.append("```")
    return "\n".join(lines)


def stage_table() -> str:
    """The pipeline's steps in order (``pipeline.STEPS``) with the fields each declares it
    reads and fills (``document.StageSpec``)."""
    from eventcoder.pipeline import STEPS  # (the package itself, only for this table)

    def names(fields: frozenset[str]) -> str:
        return ", ".join(f"`{f}`" for f in sorted(fields)) or "-"

    lines = ["| step | module | reads | fills |", "|---|---|---|---|"]
    for step in STEPS:
        spec = step.spec
        module = step.__module__.removeprefix(f"{FACADE}.")
        lines.append(f"| {spec.name} | `{module}` | {names(spec.reads)} | {names(spec.fills)} |")
    return "\n".join(lines)


def blocks() -> dict[str, str]:
    """Generated blocks of docs/architecture.md by marker name."""
    return {"layers": layer_diagram(), "stages": stage_table()}


def render_doc(text: str) -> str:
    for name, body in blocks().items():
        begin, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        i, j = text.index(begin) + len(begin), text.index(end)
        text = text[:i] + "\n" + body + "\n" + text[j:]
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite docs/architecture.md")
    args = ap.parse_args()
    if args.write:
        DOC.write_text(render_doc(DOC.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote {DOC}")
    else:
        print(layer_diagram())
    bad = problems()
    for line in bad:
        print(line, file=sys.stderr)
    print(f"{len(bad)} import problems", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
