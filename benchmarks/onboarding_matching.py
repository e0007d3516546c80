"""Benchmark: matching an official list annex against a province's registry (名单匹配).

A synthetic province registry of R enterprises (default 30,000) with names as the
synthetic data set makes them (city + trade name + business + legal form; 5 % with a
former name) and an annex of N rows (default 2,000) written the way notices vary them:

=====================  =====  ============================================================
variant                share  how the annex writes the registered name
=====================  =====  ============================================================
exact                  40 %   unchanged
legal form             15 %   有限公司 ↔ 股份有限公司
brackets, full width   10 %   (集团) ↔ （集团）, half-width letters/digits → full width
former name            10 %   the enterprise's former name
city prefix            10 %   the city written in front or dropped (苏州市X… / X…)
one-character typo     10 %   one character of the trade name replaced
not registered          5 %   a name of no registered enterprise
=====================  =====  ============================================================

Reported: share matched automatically, how many of those are right (precision), share
queued for review, unregistered rows wrongly matched, and rows per second.

    .venv/bin/python benchmarks/onboarding_matching.py [--registry 30000] [--rows 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter

from greenmfg.core.codes import regions
from greenmfg.core.onboarding.matching import Candidate, CandidateIndex
from greenmfg.synth.names import city_short, suffix, trade_name

BUSINESS = (
    "钢铁",
    "水泥",
    "化工",
    "纺织",
    "电子科技",
    "机械制造",
    "新材料",
    "精密铸造",
    "食品",
    "包装",
    "汽车零部件",
    "光伏科技",
    "生物医药",
    "环保科技",
    "电缆",
    "玻璃",
    "造纸",
    "制药",
)
FULL_WIDTH = str.maketrans("()0123456789ABC", "（）０１２３４５６７８９ＡＢＣ")


def registry(size: int, rng: random.Random) -> list[Candidate]:
    cities = regions.cities("320000")
    seen: set[str] = set()
    out: list[Candidate] = []
    while len(out) < size:
        city = rng.choice(cities)
        group = "(集团)" if rng.random() < 0.08 else ""
        name = f"{city_short(city)}{trade_name(rng)}{rng.choice(BUSINESS)}{group}{suffix(rng)}"
        if name in seen:
            continue
        seen.add(name)
        former: tuple[str, ...] = ()
        if rng.random() < 0.05:
            former = (f"{city_short(city)}{trade_name(rng)}{rng.choice(BUSINESS)}有限公司",)
        out.append(Candidate(len(out) + 1, f"U{len(out):017d}", name, city.adcode, former))
    return out


def variant(c: Candidate, rng: random.Random, kind: str, pool: list[Candidate]) -> str:
    name = c.name
    if kind == "legal form":
        if name.endswith("股份有限公司"):
            return name[: -len("股份有限公司")] + "有限公司"
        return name[: -len("有限公司")] + "股份有限公司" if name.endswith("有限公司") else name
    if kind == "brackets":
        return name.translate(FULL_WIDTH) if "(" in name else name.replace("有限", "（有限）", 0)
    if kind == "former name":
        return c.former_names[0] if c.former_names else name
    if kind == "city prefix":
        city = city_short(regions.get(c.adcode))
        return name[len(city) :] if name.startswith(city) else city + "市" + name
    if kind == "typo":
        city = city_short(regions.get(c.adcode))
        i = len(city)
        return (
            name[:i] + "鑫" + name[i + 1 :] if name[i] != "鑫" else name[:i] + "森" + name[i + 1 :]
        )
    return name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=30_000)
    parser.add_argument("--rows", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    units = registry(args.registry, rng)
    with_former = [u for u in units if u.former_names]
    index = CandidateIndex(units)
    kinds = (
        ["exact"] * 40
        + ["legal form"] * 15
        + ["brackets"] * 10
        + ["former name"] * 10
        + ["city prefix"] * 10
        + ["typo"] * 10
        + ["unregistered"] * 5
    )
    rows: list[tuple[str, str, Candidate | None, str]] = []
    for _ in range(args.rows):
        kind = rng.choice(kinds)
        if kind == "unregistered":
            city = rng.choice(regions.cities("320000"))
            name = f"{city_short(city)}{trade_name(rng)}{trade_name(rng)}未登记科技有限公司"
            rows.append((kind, name, None, city.adcode))
            continue
        unit = rng.choice(with_former if kind == "former name" else units)
        rows.append((kind, variant(unit, rng, kind, units), unit, unit.adcode))
    start = time.perf_counter()
    outcome: Counter[tuple[str, str]] = Counter()
    for kind, name, truth, adcode in rows:
        match = index.match(name, scope=adcode[:4])
        if match.candidate is None:
            outcome[(kind, "queued")] += 1
        elif truth is not None and match.candidate.id == truth.id:
            outcome[(kind, "right")] += 1
        else:
            outcome[(kind, "wrong")] += 1
    elapsed = time.perf_counter() - start
    print(f"registry {args.registry:,} enterprises (Jiangsu cities), annex {args.rows:,} rows")
    print(f"{'variant':<14} {'rows':>6} {'auto':>7} {'right':>7} {'wrong':>6} {'queued':>7}")
    total = Counter[str]()
    for kind in dict.fromkeys(kinds):
        n = sum(outcome[(kind, s)] for s in ("right", "wrong", "queued"))
        right, wrong, queued = (outcome[(kind, s)] for s in ("right", "wrong", "queued"))
        total.update({"n": n, "right": right, "wrong": wrong, "queued": queued})
        print(
            f"{kind:<14} {n:>6} {(right + wrong) / max(n, 1):>7.1%} {right:>7} {wrong:>6} "
            f"{queued / max(n, 1):>7.1%}"
        )
    auto = total["right"] + total["wrong"]
    print(
        f"{'all':<14} {total['n']:>6} {auto / total['n']:>7.1%} {total['right']:>7} "
        f"{total['wrong']:>6} {total['queued'] / total['n']:>7.1%}"
    )
    print(f"precision of automatic matches: {total['right'] / max(auto, 1):.2%}")
    print(f"{args.rows / elapsed:,.0f} rows/s; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
