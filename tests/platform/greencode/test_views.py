from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.platform.greencode.services import green_codes_grade

YEAR = 2024


@pytest.fixture
def graded(population: Any) -> tuple[list[Any], list[Any]]:
    units, inputs = population(graded=20, nonfilers=1)
    green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    return units, inputs


@pytest.fixture(autouse=True)
def _during_validity(settings: Any, monkeypatch: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(YEAR + 1, 8, 1))


def test_verification_page_shows_grade_year_rank_and_validity(client: Client, graded: Any) -> None:
    from greenmfg.platform.greencode.models import GreenCode

    code = GreenCode.objects.get(rank_overall=1)
    response = client.get(
        reverse("greencode:verify", kwargs={"uscc": code.enterprise.uscc}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="grade">A+<' in html
    assert f"{code.rank_industry} of {code.industry_size}" in html
    assert f"{YEAR + 1}-05-15 – {YEAR + 2}-05-14" in html
    assert reverse("greencode:qr", kwargs={"uscc": code.enterprise.uscc}) in html


def test_unknown_and_codeless_credit_codes_get_the_same_404(client: Client, graded: Any) -> None:
    units, inputs = graded
    nonfiler = next(u for u, i in zip(units, inputs, strict=True) if not i.filed)
    responses = [
        client.get(reverse("greencode:verify", kwargs={"uscc": uscc}))
        for uscc in (nonfiler.uscc, "91320500MA1XXXXXX0", "not-a-code")
    ]
    assert {r.status_code for r in responses} == {404}
    bodies = [r.content.decode() for r in responses]
    assert "未找到" in bodies[0] or "No valid green code" in bodies[0]
    # no information leak: the page never names the unit or why it has no code
    assert nonfiler.name not in bodies[0]
    mains = [b[b.index("<main") : b.index("</main>")] for b in bodies]
    assert mains[0] == mains[1] == mains[2]


def test_qr_code_is_an_svg_resolving_to_the_verification_page(client: Client, graded: Any) -> None:
    units, _ = graded
    response = client.get(reverse("greencode:qr", kwargs={"uscc": units[0].uscc}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.lstrip().startswith("<?xml") or "<svg" in body
    assert f"http://testserver/greencode/verify/{units[0].uscc}/" in body
    assert (
        client.get(reverse("greencode:qr", kwargs={"uscc": "91320500MA1XXXXXX0"})).status_code
        == 404
    )


def test_verify_form_redirects(client: Client) -> None:
    response = client.get(reverse("greencode:verify_form"), {"uscc": " 91320500abc "})
    assert response.status_code == 302 and response["Location"].endswith("/verify/91320500ABC/")
    assert client.get(reverse("greencode:verify_form")).status_code == 200


def test_expired_code_is_not_shown(client: Client, graded: Any, monkeypatch: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(YEAR + 3, 1, 1))
    units, _ = graded
    assert (
        client.get(reverse("greencode:verify", kwargs={"uscc": units[0].uscc})).status_code == 404
    )


def test_page_is_in_chinese_by_default(client: Client, graded: Any) -> None:
    from greenmfg.platform.greencode.models import GreenCode

    code = GreenCode.objects.select_related("enterprise").get(rank_overall=1)
    html = client.get(
        reverse("greencode:verify", kwargs={"uscc": code.enterprise.uscc})
    ).content.decode()
    assert "扫码验证" in html
    assert "排名前 5%" in html
    assert f"中第 {code.rank_industry} 名" in html
    missing = client.get(reverse("greencode:verify", kwargs={"uscc": "x"})).content.decode()
    assert "未找到该统一社会信用代码下有效的企业绿码" in missing


def test_public_unit_page_shows_the_green_code(client: Client, graded: Any) -> None:
    from greenmfg.platform.greencode.models import GreenCode

    code = GreenCode.objects.select_related("enterprise").get(rank_overall=1)
    html = client.get(reverse("registry:unit_detail", args=[code.enterprise.uscc])).content.decode()
    section = html[html.index('data-testid="green-code-section"') :]
    assert ">A+<" in section
    assert reverse("greencode:verify", args=[code.enterprise.uscc]) in section
    units, inputs = graded
    nonfiler = next(u for u, i in zip(units, inputs, strict=True) if not i.filed)
    other = client.get(reverse("registry:unit_detail", args=[nonfiler.uscc])).content.decode()
    assert 'data-testid="green-code-section"' not in other
