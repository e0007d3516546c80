"""Issue 13, smaller defects of the enterprise's forms:

- the veto questions (一票否决, Measures Art. 15) are asked once: a condition declared in
  the year's dynamic management table is not asked again by the self-evaluation, and the
  application form does not ask them again when a report of this platform is attached;
- fields are shown by carrier type (载体): the park's share of value added is neither shown
  on nor accepted for a factory's application.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.errors import InvalidValueError
from greenmfg.platform.workflow import services as workflow_services

pytestmark = pytest.mark.django_db


def test_the_factory_form_has_no_park_field_and_offers_no_park_round(
    client: Client, applicant: Any, make_round: Callable[..., Any]
) -> None:
    factory_round = make_round(kind="factory", name="工厂批次")
    park_round = make_round(kind="park", name="园区批次")
    client.force_login(applicant)
    page = client.get(reverse("workflow:my_applications")).content.decode()
    assert f'<option value="{factory_round.pk}"' in page
    assert f'<option value="{park_round.pk}"' not in page
    assert "park_value_added_share" not in page


def test_a_park_share_is_refused_on_a_factory_application(
    applicant: Any, make_round: Callable[..., Any]
) -> None:
    with pytest.raises(InvalidValueError) as err:
        workflow_services.application_create(
            actor=applicant,
            round=make_round(kind="factory"),
            enterprise=applicant.enterprise,
            evaluation_reference="R",
            evaluation_hash="e" * 64,
            park_value_added_share=Decimal("0.5"),
        )
    assert "park_value_added_share" in str(err.value)
    assert not applicant.enterprise.applications.exists()
