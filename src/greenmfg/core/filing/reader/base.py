"""Limits of the filing reader and helpers its formats share."""

from __future__ import annotations

MAX_BYTES = 50 * 1024 * 1024


MAX_UNZIPPED = 512 * 1024 * 1024


FIRST_DATA_ROW = 3  # row 1: Chinese headers, row 2: field codes
