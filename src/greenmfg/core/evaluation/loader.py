"""Loading standard files (YAML) into validated :class:`IndicatorSet` objects.

A file either defines a complete standard or ``extends`` another one and overrides
parts of it (an industry set 行业标准 changing baselines and weights, a province's
implementation rules 实施细则)::

    extends: GB/T 36132-2025
    metadata: {...}               # always complete
    override:
      categories: {CODE: {weight: {...}}}
      indicators: {CODE: {baseline: {...}, leading: {...}, metric: ...}}
    add_indicators: [...]
    remove_indicators: [CODE, ...]
    vetoes / basic_requirements / pass_rule: replace the base's when given

Any breach of the schema raises :class:`DataFileInvalidError` with the file, the line
(from the YAML node marks) and the field.

Standards come from the packaged directory ``core/data/standards`` plus any directory
listed in ``GREENMFG_STANDARDS_PATH`` (``os.pathsep``-separated) and files registered at
run time (uploads) through :meth:`StandardRegistry.add_text`.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import DataFileInvalidError, UnknownStandardError
from greenmfg.core.evaluation.schema import IndicatorSet

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data" / "standards"
PATH_ENV = "GREENMFG_STANDARDS_PATH"

PathKey = tuple[str | int, ...]
LineMap = dict[PathKey, tuple[str, int]]

_TOP_KEYS = {
    "metadata",
    "vetoes",
    "basic_requirements",
    "categories",
    "indicators",
    "pass_rule",
    "extends",
    "override",
    "add_indicators",
    "remove_indicators",
}


class RawStandard:
    """A parsed but unresolved standard file: data plus the line of every path."""

    def __init__(self, *, name: str, data: dict[str, Any], lines: LineMap) -> None:
        self.name = name
        self.data = data
        self.lines = lines

    @property
    def code(self) -> str:
        metadata = self.data.get("metadata")
        code = metadata.get("code") if isinstance(metadata, dict) else None
        if not isinstance(code, str) or not code.strip():
            raise self.error(("metadata", "code"), "every standard needs metadata.code (a string)")
        return code.strip()

    @property
    def extends(self) -> str | None:
        value = self.data.get("extends")
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(("extends",), "extends names the code of another standard")
        return value

    def line_of(self, path: PathKey) -> int:
        hit = _nearest(self.lines, path)
        return hit[1] if hit is not None else 1

    def error(self, path: PathKey, reason: str) -> DataFileInvalidError:
        return DataFileInvalidError(
            file=self.name, line=self.line_of(path), field=_dotted(path), reason=reason
        )


def _nearest(lines: LineMap, path: PathKey) -> tuple[str, int] | None:
    """The file and line of ``path``, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        hit = lines.get(path[:end])
        if hit is not None:
            return hit
    return None


def _dotted(path: Iterable[str | int]) -> str:
    parts = [str(p) if not isinstance(p, int) else f"[{p}]" for p in path]
    return ".".join(parts).replace(".[", "[") or "(root)"


def parse_yaml(text: str, *, name: str) -> RawStandard:
    """Parse YAML keeping the line of every mapping key and list element."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise DataFileInvalidError(
            file=name, line=line, field="(syntax)", reason=str(getattr(err, "problem", err))
        ) from err
    finally:
        loader.dispose()
    lines: LineMap = {}
    if node is None:
        raise DataFileInvalidError(file=name, line=1, field="(root)", reason="the file is empty")

    def build(n: yaml.Node, path: PathKey) -> Any:
        lines.setdefault(path, (name, n.start_mark.line + 1))
        if isinstance(n, yaml.MappingNode):
            explicit: set[str] = set()
            for key_node, _value in n.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                skey = str(key_node.value)
                if skey in explicit:
                    raise DataFileInvalidError(
                        file=name,
                        line=key_node.start_mark.line + 1,
                        field=_dotted((*path, skey)),
                        reason="key given twice",
                    )
                explicit.add(skey)
            loader.flatten_mapping(n)  # YAML merge keys (<<: *anchor); explicit keys win
            out: dict[str, Any] = {}
            for key_node, value_node in n.value:
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float) or isinstance(key, bool):
                    raise DataFileInvalidError(
                        file=name,
                        line=key_node.start_mark.line + 1,
                        field=_dotted(path),
                        reason="mapping keys must be text",
                    )
                skey = str(key)
                lines[(*path, skey)] = (name, key_node.start_mark.line + 1)
                out[skey] = build(value_node, (*path, skey))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(child, (*path, i)) for i, child in enumerate(n.value)]
        return loader.construct_object(n, deep=True)

    try:
        data = build(node, ())
    except yaml.YAMLError as err:
        raise DataFileInvalidError(file=name, line=1, field="(syntax)", reason=str(err)) from err
    if not isinstance(data, dict):
        raise DataFileInvalidError(
            file=name, line=1, field="(root)", reason="a standard file is a mapping"
        )
    # keys starting with "_" hold YAML anchors (shared provenance) and are not data
    data = {k: v for k, v in data.items() if not k.startswith("_")}
    raw = RawStandard(name=name, data=data, lines=lines)
    for key in data:
        if key not in _TOP_KEYS:
            raise raw.error(
                (key,), f"unknown top-level key; expected one of: {', '.join(sorted(_TOP_KEYS))}"
            )
    return raw


class _Resolved:
    """A merged standard's data with, for each path, the file and line it came from."""

    def __init__(self, data: dict[str, Any], lines: LineMap) -> None:
        self.data = data
        self.lines = lines


