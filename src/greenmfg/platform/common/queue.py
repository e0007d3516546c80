"""Enqueue background work by the task's dotted name.

Task modules (``<app>/tasks.py``) import the services they run; services start background
work through :func:`enqueue` with the task's name, so no service module imports a task
module and the two never import each other.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResult


def task_named(name: str) -> Task[Any, Any]:
    """The task defined at the dotted path ``name`` (e.g.
    ``greenmfg.platform.registry.tasks.build_list_export_task``)."""
    found = import_string(name)
    if not isinstance(found, Task):
        raise TypeError(f"{name} is not a background task")
    return found


def enqueue(name: str, *args: Any, **kwargs: Any) -> TaskResult[Any]:
    """Queue the task ``name`` with the given arguments; returns its result handle."""
    return task_named(name).enqueue(*args, **kwargs)
