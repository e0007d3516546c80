"""Sections of a footprint input and the rules shared by the engine's steps."""

from __future__ import annotations

from typing import Any

SHARE_TOLERANCE = 1e-6


SECTIONS = ("materials", "energy", "process", "transport", "waste", "use", "end_of_life")


# sections split among co-products; downstream lines are the declared product's own
ALLOCATED_SECTIONS = frozenset({"materials", "energy", "process", "transport", "waste"})


PRIMARY_RULE = (
    "primary data (初级数据): supplier-specific footprints, the plant's own energy use and "
    "process emissions, and lines marked primary; everything else is secondary"
)


def _issue(section: str, line: int | None, field_name: str, message: str) -> dict[str, Any]:
    where = section if line is None else f"{section} line {line}"
    return {
        "section": section,
        "line": line,
        "field": field_name,
        "message": f"{where}, field {field_name}: {message}",
    }