def _sub_lines(lines: LineMap, src: PathKey, dst: PathKey) -> LineMap:
    n = len(src)
    return {(*dst, *k[n:]): v for k, v in lines.items() if k[:n] == src}


def _merge(base: _Resolved, child: RawStandard) -> _Resolved:
    """Apply ``child``'s overrides to the resolved ``base``."""
    data = copy.deepcopy(base.data)
    lines: LineMap = {}
    # keep base lines for sections the child does not replace
    replaced = [
        k for k in ("metadata", "vetoes", "basic_requirements", "pass_rule") if k in child.data
    ]
    for key, value in base.lines.items():
        if key and key[0] in replaced:
            continue
        if key and key[0] in ("categories", "indicators"):
            continue  # re-indexed below
        lines[key] = value
    for section_key in replaced:
        data[section_key] = copy.deepcopy(child.data[section_key])
        lines.update(_sub_lines(child.lines, (section_key,), (section_key,)))

    override = child.data.get("override", {}) or {}
    if not isinstance(override, dict):
        raise child.error(("override",), "override is a mapping of categories/indicators")
    for section in override:
        if section not in ("categories", "indicators"):
            raise child.error(
                ("override", section), "only categories and indicators can be overridden"
            )

    def patched(section: str, id_key: str) -> tuple[list[Any], LineMap]:
        patches = override.get(section, {}) or {}
        if not isinstance(patches, dict):
            raise child.error(("override", section), "a mapping from code to changed fields")
        base_items: list[Any] = data.get(section, [])
        by_code = {
            item.get(id_key): i for i, item in enumerate(base_items) if isinstance(item, dict)
        }
        for code in patches:
            if code not in by_code:
                raise child.error(
                    ("override", section, code),
                    f"the base standard has no {section[:-1]} {code!r}",
                )
        out: list[Any] = []
        out_lines: LineMap = {}
        removed: list[Any] = []
        if section == "indicators":
            removed = child.data.get("remove_indicators", []) or []
            if not isinstance(removed, list):
                raise child.error(("remove_indicators",), "a list of indicator codes")
            for j, code in enumerate(removed):
                if code not in by_code:
                    raise child.error(
                        ("remove_indicators", j), f"the base has no indicator {code!r}"
                    )
        for i, item in enumerate(base_items):
            code = str(item.get(id_key)) if isinstance(item, dict) else ""
            if code in removed:
                continue
            k = len(out)
            out_lines.update(_sub_lines(base.lines, (section, i), (section, k)))
            patch = patches.get(code)
            if patch is not None:
                if not isinstance(patch, dict):
                    raise child.error(("override", section, code), "a mapping of changed fields")
                item = {**item, **copy.deepcopy(patch)}
                out_lines.update(_sub_lines(child.lines, ("override", section, code), (section, k)))
            out.append(item)
        return out, out_lines

    categories, cat_lines = patched("categories", "code")
    indicators, ind_lines = patched("indicators", "code")
    added = child.data.get("add_indicators", []) or []
    if not isinstance(added, list):
        raise child.error(("add_indicators",), "a list of indicators")
    for j, item in enumerate(added):
        ind_lines.update(
            _sub_lines(child.lines, ("add_indicators", j), ("indicators", len(indicators)))
        )
        indicators.append(copy.deepcopy(item))
    data["categories"] = categories
    data["indicators"] = indicators
    lines.update(cat_lines)
    lines.update(ind_lines)
    lines[()] = (child.name, 1)
    return _Resolved(data, lines)


def _validate(resolved: _Resolved, name: str) -> IndicatorSet:
    try:
        return IndicatorSet.model_validate(resolved.data)
    except ValidationError as err:
        first = err.errors()[0]
        loc: PathKey = tuple(first["loc"])
        hit = _nearest(resolved.lines, loc)
        file, line = hit if hit is not None else (name, 1)
        # name the field by code where the location is an index into a list of coded things
        field = _named_path(resolved.data, loc)
        message = first["msg"].removeprefix("Value error, ")
        more = len(err.errors()) - 1
        if more:
            message += f" (and {more} more problem(s))"
        raise DataFileInvalidError(file=file, line=line, field=field, reason=message) from None


def _named_path(data: Any, loc: PathKey) -> str:
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            code = node.get("code") if isinstance(node, dict) else None
            parts.append(f"[{code}]" if isinstance(code, str) else f"[{part}]")
        else:
            node = node.get(part) if isinstance(node, dict) else None
            parts.append(str(part))
    return ".".join(parts).replace(".[", "[") or "(root)"


