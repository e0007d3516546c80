"""Sign-in with throttling, CSRF on every form, the admin behind staff rights, secure settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse

from greenmfg.core.domain import Role
from tests.platform.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
HOME = reverse("accounts:home")
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(suzhou_official: Any) -> None:
    assert identify_hasher(suzhou_official.password).algorithm == "argon2"


def test_login_and_logout(client: Client, suzhou_official: Any) -> None:
    response = client.post(LOGIN, {"username": "suzhou", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.post(LOGOUT).status_code == 302
    assert client.get(HOME).status_code == 302  # back to the login page


def test_wrong_password_is_refused_with_a_message(client: Client, suzhou_official: Any) -> None:
    response = client.post(LOGIN, {"username": "suzhou", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_login_is_throttled_after_five_failures(client: Client, suzhou_official: Any) -> None:
    for _ in range(5):
        client.post(LOGIN, {"username": "suzhou", "password": "wrong-password-1"})
    locked = client.post(LOGIN, {"username": "suzhou", "password": PASSWORD})
    assert locked.status_code == 429
    assert b'data-testid="locked"' in locked.content
    assert client.get(HOME).status_code == 302  # the right password did not get in
    # The lock is per account and address: another account still logs in.
    other = Client()
    other.post(LOGIN, {"username": "wrong-user", "password": "x"})
    assert client.post(LOGIN, {"username": "jiangsu", "password": PASSWORD}).status_code in (
        200,
        302,
    )


def test_login_form_requires_csrf_token(suzhou_official: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    refused = client.post(LOGIN, {"username": "suzhou", "password": PASSWORD})
    assert refused.status_code == 403
    page = client.get(LOGIN)
    token = page.context["csrf_token"]
    accepted = client.post(
        LOGIN, {"username": "suzhou", "password": PASSWORD, "csrfmiddlewaretoken": str(token)}
    )
    assert accepted.status_code == 302


def test_logout_and_language_forms_require_csrf_token(suzhou_official: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(suzhou_official)
    assert client.post(LOGOUT).status_code == 403
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 403
    assert client.get(HOME).status_code == 200  # still signed in


def test_every_form_on_the_pages_carries_a_csrf_token(client: Client, suzhou_official: Any) -> None:
    client.force_login(suzhou_official)
    for url in (reverse("registry:public_list"), HOME):
        html = client.get(url).content.decode()
        post_forms = html.count('method="post"')
        assert post_forms >= 1
        assert html.count('name="csrfmiddlewaretoken"') >= post_forms


def test_admin_requires_staff(client: Client, suzhou_official: Any, make_user: Any) -> None:
    client.force_login(suzhou_official)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    admin = make_user(Role.ADMIN, username="root")
    assert admin.is_staff
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    for model in (
        "enterprise",
        "park",
        "listing",
        "product",
        "supplierlink",
        "evaluationinstitution",
    ):
        assert client.get(f"/admin/registry/{model}/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_session_and_header_settings(client: Client, settings: Any) -> None:
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    response = client.get(LOGIN)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_deploy_checks_pass_behind_https() -> None:
    """``manage.py check --deploy`` with GREENMFG_SECURE=1 and debug off reports nothing."""
    env = {
        **os.environ,
        "GREENMFG_DEBUG": "0",
        "GREENMFG_SECURE": "1",
        "GREENMFG_SECRET_KEY": secrets.token_urlsafe(60),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_is_required_without_debug() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GREENMFG_SECRET_KEY",)}
    env["GREENMFG_DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "GREENMFG_SECRET_KEY" in result.stderr
