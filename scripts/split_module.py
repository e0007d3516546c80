"""Split one Python module into a package of sub-domain modules.

Usage::

    python scripts/split_module.py src/greenmfg/platform/workflow/services.py \\
        scripts/split_maps/workflow_services.py [--check] [--root .]

The map file is a Python file that assigns a dict literal to ``MAPPING`` (read with
``ast.literal_eval``, never executed)::

    MAPPING = {
        "default": "applications",        # submodule for public names not listed
        "shared": "base",                 # submodule for private helpers used by several
        "docstrings": {"rounds": "Rounds and their calendar."},
        "modules": {"rounds": ["RoundDate", "round_date", ...], ...},
    }

``modules`` maps each submodule to the top-level names it receives (a name may also be
mapped alone as ``"names": {"round_date": "rounds"}``).  Unlisted names follow these rules:

* a private name (``_x``) used by exactly one submodule goes there; used by several, it
  goes to ``shared``; used by none, to ``default``;
* any other unlisted name goes to ``default``.

Every top-level statement is copied verbatim (decorators, comments above it,
docstrings), in source order.  Each submodule receives the original header imports
(``ruff check --fix --select F401,I`` then drops the unused ones) and imports of the
names it uses from its sibling submodules; a map whose submodules would import each
other in a cycle is refused.  ``__init__.py`` keeps the module docstring and re-exports
every public name plus each private name that any module under ``--scan`` imports
from the old path, so existing imports keep working.

The output is deterministic: the same source and map give the same files.  The script
refuses to run when the package already exists.  ``--check`` prints the plan (names per
submodule, line counts, sibling imports) without writing anything.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

RULER = re.compile(r"^# ?-{8,}.*$")


@dataclass
class Block:
    """One top-level statement with the comments and blank lines above it."""

    names: list[str]
    text: str
    node: ast.stmt
    uses: set[str] = field(default_factory=set)
    target: str = ""


def load_mapping(path: Path) -> dict[str, object]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "MAPPING"
        ):
            value = ast.literal_eval(node.value)
            if not isinstance(value, dict):
                raise SystemExit(f"{path}: MAPPING must be a dict")
            return value
    raise SystemExit(f"{path}: no MAPPING = {{...}} assignment")


def module_name(path: Path, root: Path) -> str:
    rel = path.resolve().relative_to((root / "src").resolve()).with_suffix("")
    return ".".join(rel.parts)


def defined_names(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        out: list[str] = []
        for target in node.targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    out.append(sub.id)
        return out
    if isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    alias = getattr(ast, "TypeAlias", None)  # ``type X = ...``, Python 3.12+
    if alias is not None and isinstance(node, alias) and isinstance(node.name, ast.Name):
        return [node.name.id]
    return []


FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _local_names(func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names a function binds itself (arguments, assignments, local imports)."""
    args = func.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    local = {a.arg for a in every if a is not None}
    declared_global: set[str] = set()
    body = func.body if isinstance(func.body, list) else [func.body]
    for stmt in body:
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store | ast.Del):
                local.add(sub.id)
            elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                local.add(sub.name)
            elif isinstance(sub, ast.Import | ast.ImportFrom):
                local.update((a.asname or a.name).split(".")[0] for a in sub.names)
            elif isinstance(sub, ast.ExceptHandler) and sub.name:
                local.add(sub.name)
            elif isinstance(sub, ast.Global):
                declared_global.update(sub.names)
    return local - declared_global


