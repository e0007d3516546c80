"""Indices of the green manufacturing system (绿色制造指数).

- :mod:`.methods` — the versioned method files (weights, leading values) as typed data.
- :mod:`.greencode` — the enterprise green code (企业绿码): score, ranks, A+ / A / B grades.
- :mod:`.degrees` — the green manufacturing degrees GD / LCD / CD / SD per unit qualified
  product (绿色度 / 低碳度 / 循环度 / 智能度) and their aggregation.
- :mod:`.regional` — the regional green manufacturing index (区域绿色制造指数).

Pure Python: no Django, no database.  :mod:`greenmfg.core.batch.indices` holds the
Polars versions, tested to agree exactly with these.
"""
