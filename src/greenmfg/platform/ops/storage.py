"""Static files storage: whitenoise's hashed and compressed files.

The vendored minified libraries name source maps that are not shipped; those references
are left as they are instead of stopping ``collectstatic``.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: Any) -> tuple[Any, ...]:
    kept = []
    for extension, rules in patterns:
        rules = tuple(
            rule
            for rule in rules
            if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule)
        )
        kept.append((extension, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
