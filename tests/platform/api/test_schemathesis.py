"""Schemathesis against the API's own OpenAPI document, in process (issue 14).

Every operation of ``/api/v1/openapi.json`` gets generated requests, valid and invalid
(positive and negative modes), each sent three times: anonymously, with a valid bearer
token and with a malformed one.  No answer may be a server error, every documented
answer must match its schema, and no request may write a row to the filing, registry,
workflow or audit tables.  The example counts are bounded so the run fits in CI.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from greenmfg.core.domain import Role

pytestmark = pytest.mark.django_db

#: Tables a GET must never write to (a write on a read is a partial write by definition).
WATCHED = (
    "registry.Enterprise",
    "registry.Listing",
    "registry.RegistryEvent",
    "filings.AnnualFiling",
    "filings.FilingEvent",
    "workflow.Application",
    "workflow.AuditRecord",
    "greencode.GreenCode",
    "audit.ChainHead",
    "audit.Checkpoint",
    "api.ApiToken",
)
TALLY: Counter[str] = Counter()
KNOWN: dict[str, list[Any]] = {}


def _row_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in WATCHED}


@pytest.fixture
def seeded(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
    make_round: Callable[..., Any],
    population: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[dict[str, Any]]:
    """Published lists, graded green codes, an application and a token of its applicant,
    so generated requests also reach the rows behind the endpoints."""
    from django.utils import timezone

    from greenmfg.platform.api.auth import api_token_create
    from greenmfg.platform.greencode.services import green_codes_grade
    from greenmfg.platform.workflow.services import application_create

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 8, 1))
    units, inputs = population(graded=6)
    green_codes_grade(actor=None, year=2024, units=units, inputs=inputs)
    applicant = make_user(Role.ENTERPRISE, enterprise=units[0], username="fuzz-applicant")
    application = application_create(
        actor=applicant,
        round=make_round(),
        enterprise=units[0],
        evaluation_reference="EV-2026-0042",
        evaluation_hash="b" * 64,
        evaluation_score=Decimal("80.0"),
    )
    _, token = api_token_create(actor=None, user=applicant, name="fuzz")
    KNOWN["uscc"] = [u.uscc for u in units]
    KNOWN["application_id"] = [application.pk]
    yield {"token": token}
    KNOWN.clear()


MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
EXAMPLES = 40  # per operation and mode; each example is sent three times


def _strategy(operation: Any, mode: GenerationMode) -> st.SearchStrategy[Any]:
    """Generated cases; where the path names a row, half of them name one that exists."""
    names = [p.name for p in operation.path_parameters]
    known = [KNOWN[n] for n in names if n in KNOWN]
    generated = operation.as_strategy(generation_mode=mode)
    if mode is not GenerationMode.POSITIVE or len(known) != len(names) or not names:
        return generated
    fixed = [
        operation.as_strategy(
            generation_mode=mode, path_parameters=dict(zip(names, values, strict=True))
        )
        for values in itertools.product(*known)
    ]
    return st.one_of(generated, *fixed)


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The project's WSGI application on the test's own database connection: like
    Django's test client, requests do not close the connection (which would end the
    test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error_or_writes(
    seeded: dict[str, Any], wsgi_app: Any
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    clients = (  # anonymous, a valid token, a malformed one
        None,
        {"Authorization": f"Bearer {seeded['token']}"},
        {"Authorization": "Bearer gm_not-a-token"},
    )
    for operation in operations:
        for mode in MODES:

            @given(case=_strategy(operation, mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                before = _row_counts()
                for headers in clients:
                    response = case.call(headers=headers)
                    TALLY["requests"] += 1
                    TALLY[f"{response.status_code // 100}xx"] += 1
                    case.validate_response(
                        response,
                        checks=[
                            not_a_server_error,
                            response_schema_conformance,
                            content_type_conformance,
                        ],
                        headers=headers,
                    )
                assert _row_counts() == before, f"{case.method} {case.path} wrote"

            try:
                run()
            except Unsatisfiable:
                # nothing of this operation can be made invalid (a free-text path only)
                assert mode is GenerationMode.NEGATIVE, operation.label
                TALLY["no invalid form"] += 1
    TALLY["operations"] = len(operations)
    print(f"\nschemathesis: {dict(TALLY)}")
    assert TALLY["5xx"] == 0
    assert TALLY["2xx"] > 0 and TALLY["4xx"] > 0
