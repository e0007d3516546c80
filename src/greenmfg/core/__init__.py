"""greenmfg.core: the pure, typed domain library (no Django, no database, no network).

Everything here takes plain typed inputs and returns typed results; the only I/O is
reading the packaged reference data under ``greenmfg/core/data``.
"""
