"""Registry (名录): the units of the green manufacturing system and their list history.

- :mod:`.units` — enterprises (factories and supply-chain leaders), industrial parks and
  their members, supplier links, products.
- :mod:`.listings` — which unit is on which level's list since which year, and when and
  why it left.
- :mod:`.institutions` — third-party evaluation institutions (第三方评价机构).
- :mod:`.events` — the audit trail of every registry write.
- :mod:`.exports` — large Excel exports of the list search, built in the background.
"""

from greenmfg.platform.registry.models.events import RegistryEvent
from greenmfg.platform.registry.models.exports import ListExport
from greenmfg.platform.registry.models.institutions import EvaluationInstitution
from greenmfg.platform.registry.models.listings import Listing
from greenmfg.platform.registry.models.units import (
    Enterprise,
    Park,
    ParkLevel,
    ParkMembership,
    Product,
    SupplierLink,
)

__all__ = [
    "Enterprise",
    "EvaluationInstitution",
    "ListExport",
    "Listing",
    "Park",
    "ParkLevel",
    "ParkMembership",
    "Product",
    "RegistryEvent",
    "SupplierLink",
]
