"""Write to the append-only audit tables the way the database owner could."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection


@contextlib.contextmanager
def tampering() -> Iterator[None]:
    """On PostgreSQL, bypass the append-only triggers for the rest of the current
    transaction (``session_replication_role = replica``, as a superuser can)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET LOCAL session_replication_role = replica")
    yield
