"""Background tasks of the filings app (django-tasks; the demo runs ``db_worker``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from greenmfg.core.accounting import default_factor_set
from greenmfg.platform.filings import selectors, services


@task()
def recompute_stale(actor_id: int | None, year: int | None = None) -> int:
    """Recompute every filing the actor may see whose current result was made with an
    older factor set; returns how many changed."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id is not None else None
    version = default_factor_set().version
    stale = (
        selectors.filing_list(actor=actor, year=year).exclude(
            records__is_current=True, records__factor_set_version=version
        )
        if actor is not None
        else None
    )
    if stale is None:
        from greenmfg.platform.filings.models import AnnualFiling

        stale = AnnualFiling.objects.exclude(
            records__is_current=True, records__factor_set_version=version
        )
    return services.filings_recompute(actor=actor, filings=list(stale))
