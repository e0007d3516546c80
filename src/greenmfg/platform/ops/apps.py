from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the service: task queue recovery, scheduler jobs, health, metrics, error
    pages, backups and e-mail notifications."""

    name = "greenmfg.platform.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from greenmfg.platform.ops import taskqueue

        task_finished.connect(taskqueue.on_task_finished, dispatch_uid="greenmfg-ops-finished")

        from django.db.models.signals import post_save

        from greenmfg.platform.ops.mail import on_notification_saved

        post_save.connect(
            on_notification_saved,
            sender="workflow.Notification",
            dispatch_uid="greenmfg-ops-notification-mail",
        )
