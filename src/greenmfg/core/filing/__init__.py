"""The annual filing (年度数据填报) of one enterprise: the interchange model and its
readers (JSON, CSV, .xlsx) and the .xlsx template writer."""

from greenmfg.core.filing.model import (
    EconomicData,
    EnergyLine,
    EnterpriseRef,
    Filing,
    Measured,
    Origin,
    ProcessLine,
    ProductLine,
    ResourceData,
)

__all__ = [
    "EconomicData",
    "EnergyLine",
    "EnterpriseRef",
    "Filing",
    "Measured",
    "Origin",
    "ProcessLine",
    "ProductLine",
    "ResourceData",
]
