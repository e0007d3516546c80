"""The demo step reaches every state through the services, with intact audit chains."""

from __future__ import annotations

import io

import pytest

from greenmfg.platform.registry.demo_data import load_demo_data
from greenmfg.platform.workflow import services as s
from greenmfg.platform.workflow.demo import DEMO_STEPS
from greenmfg.platform.workflow.models import Application, Objection

pytestmark = pytest.mark.django_db


def test_demo_applications_cover_the_states_and_verify() -> None:
    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    out = io.StringIO()
    DEMO_STEPS[0].run(dataset, out)
    states = set(Application.objects.values_list("state", flat=True))
    assert {
        "draft",
        "submitted",
        "municipal_review",
        "provincial_listed",
        "expert_review",
        "publicity",
        "rejected",
    } <= states, out.getvalue()
    assert Objection.objects.count() == 1
    assert s.audit_verify().broken is None
    assert Application.objects.filter(created_by__username="enterprise", state="draft").count() == 1
