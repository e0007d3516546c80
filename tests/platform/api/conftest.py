"""The workflow fixtures (rounds, applicants, drafts) and the graded population of the
green-code tests, for the API tests."""

from tests.platform.greencode.conftest import population  # noqa: F401
from tests.platform.workflow.conftest import (  # noqa: F401
    applicant,
    draft,
    make_round,
    today,
)
