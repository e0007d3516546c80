"""The audit tests drive the workflow, so they share its fixtures; ``world`` puts rows in
all four audit tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.domain import Role
from greenmfg.core.workflow.machine import State
from tests.platform.filings.conftest import filing_data
from tests.platform.workflow.conftest import (  # noqa: F401
    advance,
    applicant,
    draft,
    experts,
    make_round,
    today,
)


@pytest.fixture
def world(
    draft: Any,  # noqa: F811 - the workflow fixture imported above
    advance: Callable[..., Any],  # noqa: F811
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> dict[str, Any]:
    """Rows in all four audit tables: an application three steps along, a filing saved
    twice, registered units and a change declaration."""
    from greenmfg.platform.filings.services import filing_save
    from greenmfg.platform.supervision.services import change_declare

    app = advance(draft, State.MUNICIPAL_REVIEW)
    ent = make_enterprise(adcode="320500", name="苏州示例水泥有限公司")
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    make_listing(ent)
    filing = filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    filing = filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc, coal=16.0))
    decl = change_declare(
        actor=user,
        unit=ent,
        kind="rename",
        description="更名",
        new_values={"name": "苏州新名称水泥有限公司"},
        effective_on=dt.date(2025, 1, 1),
    )
    return {"app": app, "enterprise": ent, "filing": filing, "declaration": decl}
