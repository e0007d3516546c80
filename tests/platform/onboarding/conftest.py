"""Fixtures of the workflow tests (a round, an application driven along its path) reused
by the city-table tests."""

from tests.platform.workflow.conftest import (  # noqa: F401 - fixtures
    advance,
    applicant,
    draft,
    experts,
    make_round,
    today,
)
