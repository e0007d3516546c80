"""Spot checks (抽查): the reproducible draw and the recheck record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from greenmfg.core.domain import LEVEL_ORDER, ListLevel
from greenmfg.core.errors import (
    InvalidValueError,
    SeedRequiredError,
)
from greenmfg.core.supervision.removal import (
    RemovalRule,
)
from greenmfg.core.supervision.sampling import Candidate, draw_sample
from greenmfg.platform.accounts.scoping import region_prefix
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.supervision import sources
from greenmfg.platform.supervision.models import (
    QualityFlag,
    Recheck,
    SpotCheck,
)
from greenmfg.platform.supervision.services.base import _event, _require_authority
from greenmfg.platform.supervision.services.removals import removal_propose
from greenmfg.platform.supervision.services.units import AUTHORITIES, active_listings

# Risk-weighted spot checks: a unit whose green-code percentile is below this counts as
# low-scored (bottom fifth; greenmfg's choice).
LOW_PERCENTILE = 20.0


def _population(actor: Any, year: int) -> list[tuple[Listing, Candidate]]:
    from greenmfg.platform.accounts.scoping import region_q

    listings = list(
        active_listings(year)
        .filter(region_q(actor, "adcode") if actor is not None else Q())
        .select_related("enterprise", "park")
    )
    # one candidate per unit: its highest-level listing
    best: dict[tuple[str, int], Listing] = {}
    for listing in listings:
        key = ("e", listing.enterprise_id) if listing.enterprise_id else ("p", listing.park_id or 0)
        cur = best.get(key)
        if cur is None or LEVEL_ORDER[ListLevel(listing.level)] > LEVEL_ORDER[ListLevel(cur.level)]:
            best[key] = listing
    chosen = sorted(best.values(), key=lambda item: item.pk)
    flags: dict[int, int] = {}
    for row in (
        QualityFlag.objects.filter(filing__year=year, filing__listing__in=[c.pk for c in chosen])
        .exclude(status=QualityFlag.Status.CLEARED)
        .values_list("filing__enterprise_id", "filing__park_id")
    ):
        uid = row[0] or -(row[1] or 0)
        flags[uid] = flags.get(uid, 0) + 1
    objections = sources.objections_for([c.enterprise_id for c in chosen if c.enterprise_id])
    percentiles = sources.green_code_percentiles(
        [c.enterprise_id for c in chosen if c.enterprise_id], year
    )
    out: list[tuple[Listing, Candidate]] = []
    for listing in chosen:
        unit = listing.enterprise or listing.park
        assert unit is not None
        uid = listing.enterprise_id or -(listing.park_id or 0)
        out.append(
            (
                listing,
                Candidate(
                    unit_id=str(listing.pk),
                    adcode=unit.adcode,
                    industry=getattr(unit, "industry", "") or "park",
                    abnormal_flags=flags.get(uid, 0),
                    objections=objections.get(listing.enterprise_id or 0, 0),
                    score=percentiles.get(listing.enterprise_id or 0),
                ),
            )
        )
    return out


@transaction.atomic
def spot_check_draw(
    *,
    actor: Any,
    year: int,
    seed: int | None,
    rate: float,
    risk_weighted: bool = False,
    min_per_stratum: int = 1,
    region_digits: int = 4,
    industry_digits: int = 2,
) -> SpotCheck:
    """Draw a spot-check sample of the actor's region's listed units (see
    :mod:`greenmfg.core.supervision.sampling` for the algorithm) and record it with its
    seed, parameters and the population drawn from, so it can be reproduced."""
    if seed is None:
        raise SeedRequiredError(what="A spot-check sample")
    if actor is not None:
        from greenmfg.platform.accounts.scoping import require_role

        require_role(actor, *AUTHORITIES)
    pop = _population(actor, year)
    result = draw_sample(
        [c for _, c in pop],
        seed=seed,
        rate=rate,
        min_per_stratum=min_per_stratum,
        region_digits=region_digits,
        industry_digits=industry_digits,
        risk_weighted=risk_weighted,
        low_score=LOW_PERCENTILE,
    )
    params = dict(result.parameters)
    params["score"] = "green-code overall percentile of the data year (100 = best); low below 20"
    params["population"] = [
        {
            "unit_id": c.unit_id,
            "adcode": c.adcode,
            "industry": c.industry,
            "abnormal_flags": c.abnormal_flags,
            "objections": c.objections,
            "complaints": c.complaints,
            "score": c.score,
        }
        for _, c in pop
    ]
    check = SpotCheck(
        year=year,
        seed=seed,
        scope_prefix=(region_prefix(actor) or "") if actor is not None else "",
        parameters=params,
        strata=result.as_dict()["strata"],
        population_size=len(pop),
        sample=[int(x) for x in result.selected],
        created_by=actor,
    )
    check.full_clean()
    check.save()
    _event(actor, "spotcheck.draw", check, check.scope_prefix, seed=seed, drawn=len(check.sample))
    return check


def spot_check_reproduce(check: SpotCheck) -> list[int]:
    """Redraw from the recorded seed, parameters and population; equals ``check.sample``."""
    p = check.parameters
    population = [Candidate(**row) for row in p["population"]]
    result = draw_sample(
        population,
        seed=check.seed,
        rate=p["rate"],
        min_per_stratum=p["min_per_stratum"],
        region_digits=p["region_digits"],
        industry_digits=p["industry_digits"],
        risk_weighted=p["risk_weighted"],
        risk_weights=p["risk_weights"] or None,
        low_score=p["low_score"],
        # Draws recorded before the proportional allocation kept the old rule.
        allocation=p.get("allocation", "minimum_per_stratum"),
    )
    return [int(x) for x in result.selected]


@transaction.atomic
def recheck_record(
    *,
    actor: Any,
    listing: Listing,
    year: int,
    findings: str,
    outcome: str,
    checked_on: dt.date,
    spot_check: SpotCheck | None = None,
) -> Recheck:
    """Record a recheck (复核).  A *falsified* outcome proposes removal (falsified data)."""
    _require_authority(actor, listing.adcode)
    if spot_check is not None and listing.pk not in spot_check.sample:
        raise InvalidValueError(
            where="",
            field="listing",
            value=listing.pk,
            expected=f"a unit drawn in spot check #{spot_check.pk}",
        )
    recheck = Recheck(
        listing=listing,
        spot_check=spot_check,
        adcode=listing.adcode,
        year=year,
        findings=findings.strip(),
        outcome=outcome,
        checked_by=actor,
        checked_on=checked_on,
    )
    recheck.full_clean()
    recheck.save()
    _event(actor, "recheck.record", recheck, listing.adcode, outcome=outcome)
    if outcome == Recheck.Outcome.FALSIFIED:
        removal_propose(
            actor=actor,
            listing=listing,
            rule=RemovalRule.FALSIFIED_DATA,
            data_year=year,
            params={"year": year, "detail": findings.strip()},
        )
    return recheck
