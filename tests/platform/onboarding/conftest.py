"""Fixtures for the onboarding tests: the workflow tests' round and application (reused by
the city-table tests) and the test annex printed to PDF once."""

import pytest

from tests.platform.onboarding.annexes import annex_rows, annex_workbook, to_pdf
from tests.platform.workflow.conftest import (  # noqa: F401 - fixtures
    advance,
    applicant,
    draft,
    experts,
    make_round,
    today,
)


@pytest.fixture(scope="session")
def annex_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The test annex printed to PDF by LibreOffice once for the whole run."""
    return to_pdf(annex_workbook(annex_rows()), tmp_path_factory.mktemp("annex"))
