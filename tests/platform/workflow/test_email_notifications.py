"""Notifications go out by e-mail too, in Chinese, through a real SMTP server (aiosmtpd on
the loopback) — unless the user turned them off."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from greenmfg.core.workflow.machine import State

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "greenmfg <noreply@greenmfg.test>"
    settings.GREENMFG_SITE_URL = "https://greenmfg.test"
    try:
        yield inbox
    finally:
        controller.stop()


def test_a_decision_is_mailed_in_chinese(
    smtp: Inbox,
    draft: Any,
    applicant: Any,
    advance: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    applicant.email = "factory@example.cn"
    applicant.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        advance(draft, State.SUBMITTED)
    mails = [m for m in smtp.messages if m["To"] == "factory@example.cn"]
    assert mails, "no mail reached the SMTP server"
    mail = mails[-1]
    assert str(mail["Subject"]).strip() == "【绿色制造公共服务平台】进展通知"
    assert mail["From"] == "greenmfg <noreply@greenmfg.test>"
    body = mail.get_content()
    assert "您好" in body
    assert "苏州绿色水泥有限公司" in body  # the notification's own text
    assert f"https://greenmfg.test/workflow/applications/{draft.pk}/" in body
    assert "https://greenmfg.test/accounts/email/" in body  # how to turn it off


def test_no_mail_when_the_user_turned_it_off(
    smtp: Inbox,
    client: Any,
    draft: Any,
    applicant: Any,
    advance: Callable[..., Any],
    suzhou_official: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    applicant.email = "factory@example.cn"
    applicant.save(update_fields=["email"])
    client.force_login(applicant)
    page = client.get("/accounts/email/")
    assert "邮件通知" in page.content.decode()
    client.post("/accounts/email/", {})  # checkbox cleared
    with django_capture_on_commit_callbacks(execute=True):
        advance(draft, State.SUBMITTED)
    assert not [m for m in smtp.messages if m["To"] == "factory@example.cn"]
    client.post("/accounts/email/", {"enabled": "1"})
    from greenmfg.platform.workflow import services

    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            actor=suzhou_official, application=draft, to=State.MUNICIPAL_REVIEW
        )
    assert [m for m in smtp.messages if m["To"] == "factory@example.cn"]


def test_users_without_an_address_get_no_mail(
    smtp: Inbox, draft: Any, advance: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        advance(draft, State.SUBMITTED)
    assert smtp.messages == []