def used_names(node: ast.AST) -> set[str]:
    """The module-level names a statement reads (locals of its functions excluded),
    including names inside quoted annotations."""
    out: set[str] = set()

    def visit(n: ast.AST, local: frozenset[str], annotation: bool = False) -> None:
        if isinstance(n, FUNCTIONS):
            # Decorators, defaults and annotations are read in the enclosing scope.
            outer: list[ast.AST] = [*getattr(n, "decorator_list", [])]
            args = n.args
            outer += [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
            for o in outer:
                visit(o, local)
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            notes = [a.annotation for a in every if a is not None and a.annotation]
            returns = getattr(n, "returns", None)
            if returns is not None:
                notes.append(returns)
            for o in notes:
                visit(o, local, annotation=True)
            inner = local | _local_names(n)
            for stmt in n.body if isinstance(n.body, list) else [n.body]:
                visit(stmt, inner)
            return
        if isinstance(n, ast.Name):
            if n.id not in local:
                out.add(n.id)
            return
        if isinstance(n, ast.AnnAssign):
            visit(n.annotation, local, annotation=True)
            for child in (n.target, n.value):
                if child is not None:
                    visit(child, local)
            return
        if annotation and isinstance(n, ast.Constant) and isinstance(n.value, str):
            # A quoted annotation such as "Application | None".
            try:
                expr = ast.parse(n.value, mode="eval")
            except SyntaxError:
                return
            if isinstance(expr.body, ast.Name | ast.BinOp | ast.Subscript | ast.Attribute):
                out.update(
                    x.id for x in ast.walk(expr) if isinstance(x, ast.Name) and x.id not in local
                )
            return
        for child in ast.iter_child_nodes(n):
            visit(child, local, annotation)

    visit(node, frozenset())
    return out


def is_header(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return True
    # ``if TYPE_CHECKING:`` import blocks belong to the header too.
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
        and all(isinstance(b, ast.Import | ast.ImportFrom) for b in node.body)
    )


def split_source(source: str) -> tuple[str | None, list[str], list[Block], list[str]]:
    """The module docstring, header imports, top-level blocks and the names in ``__all__``."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    body = list(tree.body)
    docstring = None
    prev_end = 0
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        docstring = "".join(lines[: body[0].end_lineno])
        prev_end = body[0].end_lineno or 0
        body = body[1:]
    header: list[str] = []
    blocks: list[Block] = []
    public: list[str] = []
    for node in body:
        start = node.lineno
        if getattr(node, "decorator_list", None):
            start = min(d.lineno for d in node.decorator_list)  # type: ignore[attr-defined]
        end = node.end_lineno or start
        text = "".join(lines[start - 1 : end])
        if is_header(node):
            header.append(text)
            prev_end = end
            continue
        if defined_names(node) == ["__all__"] and isinstance(node, ast.Assign):
            # The package's ``__init__`` gets its own ``__all__``, a superset of this one.
            public.extend(ast.literal_eval(node.value))
            prev_end = end
            continue
        above = [ln for ln in lines[prev_end : start - 1] if not RULER.match(ln.rstrip())]
        comments = "".join(above).strip("\n")
        chunk = (comments + "\n" if comments else "") + text
        names = defined_names(node)
        if (
            not names
            and blocks
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            # An attribute docstring belongs to the assignment above it.
            between = "".join(lines[prev_end : start - 1])
            blocks[-1].text += between + text.rstrip("\n") + "\n"
            prev_end = end
            continue
        if not names:
            raise SystemExit(
                f"line {node.lineno}: top-level statement defines no name; "
                "move it into a function or split by hand"
            )
        blocks.append(Block(names=names, text=chunk.rstrip("\n") + "\n", node=node))
        prev_end = end
    # Comments after the last statement stay with it.
    if blocks and prev_end < len(lines):
        tail = "".join(lines[prev_end:]).strip("\n")
        if tail.strip():
            blocks[-1].text += tail + "\n"
    return docstring, header, blocks, public


def assign(blocks: list[Block], mapping: dict[str, object]) -> None:
    default = str(mapping["default"])
    shared = str(mapping.get("shared", "base"))
    explicit: dict[str, str] = {}
    modules = mapping.get("modules", {})
    assert isinstance(modules, dict)
    for sub, names in sorted(modules.items()):
        for name in names:
            if name in explicit:
                raise SystemExit(f"map: {name} is listed in {explicit[name]} and {sub}")
            explicit[name] = sub
    single = mapping.get("names", {})
    assert isinstance(single, dict)
    explicit.update({str(k): str(v) for k, v in single.items()})
    known = {n for b in blocks for n in b.names}
    unknown = sorted(set(explicit) - known)
    if unknown:
        # The module moved on since the map was written: say so, then split anyway.
        print(f"warning: the map names no top-level definition: {', '.join(unknown)}")
    for b in blocks:
        b.uses = used_names(b.node) - set(b.names)
        mapped = {explicit[n] for n in b.names if n in explicit}
        if len(mapped) > 1:
            raise SystemExit(f"{b.names} are defined together but mapped to {sorted(mapped)}")
        if mapped:
            b.target = mapped.pop()
        elif not any(n.startswith("_") for n in b.names):
            b.target = default
    # Private unlisted helpers follow their users until nothing changes.
    floating = [b for b in blocks if not b.target]
    for _ in range(100):
        changed = False
        for b in floating:
            users = {
                o.target
                for o in blocks
                if o is not b and o.target and any(n in o.uses for n in b.names)
            }
            users.discard("")
            new = users.pop() if len(users) == 1 else (shared if users else "")
            if new != b.target:
                b.target, changed = new, True
        if not changed:
            break
    else:
        raise SystemExit("private helpers did not settle; map them explicitly")
    for b in floating:
        if not b.target:
            b.target = default


def sibling_imports(blocks: list[Block]) -> dict[str, dict[str, set[str]]]:
    """For each submodule: sibling submodule → names it imports from there."""
    where = {n: b.target for b in blocks for n in b.names}
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for b in blocks:
        for name in b.uses:
            src = where.get(name)
            if src and src != b.target:
                out[b.target][src].add(name)
    return out


def find_cycle(graph: dict[str, dict[str, set[str]]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def imported_from(module: str, scan: list[Path], skip: Path) -> tuple[set[str], set[str]]:
    """Names scanned files import from ``module``, and names they may read as attributes."""
    parent, _, leaf = module.rpartition(".")
    out: set[str] = set()
    attrs: set[str] = set()
    for base in scan:
        for path in sorted(base.rglob("*.py")):
            if path.resolve() == skip.resolve():
                continue
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except SyntaxError:
                continue
            aliases: set[str] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    if node.module == module:
                        out.update(a.name for a in node.names if a.name != "*")
                    elif node.module == parent:
                        aliases.update(a.asname or a.name for a in node.names if a.name == leaf)
                elif isinstance(node, ast.Import):
                    for a in node.names:
                        if a.name == module and a.asname:
                            aliases.add(a.asname)
            dotted = module + "."
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in aliases
                ):
                    # The alias may name another module elsewhere in the file: keep
                    # only attributes the module binds (checked by the caller).
                    attrs.add(node.attr)
                elif (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and node.value.startswith(dotted)
                ):
                    # mock.patch("pkg.mod.name") and import_module strings.
                    out.add(node.value[len(dotted) :].split(".")[0])
    return out, attrs


def point_private_imports(dotted: str, where: dict[str, str], scan: list[Path]) -> list[str]:
    """Rewrite ``from <dotted> import _a, _b`` to import from the submodule that now
    defines the private names (when one does), so that no module reaches a private helper
    through the package.  Returns the files changed."""
    changed = []
    for base in scan:
        for path in sorted(base.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if f"from {dotted} import" not in text:
                continue
            lines = text.splitlines(keepends=True)
            edits = False
            for node in ast.walk(ast.parse(text)):
                if not (isinstance(node, ast.ImportFrom) and node.module == dotted):
                    continue
                names = [a.name for a in node.names]
                homes = {where.get(n) for n in names}
                if not all(n.startswith("_") for n in names) or len(homes) != 1 or None in homes:
                    continue
                first = node.lineno - 1
                old = f"from {dotted} import"
                if old in lines[first]:
                    lines[first] = lines[first].replace(old, f"from {dotted}.{homes.pop()} import")
                    edits = True
            if edits:
                path.write_text("".join(lines), encoding="utf-8")
                changed.append(str(path))
    return changed


def header_binding(header: list[str]) -> dict[str, str]:
    """Name bound by a header import → the import statement that binds it alone."""
    out: dict[str, str] = {}
    for text in header:
        node = ast.parse(text).body[0]
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for a in node.names:
                bound = a.asname or a.name
                alias = f" as {a.asname}" if a.asname else ""
                out[bound] = f"from {node.module} import {a.name}{alias}"
    return out


def render_import(module: str, names: set[str]) -> str:
    joined = ", ".join(sorted(names))
    line = f"from {module} import {joined}\n"
    if len(line) <= 100:
        return line
    inner = "".join(f"    {n},\n" for n in sorted(names))
    return f"from {module} import (\n{inner})\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path)
    parser.add_argument("mapping", type=Path)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--scan", type=Path, action="append", help="default: src and tests")
    parser.add_argument("--check", action="store_true", help="print the plan, write nothing")
    parser.add_argument("--ruff", default=".venv/bin/ruff")
    parser.add_argument("--max-lines", type=int, default=600)
    args = parser.parse_args(argv)

    root: Path = args.root
    path: Path = args.module
    package_dir = path.with_suffix("")
    if package_dir.exists():
        print(f"{package_dir} exists already: nothing to do", file=sys.stderr)
        return 1
    mapping = load_mapping(args.mapping)
    dotted = module_name(path, root)
    source = path.read_text(encoding="utf-8")
    docstring, header, blocks, public = split_source(source)
    assign(blocks, mapping)
    imports = sibling_imports(blocks)
    cycle = find_cycle(imports)
    if cycle:
        steps = " → ".join(cycle)
        detail = "; ".join(
            f"{a} uses {', '.join(sorted(imports[a][b]))} from {b}"
            for a, b in itertools.pairwise(cycle)
        )
        print(f"refused: submodules import each other in a cycle: {steps} ({detail})")
        return 2

    scan = args.scan or [root / "src", root / "tests"]
    outside, attrs = imported_from(dotted, scan, path)
    where = {n: b.target for b in blocks for n in b.names}
    bindings = header_binding(header)
    outside |= {n for n in attrs if n in where or n in bindings} | set(public)
    exported = sorted(
        {n for n in where if not n.startswith("_")} | {n for n in outside if n in where}
    )
    missing = sorted(n for n in outside if n not in where and n not in bindings)
    if missing:
        print(f"refused: other modules import names the module does not bind: {missing}")
        return 2
    via_header = sorted(n for n in outside if n not in where)
    targets = sorted({b.target for b in blocks})
    clash = sorted(set(targets) & (set(exported) | set(via_header)))
    if clash:
        # ``pkg.name`` would be the function in one place and the submodule in another.
        print(f"refused: submodules named like names the package exports: {clash}")
        return 2

    texts: dict[str, str] = {}
    docs = mapping.get("docstrings", {})
    assert isinstance(docs, dict)
    for sub in targets:
        doc = docs.get(sub) or f"{sub.replace('_', ' ').capitalize()} of {dotted}."
        parts = [f'"""{doc}"""\n\n']
        parts.extend(header)
        for sibling, names in sorted(imports.get(sub, {}).items()):
            parts.append(render_import(f"{dotted}.{sibling}", names))
        body = "\n\n".join(b.text for b in blocks if b.target == sub)
        parts.append("\n\n" + body)
        texts[sub] = "".join(parts)

    init = [docstring.rstrip("\n") + "\n\n" if docstring else ""]
    init.append("from __future__ import annotations\n\n")
    for sub in targets:
        names = {n for n in exported if where[n] == sub}
        if names:
            init.append(render_import(f"{dotted}.{sub}", names))
    for name in via_header:
        init.append(bindings[name] + "\n")
    all_names = sorted(exported + via_header)
    init.append("\n__all__ = [\n" + "".join(f'    "{n}",\n' for n in all_names) + "]\n")

    for sub in targets:
        count = texts[sub].count("\n")
        names = [n for b in blocks if b.target == sub for n in b.names]
        uses = {s: sorted(v) for s, v in sorted(imports.get(sub, {}).items())}
        print(f"{sub}: ~{count} lines before ruff, {len(names)} names; imports {uses}")
        if args.check:
            print("    " + ", ".join(names))
    if args.check:
        print(f"__init__ re-exports {len(all_names)} names")
        return 0

    package_dir.mkdir()
    files = []
    for sub in targets:
        target = package_dir / f"{sub}.py"
        target.write_text(texts[sub], encoding="utf-8")
        files.append(str(target))
    (package_dir / "__init__.py").write_text("".join(init), encoding="utf-8")
    path.unlink()
    files.append(str(package_dir / "__init__.py"))
    pointed = point_private_imports(dotted, where, scan)
    for changed in pointed:
        print(f"{changed}: now imports its private helpers from their submodule")
    ruff = args.ruff
    # The tool and the files are the maintainer's own arguments.
    fix = [ruff, "check", "-q", "--fix", "--select", "F401,I,RUF022", *files]
    subprocess.run(fix, check=False)  # noqa: S603
    if pointed:
        sort = [ruff, "check", "-q", "--fix", "--select", "I", *pointed]
        subprocess.run(sort, check=False)  # noqa: S603
    subprocess.run([ruff, "format", "-q", *files, *pointed], check=False)  # noqa: S603
    over = []
    for f in files:
        n = Path(f).read_text(encoding="utf-8").count("\n")
        print(f"{f}: {n} lines")
        if n > args.max_lines:
            over.append(f)
    if over:
        print(f"over {args.max_lines} lines: {over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
