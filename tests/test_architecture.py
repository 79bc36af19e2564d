"""The house as built: rooms (subpackages) import only the rooms below them, no module imports one
that imports it back (late imports included), streamlit only in web/, no module over 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "perfeval"
ROOMS = ("readers", "model", "audit", "report", "city", "store", "web", "cli")

# room → the rooms it may import (loose modules count as rooms of their own name). Arrows run
# down docs/architecture.md's picture; nothing may point back up.
ALLOWED: dict[str, set[str]] = {
    "schema": set(),
    "fmt": set(),
    "markdown": set(),
    "exports": set(),
    "unitinfo": {"schema"},
    "samples": {"schema"},
    "store": {"schema", "fmt", "exports"},
    "readers": {"schema", "fmt", "unitinfo", "model.scoring", "model.scorecard"},
    "model": {"schema", "fmt", "unitinfo"},
    "audit": {"schema", "fmt", "markdown", "exports", "model", "readers"},
    "findings": {"schema", "unitinfo", "model", "audit"},
    "charts": {"schema", "fmt", "model"},
    "template": {"schema", "fmt", "exports", "samples", "unitinfo"},
    "report": {"schema", "fmt", "markdown", "model", "findings", "charts"},
    "checking": {"schema", "model", "findings", "store"},
    "city": {
        "schema",
        "fmt",
        "exports",
        "markdown",
        "unitinfo",
        "model",
        "findings",
        "charts",
        "report",
        "store",
        "template",
    },
    "pipeline": {
        "schema",
        "fmt",
        "markdown",
        "model",
        "findings",
        "checking",
        "readers",
        "store",
        "template",
        "samples",
        "report",
    },
}
ANYTHING_BUT = {"web": "cli", "cli": "web"}  # the two front doors never import each other


def modules() -> dict[str, Path]:
    return {
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in PACKAGE.rglob("*.py")
    }


def imports_of(path: Path) -> set[str]:
    """Every perfeval module this file imports, at the top or inside a function."""
    out: set[str] = set()
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("perfeval")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("perfeval"):
                continue
            for a in node.names:  # `from perfeval.report import word` imports a module
                sub = f"{node.module}.{a.name}"
                out.add(sub if sub in known else node.module)
    return out


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "perfeval"


def graph() -> dict[str, set[str]]:
    return {m: imports_of(p) - {m} for m, p in modules().items()}


def test_rooms_import_only_the_rooms_below_them():
    wrong = []
    for module, deps in graph().items():
        here = room(module)
        if here in ("perfeval", "__main__"):
            continue
        for dep in deps:
            there = room(dep)
            if there == here or there == "perfeval":
                continue
            sub = ".".join(dep.split(".")[1:3])
            if here in ANYTHING_BUT:
                ok = there != ANYTHING_BUT[here]
            else:
                allowed = ALLOWED.get(here)
                assert allowed is not None, f"{module}: room {here} has no rule in ALLOWED"
                ok = there in allowed or sub in allowed
            if not ok:
                wrong.append(f"{module} → {dep}")
    assert not wrong, "imports against the house's direction:\n" + "\n".join(sorted(wrong))


def _cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in g:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_one_that_imports_it_back():
    assert _cycles(graph()) == []


def test_cycle_finder_sees_a_planted_cycle():
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(g) == [["a", "b", "c"]]


def test_streamlit_only_in_web():
    for module, path in modules().items():
        if room(module) == "web":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not any(n and n.split(".")[0] == "streamlit" for n in names), module


def test_every_room_says_what_it_holds_and_may_import():
    for name in ROOMS:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text("utf-8")))
        assert doc and "import" in doc, f"perfeval/{name}/__init__.py"


def test_sizes():
    loose = [p for p in PACKAGE.glob("*.py")]
    assert len(loose) <= 15, sorted(p.name for p in loose)
    big = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert big == {}
