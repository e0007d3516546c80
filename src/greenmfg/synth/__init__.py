"""Synthetic national data for the green manufacturing system (绿色制造体系), by seed.

``generate(seed=…, scale=…)`` returns a :class:`SyntheticDataset`: enterprises, parks
with members, supply-chain leaders with suppliers, products, evaluation institutions,
the list history 2017–2025 at municipal, provincial and national level, and annual
energy filings 2021–2025 in the filing interchange format.  Scale 1 is national size.
"""

from greenmfg.synth.generator import (
    DEFAULT_SCALE,
    DEFAULT_SEED,
    batch_sizes,
    filing_intensity,
    generate,
    scaled,
)
from greenmfg.synth.model import (
    AbnormalFiling,
    AbnormalKind,
    BatchInfo,
    RemovalReason,
    SynthEnterprise,
    SyntheticDataset,
    SynthInstitution,
    SynthListing,
    SynthPark,
    SynthParkLevel,
    SynthParkMember,
    SynthProduct,
    SynthSupplierLink,
)

__all__ = [
    "DEFAULT_SCALE",
    "DEFAULT_SEED",
    "AbnormalFiling",
    "AbnormalKind",
    "BatchInfo",
    "RemovalReason",
    "SynthEnterprise",
    "SynthInstitution",
    "SynthListing",
    "SynthPark",
    "SynthParkLevel",
    "SynthParkMember",
    "SynthProduct",
    "SynthSupplierLink",
    "SyntheticDataset",
    "batch_sizes",
    "filing_intensity",
    "generate",
    "scaled",
]
