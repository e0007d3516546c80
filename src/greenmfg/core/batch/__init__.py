"""The accounting rules vectorised with Polars for thousands to millions of filings.

``greenmfg.core.batch.accounting`` reproduces ``greenmfg.core.accounting.account``
exactly (same coefficients from ``accounting.resolve``, same arithmetic order, sums in
line order).
"""