class StandardRegistry:
    """The standards available to an evaluation: packaged ones plus a deployment's own."""

    def __init__(self, dirs: Sequence[Path] = (), *, include_builtin: bool = True) -> None:
        self._raw: dict[str, RawStandard] = {}
        self._resolved: dict[str, tuple[_Resolved, IndicatorSet]] = {}
        paths = ([BUILTIN_DIR] if include_builtin else []) + [Path(d) for d in dirs]
        raws: list[RawStandard] = []
        for directory in paths:
            for path in sorted(directory.glob("*.y*ml")):
                raws.append(parse_yaml(path.read_text(encoding="utf-8"), name=str(path)))
        self._add_raws(raws)

    def _add_raws(self, raws: list[RawStandard]) -> list[IndicatorSet]:
        pending: dict[str, RawStandard] = {}
        for raw in raws:
            code = raw.code
            if code in self._raw or code in pending:
                other = self._raw.get(code) or pending[code]
                raise raw.error(
                    ("metadata", "code"), f"standard {code!r} is already defined by {other.name}"
                )
            pending[code] = raw
        done: list[IndicatorSet] = []

        def resolve(code: str, chain: tuple[str, ...]) -> _Resolved:
            if code in self._resolved:
                return self._resolved[code][0]
            raw = pending[code]
            base_code = raw.extends
            if base_code is None:
                for key in ("override", "add_indicators", "remove_indicators"):
                    if key in raw.data:
                        raise raw.error((key,), f"{key} needs extends (the base standard)")
                resolved = _Resolved(raw.data, dict(raw.lines))
            else:
                if base_code in chain:
                    raise raw.error(
                        ("extends",), f"circular extends: {' → '.join((*chain, base_code))}"
                    )
                if base_code not in self._resolved and base_code not in pending:
                    raise raw.error(
                        ("extends",),
                        f"unknown base standard {base_code!r}; known: {', '.join(sorted({*self._resolved, *pending}))}",
                    )
                resolved = _merge(resolve(base_code, (*chain, code)), raw)
            standard = _validate(resolved, raw.name)
            self._resolved[code] = (resolved, standard)
            self._raw[code] = raw
            done.append(standard)
            return resolved

        try:
            for code in list(pending):
                resolve(code, (code,))
        except Exception:
            for code in pending:
                self._resolved.pop(code, None)
                self._raw.pop(code, None)
            raise
        return done

    def add_text(self, text: str, *, name: str, replace: bool = False) -> IndicatorSet:
        """Validate and register a standard given as YAML text (an uploaded file)."""
        raw = parse_yaml(text, name=name)
        if replace and raw.code in self._raw:
            if any(r.extends == raw.code for r in self._raw.values()):
                raise raw.error(("metadata", "code"), "other standards extend this one")
            self._raw.pop(raw.code)
            self._resolved.pop(raw.code)
        return self._add_raws([raw])[0]

    def validate_text(self, text: str, *, name: str) -> IndicatorSet:
        """Check YAML text against the schema (and its base) without registering it."""
        raw = parse_yaml(text, name=name)
        trial = StandardRegistry.__new__(StandardRegistry)
        trial._raw = dict(self._raw)
        trial._resolved = dict(self._resolved)
        trial._raw.pop(raw.code, None)
        trial._resolved.pop(raw.code, None)
        return trial._add_raws([raw])[0]

    def get(self, code: str) -> IndicatorSet:
        hit = self._resolved.get(code)
        if hit is None:
            raise UnknownStandardError(standard=code, expected=", ".join(self.codes()))
        return hit[1]

    def codes(self) -> list[str]:
        return sorted(self._resolved)

    def all(self) -> list[IndicatorSet]:
        return [self._resolved[c][1] for c in self.codes()]

    def source_of(self, code: str) -> str:
        self.get(code)
        return self._raw[code].name

    def default_for(self, kind: UnitKind, industry: str | None = None) -> IndicatorSet:
        """The standard that applies: an industry set whose industries match ``industry``
        (longest code prefix wins), else the default of ``kind``."""
        best: tuple[int, IndicatorSet] | None = None
        fallback: IndicatorSet | None = None
        for standard in self.all():
            meta = standard.metadata
            if meta.kind is not kind:
                continue
            if meta.default:
                fallback = standard
            if industry:
                for prefix in meta.industries:
                    digits = prefix.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    if industry.startswith(digits) and (best is None or len(digits) > best[0]):
                        best = (len(digits), standard)
        if best is not None:
            return best[1]
        if fallback is None:
            raise UnknownStandardError(
                standard=f"default for {kind.value}", expected=", ".join(self.codes())
            )
        return fallback


def extra_dirs_from_env() -> list[Path]:
    value = os.environ.get(PATH_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


@cache
def default_registry() -> StandardRegistry:
    """The packaged standards plus the directories in ``GREENMFG_STANDARDS_PATH``."""
    return StandardRegistry(extra_dirs_from_env())


def load_standard(code: str) -> IndicatorSet:
    return default_registry().get(code)
