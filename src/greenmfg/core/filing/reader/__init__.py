"""Read a filing from JSON, CSV or .xlsx, validating everything before returning.

Every problem is collected and raised at once as :class:`ImportInvalidError`, each
:class:`ImportIssue` naming sheet / row / column and what was expected.  Nothing is
returned (and so nothing is written by callers) unless every row passes.  Files over
50 MB raise :class:`FileTooLargeError` before they are read.
"""

from __future__ import annotations

from greenmfg.core.filing.reader.base import FIRST_DATA_ROW, MAX_BYTES, MAX_UNZIPPED
from greenmfg.core.filing.reader.reading import read_filing, read_filing_bytes
from greenmfg.core.filing.reader.validation import validate_dict

__all__ = [
    "FIRST_DATA_ROW",
    "MAX_BYTES",
    "MAX_UNZIPPED",
    "read_filing",
    "read_filing_bytes",
    "validate_dict",
]
