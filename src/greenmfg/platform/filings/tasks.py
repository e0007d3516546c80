"""Background tasks of the filings app (django-tasks; the demo runs ``db_worker``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django_tasks import task

from greenmfg.core.accounting import default_factor_set
from greenmfg.platform.filings import selectors, services
from greenmfg.platform.filings.models import AnnualFiling


@task()
def recompute_stale(actor_id: int | None, year: int | None = None) -> int:
    """Recompute every filing the actor may see (``actor_id=None``: the platform, every
    filing) whose current result was made with an older factor set; returns how many
    changed.  An actor deleted before the task runs sees nothing."""
    actor = None
    filings: QuerySet[AnnualFiling] = AnnualFiling.objects.all()
    if actor_id is not None:
        actor = get_user_model().objects.filter(pk=actor_id).first()
        filings = selectors.filing_list(actor=actor)
    if year is not None:
        filings = filings.filter(year=year)
    version = default_factor_set().version
    stale = filings.exclude(records__is_current=True, records__factor_set_version=version)
    return services.filings_recompute(actor=actor, filings=stale)
