"""Onboarding (数据迁移): bringing a province's existing data into greenmfg.

Pure parsing and matching, no database:

- :mod:`.names` — enterprise-name normalisation (有限公司/股份有限公司, brackets,
  full-width characters) and fuzzy scores;
- :mod:`.tables` — the rows of an annex or workbook (.xlsx, .csv, PDF with a text layer);
- :mod:`.layout` — which column holds what, detected from the header row;
- :mod:`.matching` — matching an official list's rows to registered enterprises;
- :mod:`.regions` — region names as the notices write them (苏州, 苏州市, 江苏省);
- :mod:`.masterdata` — enterprise master-data rows, validated with row and column;
- :mod:`.past_filings` — several enterprises' annual data in one workbook.
"""
