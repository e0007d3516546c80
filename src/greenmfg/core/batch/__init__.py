"""Batch (Polars) versions of the core rules, for thousands to millions of units."""
