"""The synthetic national data set generator, deterministic by seed.

How the list history is built (years 2017–2025, see ``synth/data/national_batches.csv``):

* National batch sizes at scale ``s`` are ``round(real × s)`` (at least 1 when the real
  size is not 0), exactly, per carrier (factories, parks, supply-chain enterprises,
  design products).
* Provincial lists of a year hold ``PROVINCIAL_MULTIPLIER`` × that year's national size;
  municipal lists ``MUNICIPAL_MULTIPLIER`` × the provincial size (factories and
  supply-chain enterprises only: parks and design products have no municipal list here).
* Gradient cultivation (梯度培育): national candidates are drawn from the same province's
  provincial list (listed the same year before the batch date, or earlier, and still
  listed); when a province has none left, a unit is put on its provincial list first.
  ``PROMOTE_SHARE`` of provincial listings are promoted from the municipal list.
* Dynamic management: from 2018 on, each year removes a share drawn from
  ``REMOVAL_RATE`` (1–2 %) of the units listed at each level in earlier years, with a
  reason; a removed unit is not listed again at any level for ``BAR_YEARS`` years.
* Provinces are drawn with the weights of ``synth/data/province_weights.csv`` (the east
  far ahead of the west), cities with random weights (the capital ×3).
* Annual filings (2021–2025) are made for every enterprise on a provincial or national
  factory or supply-chain list.  Quota industries get unit-product intensities inside
  the bands of the accounting quota data (``core/data/quotas``): about 8 % better than
  level 1, 78 % between levels 1 and 3, 14 % above level 3; ``ABNORMAL_SHARE`` of them
  are made abnormal on purpose and listed in ``abnormal_filings`` with the reason.
"""

from __future__ import annotations

from greenmfg.synth.generator.base import (
    ABNORMAL_SHARE,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    FILING_YEARS,
    INSTITUTIONS_AT_SCALE_1,
    LEVELS,
    MUNICIPAL_MULTIPLIER,
    PROMOTE_SHARE,
    PROVINCIAL_MULTIPLIER,
    REMOVAL_RATE,
    REMOVALS_FROM,
    YEARS,
    Progress,
    scaled,
)
from greenmfg.synth.generator.filings import filing_intensity
from greenmfg.synth.generator.run import batch_sizes, generate
from greenmfg.synth.model import BAR_YEARS

__all__ = [
    "ABNORMAL_SHARE",
    "BAR_YEARS",
    "DEFAULT_SCALE",
    "DEFAULT_SEED",
    "FILING_YEARS",
    "INSTITUTIONS_AT_SCALE_1",
    "LEVELS",
    "MUNICIPAL_MULTIPLIER",
    "PROMOTE_SHARE",
    "PROVINCIAL_MULTIPLIER",
    "REMOVALS_FROM",
    "REMOVAL_RATE",
    "YEARS",
    "Progress",
    "batch_sizes",
    "filing_intensity",
    "generate",
    "scaled",
]
