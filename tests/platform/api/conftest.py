"""The workflow fixtures (rounds, applicants, drafts) for the API tests."""

from tests.platform.workflow.conftest import (  # noqa: F401
    applicant,
    draft,
    make_round,
    today,
)
