"""Matching a row of an official list to a registered unit (名单匹配).

In this order, within the row's region (its city when the 地区 column names one,
otherwise the list authority's region):

1. the unified social credit code, when the row gives one;
2. the exact name (NFKC, white space ignored), then an exact former name (曾用名);
3. the normalised name key (:func:`~greenmfg.core.onboarding.names.name_key`: legal
   form, brackets and full-width characters folded), then the same key without the
   region names it starts with (``苏州市华达钢铁`` / ``华达钢铁`` / ``苏州华达钢铁``);
4. a fuzzy score (rapidfuzz Indel ratio of the keys, 0–100).

A match is *confident* when exactly one unit qualifies at steps 1–3, or at step 4 when
the best score reaches :data:`AUTO_MATCH` and leads the runner-up by :data:`MARGIN`.
Anything else goes to the review queue with the best :data:`SHOWN` candidates scoring
at least :data:`SHOW_FROM`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from rapidfuzz import fuzz, process

from greenmfg.core.onboarding.names import exact_form, name_key, region_free_key

AUTO_MATCH: Final = 90.0
MARGIN: Final = 5.0
SHOW_FROM: Final = 60.0
SHOWN: Final = 5


class Doubt(StrEnum):
    """Why a row is not matched with confidence."""

    SAME_NAME = "same_name"  # several registered units have this name
    SAME_KEY = "same_key"  # several have this name once normalised
    EMPTY_REGION = "empty_region"  # no registered unit in the region
    NOTHING_SIMILAR = "nothing_similar"  # no registered unit has a similar name
    TOO_CLOSE = "too_close"  # the best similar names are too close to each other
    BELOW_THRESHOLD = "below_threshold"  # the most similar name scores below AUTO_MATCH


class Method(StrEnum):
    CREDIT_CODE = "credit_code"  # 统一社会信用代码
    NAME = "name"  # 名称一致
    FORMER_NAME = "former_name"  # 曾用名一致
    NORMALISED = "normalised"  # 规范化名称一致
    FUZZY = "fuzzy"  # 模糊匹配
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    uscc: str
    name: str
    adcode: str
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    method: Method
    candidate: Candidate | None  # set when the match is confident
    score: float
    candidates: tuple[tuple[Candidate, float], ...] = ()
    reason: str = ""  # why it is not confident (a :class:`Doubt` value)

    @property
    def confident(self) -> bool:
        return self.candidate is not None


class CandidateIndex:
    """Registered units, indexed for :meth:`match`."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self._all = list(candidates)
        self._by_uscc = {c.uscc: c for c in self._all}
        self._by_name: dict[str, list[Candidate]] = {}
        self._by_former: dict[str, list[Candidate]] = {}
        self._by_key: dict[str, list[Candidate]] = {}
        self._by_core: dict[str, list[Candidate]] = {}
        self._keys: list[tuple[str, Candidate]] = []
        self._pools: dict[str, tuple[list[str], list[Candidate]]] = {}
        for c in self._all:
            self._by_name.setdefault(exact_form(c.name), []).append(c)
            for former in c.former_names:
                self._by_former.setdefault(exact_form(former), []).append(c)
            for text in (c.name, *c.former_names):
                key = name_key(text)
                self._by_key.setdefault(key, []).append(c)
                self._by_core.setdefault(region_free_key(text), []).append(c)
                self._keys.append((key, c))

    def __len__(self) -> int:
        return len(self._all)

    def by_uscc(self, uscc: str) -> Candidate | None:
        return self._by_uscc.get(uscc)

    def match(self, name: str, *, uscc: str = "", scope: str = "") -> Match:
        """Match one row (``scope``: the adcode prefix the unit must lie in)."""
        if uscc:
            found = self._by_uscc.get(uscc)
            if found is not None:
                return Match(Method.CREDIT_CODE, found, 100.0, ((found, 100.0),))
        for method, table in ((Method.NAME, self._by_name), (Method.FORMER_NAME, self._by_former)):
            hits = _unique(c for c in table.get(exact_form(name), ()) if c.adcode.startswith(scope))
            if len(hits) == 1:
                return Match(method, hits[0], 100.0, ((hits[0], 100.0),))
            if len(hits) > 1:
                return Match(
                    method,
                    None,
                    100.0,
                    tuple((h, 100.0) for h in hits[:SHOWN]),
                    reason=Doubt.SAME_NAME,
                )
        key = name_key(name)
        for table, text in ((self._by_key, key), (self._by_core, region_free_key(name))):
            hits = _unique(c for c in table.get(text, ()) if c.adcode.startswith(scope))
            if len(hits) == 1:
                return Match(Method.NORMALISED, hits[0], 100.0, ((hits[0], 100.0),))
            if len(hits) > 1:
                return Match(
                    Method.NORMALISED,
                    None,
                    100.0,
                    tuple((h, 100.0) for h in hits[:SHOWN]),
                    reason=Doubt.SAME_KEY,
                )
        return self._fuzzy(key, scope)

    def _pool(self, scope: str) -> tuple[list[str], list[Candidate]]:
        if scope not in self._pools:
            inside = [(k, c) for k, c in self._keys if c.adcode.startswith(scope)]
            self._pools[scope] = ([k for k, _c in inside], [c for _k, c in inside])
        return self._pools[scope]

    def _fuzzy(self, key: str, scope: str) -> Match:
        choices, owners = self._pool(scope)
        if not choices or not key:
            return Match(Method.NONE, None, 0.0, reason=Doubt.EMPTY_REGION)
        best: dict[int, tuple[Candidate, float]] = {}
        for _choice, score, index in process.extract(
            key, choices, scorer=fuzz.ratio, limit=SHOWN * 3, score_cutoff=SHOW_FROM
        ):
            owner = owners[index]
            if owner.id not in best or best[owner.id][1] < score:
                best[owner.id] = (owner, float(score))
        ranked = sorted(best.values(), key=lambda pair: (-pair[1], pair[0].name))[:SHOWN]
        if not ranked:
            return Match(Method.NONE, None, 0.0, reason=Doubt.NOTHING_SIMILAR)
        top = ranked[0][1]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if top >= AUTO_MATCH and top - runner_up >= MARGIN:
            return Match(Method.FUZZY, ranked[0][0], top, tuple(ranked))
        reason = Doubt.TOO_CLOSE if top >= AUTO_MATCH else Doubt.BELOW_THRESHOLD
        return Match(Method.FUZZY, None, top, tuple(ranked), reason=reason)


def _unique(items: Iterable[Candidate]) -> list[Candidate]:
    seen: dict[int, Candidate] = {}
    for c in items:
        seen.setdefault(c.id, c)
    return list(seen.values())
