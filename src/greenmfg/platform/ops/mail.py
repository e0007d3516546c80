"""E-mail notifications: every inbox notification (workflow decisions and requests for
material, publicity, deadline reminders, green-code changes) also goes out by e-mail, in
Chinese, to users who have an address and have not turned it off.

The mail is sent by a background task after the notification is committed, so a slow or
unreachable SMTP server never holds up a page; SMTP is configured by ``GREENMFG_EMAIL_URL``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django_tasks import task

logger = logging.getLogger("greenmfg.mail")

# kind of notification → subject line (Chinese, as the mail is).
SUBJECTS = {
    "action": "【绿色制造公共服务平台】待办事项",
    "reminder": "【绿色制造公共服务平台】截止日期提醒",
    "info": "【绿色制造公共服务平台】进展通知",
}


def email_enabled(user: Any) -> bool:
    from greenmfg.platform.ops.models import EmailPreference

    if not getattr(user, "email", "") or not getattr(user, "is_active", False):
        return False
    preference = EmailPreference.objects.filter(user=user).first()
    return preference is None or preference.enabled


def preference_set(*, actor: Any, enabled: bool) -> Any:
    from greenmfg.platform.ops.models import EmailPreference

    preference, _ = EmailPreference.objects.update_or_create(
        user=actor, defaults={"enabled": enabled}
    )
    return preference


def compose(notification: Any) -> EmailMessage:
    user = notification.user
    name = user.get_full_name() or user.username
    site = settings.GREENMFG_SITE_URL
    lines = [
        f"{name}，您好：",
        "",
        str(notification.message),
        "",
    ]
    if notification.application_id:
        lines.append(
            "查看申报："
            + site
            + reverse("workflow:application_detail", args=[notification.application_id])
        )
    lines += [
        "消息中心：" + site + reverse("workflow:inbox"),
        "",
        "—— 绿色制造公共服务平台（系统邮件，请勿直接回复）",
        "不再接收邮件通知：" + site + reverse("ops:email_preference"),
    ]
    return EmailMessage(
        subject=SUBJECTS.get(notification.kind, SUBJECTS["info"]),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail; returns whether a mail went out."""
    from greenmfg.platform.workflow.models import Notification

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not email_enabled(notification.user):
        return False
    compose(notification).send()
    logger.info("notification mailed", extra={"notification": notification_id})
    return True


def on_notification_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """``post_save`` of workflow notifications: queue the mail once the row is committed."""
    if not created or kwargs.get("raw") or not email_enabled(instance.user):
        return
    pk = instance.pk
    transaction.on_commit(lambda: send_notification_email.enqueue(pk))
