"""The audit tests drive the workflow, so they share its fixtures."""

from tests.platform.workflow.conftest import (  # noqa: F401
    advance,
    applicant,
    draft,
    experts,
    make_round,
    today,
)
