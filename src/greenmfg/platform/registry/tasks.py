"""Background work of the registry (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from greenmfg.platform.registry.services import list_export_build


@task()
def build_list_export_task(export_id: int) -> dict[str, object]:
    """Write a large Excel export of the list search (see ``list_export_request``)."""
    export = list_export_build(export_id=export_id)
    return {"export": export.pk, "rows": export.written, "status": export.status}
