"""Industry profiles of the generator: how often a class appears and what its plants look like.

Every number here is a synthetic assumption chosen to be plausible, not a statistic
(status: unverified).  Quota products take their intensity bands from
the accounting quota data (core/data/quotas, factors.md §3), not from this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

Mix = tuple[tuple[str, float], ...]
"""Shares of the target energy (kgce) by carrier; they sum to 1."""


@dataclass(frozen=True, slots=True)
class QuotaProduct:
    """A quota product a plant of the class may file, with its plant size and price."""

    product: str  # accounting catalogue code with an energy quota in core/data/quotas
    share: float  # chance a plant of the class makes this product
    capacity_t: float  # median yearly output, t
    price_yuan_t: float
    mix: Mix
    process: tuple[tuple[str, float], ...] = ()  # (material, t per t of product)


@dataclass(frozen=True, slots=True)
class IndustryProfile:
    code: str
    weight: float  # relative frequency among listed factories
    word: str  # 字号后的行业词 in enterprise names
    employees: int  # median headcount
    output_per_employee: float  # 万元 per person per year
    va_ratio: float  # value added ÷ output value
    land_per_output: float  # m² of land per 万元 of output
    energy_per_output: float  # kgce per 万元 of output (non-quota classes)
    water_per_output: float  # m³ withdrawn per 万元
    reuse_ratio: float  # water reused ÷ water withdrawn
    waste_per_output: float  # t of solid waste per 万元
    mix: Mix
    filing_product: str | None = None  # catalogue product code for non-quota classes
    quota: tuple[QuotaProduct, ...] = ()


_E, _NG, _ST, _COAL, _COKE, _HEAT = (
    "electricity",
    "natural_gas",
    "steam",
    "bituminous_coal",
    "coke",
    "heat",
)


def _p(
    code: str,
    weight: float,
    word: str,
    employees: int,
    ope: float,
    va: float,
    land: float,
    energy: float,
    water: float,
    reuse: float,
    waste: float,
    mix: Mix,
    filing_product: str | None = None,
    quota: tuple[QuotaProduct, ...] = (),
) -> IndustryProfile:
    return IndustryProfile(
        code, weight, word, employees, ope, va, land, energy, water, reuse, waste, mix,
        filing_product, quota,
    )  # fmt: skip


_LIGHT: Final[Mix] = ((_E, 0.78), (_NG, 0.17), ("diesel", 0.05))
_HEATED: Final[Mix] = ((_E, 0.45), (_ST, 0.35), (_NG, 0.17), ("diesel", 0.03))
_FIRED: Final[Mix] = ((_NG, 0.55), (_E, 0.35), (_COAL, 0.08), ("diesel", 0.02))

PROFILES: Final[MappingProxyType[str, IndustryProfile]] = MappingProxyType(
    {
        p.code: p
        for p in (
            _p("1331", 1.2, "粮油", 300, 350, 0.12, 3.0, 60, 2.0, 3, 0.05, _HEATED),
            _p("1340", 0.5, "糖业", 600, 80, 0.2, 8.0, 350, 15, 5, 0.8, _HEATED),
            _p("1441", 1.0, "乳业", 800, 150, 0.25, 4.0, 70, 6.0, 2, 0.03, _HEATED),
            _p("1512", 0.8, "酒业", 900, 90, 0.45, 6.0, 80, 6.0, 2, 0.2, _HEATED),
            _p("1513", 0.8, "啤酒", 500, 120, 0.3, 5.0, 120, 8.0, 2, 0.1, _HEATED),
            _p("1711", 1.2, "纺织", 600, 60, 0.22, 5.0, 200, 1.5, 2, 0.02, _LIGHT),
            _p("1713", 1.5, "印染", 400, 70, 0.2, 4.0, 380, 18, 1.5, 0.05, _HEATED),
            _p("1751", 1.2, "织造", 350, 70, 0.2, 4.0, 120, 3.0, 2, 0.02, _LIGHT),
            _p("1819", 1.0, "服饰", 900, 35, 0.25, 2.0, 30, 1.0, 1, 0.01, _LIGHT),
            _p("2110", 1.2, "家具", 500, 50, 0.25, 5.0, 40, 0.5, 1, 0.05, _LIGHT),
            _p(
                "2221",
                2.0,
                "纸业",
                700,
                150,
                0.22,
                6.0,
                650,
                20,
                8,
                0.15,
                ((_COAL, 0.35), (_ST, 0.3), (_E, 0.3), (_NG, 0.05)),
                "paper",
            ),
            _p(
                "2511",
                0.8,
                "石化",
                1500,
                600,
                0.15,
                3.0,
                450,
                3.0,
                30,
                0.03,
                ((_NG, 0.45), (_E, 0.25), (_ST, 0.25), ("diesel", 0.05)),
            ),
            _p(
                "2521",
                0.6,
                "焦化",
                1200,
                250,
                0.12,
                4.0,
                1300,
                4.0,
                20,
                0.05,
                ((_COAL, 0.85), (_E, 0.1), (_ST, 0.05)),
            ),
            _p(
                "2612",
                1.0,
                "氯碱化工",
                900,
                200,
                0.25,
                5.0,
                0,
                3.0,
                25,
                0.3,
                (),
                quota=(
                    QuotaProduct("caustic_soda_30", 0.5, 250_000, 900, ((_E, 0.88), (_ST, 0.12))),
                    QuotaProduct("caustic_soda_45", 0.3, 200_000, 1300, ((_E, 0.72), (_ST, 0.28))),
                    QuotaProduct(
                        "caustic_soda_98", 0.2, 120_000, 3000, ((_E, 0.52), (_ST, 0.18), (_NG, 0.3))
                    ),
                ),
            ),
            _p(
                "2614",
                0.8,
                "煤化工",
                1100,
                250,
                0.2,
                5.0,
                0,
                4.0,
                30,
                0.4,
                (),
                quota=(
                    QuotaProduct("methanol_coal", 0.75, 600_000, 2300, ((_COAL, 0.9), (_E, 0.1))),
                    QuotaProduct("methanol_gas", 0.25, 400_000, 2300, ((_NG, 0.92), (_E, 0.08))),
                ),
            ),
            _p(
                "2621",
                0.8,
                "化肥",
                900,
                200,
                0.2,
                5.0,
                1100,
                4.0,
                25,
                0.2,
                ((_COAL, 0.7), (_E, 0.2), (_ST, 0.1)),
            ),
            _p("2641", 1.2, "涂料", 300, 250, 0.25, 2.5, 40, 0.8, 3, 0.03, _LIGHT),
            _p(
                "2651",
                0.8,
                "化工",
                900,
                300,
                0.2,
                4.0,
                0,
                3.0,
                25,
                0.5,
                (),
                quota=(QuotaProduct("pvc_carbide", 1.0, 300_000, 6000, ((_E, 0.55), (_ST, 0.45))),),
            ),
            _p("2720", 2.0, "制药", 800, 180, 0.4, 3.0, 60, 3.0, 4, 0.04, _HEATED),
            _p("2822", 1.2, "化纤", 1200, 250, 0.15, 3.0, 160, 2.5, 20, 0.02, _HEATED),
            _p("2911", 1.5, "轮胎", 2500, 120, 0.22, 3.0, 160, 1.5, 10, 0.05, _HEATED),
            _p("2921", 1.2, "塑业", 300, 120, 0.2, 3.0, 110, 0.5, 5, 0.03, _LIGHT),
            _p(
                "3011",
                4.0,
                "水泥",
                500,
                120,
                0.3,
                10.0,
                0,
                1.0,
                5,
                0.02,
                (),
                quota=(
                    QuotaProduct(
                        "clinker",
                        1.0,
                        1_500_000,
                        280,
                        ((_COAL, 0.93), (_E, 0.07)),
                        (("limestone", 1.22),),
                    ),
                ),
            ),
            _p(
                "3041",
                1.2,
                "玻璃",
                800,
                150,
                0.25,
                6.0,
                900,
                1.0,
                10,
                0.05,
                ((_NG, 0.7), (_E, 0.25), ("diesel", 0.05)),
                "glass",
            ),
            _p("3071", 1.5, "陶瓷", 900, 90, 0.25, 6.0, 700, 1.5, 3, 0.1, _FIRED),
            _p(
                "3110",
                1.5,
                "钢铁",
                4000,
                350,
                0.2,
                5.0,
                0,
                1.5,
                40,
                0.6,
                (),
                quota=(
                    QuotaProduct(
                        "hot_metal", 0.6, 3_000_000, 2800, ((_COKE, 0.62), (_COAL, 0.3), (_E, 0.08))
                    ),
                    QuotaProduct(
                        "sinter",
                        0.25,
                        4_000_000,
                        900,
                        ((_COKE, 0.75), (_E, 0.17), (_NG, 0.08)),
                        (("limestone", 0.1),),
                    ),
                    QuotaProduct(
                        "pellet", 0.15, 1_500_000, 1000, ((_COAL, 0.6), (_E, 0.3), (_NG, 0.1))
                    ),
                ),
            ),
            _p(
                "3120",
                2.0,
                "特钢",
                3000,
                400,
                0.2,
                5.0,
                0,
                1.2,
                40,
                0.5,
                (),
                quota=(
                    QuotaProduct(
                        "crude_steel_eaf",
                        0.6,
                        800_000,
                        3800,
                        ((_E, 0.85), (_NG, 0.15)),
                        (("limestone", 0.04),),
                    ),
                    QuotaProduct(
                        "crude_steel_bof",
                        0.4,
                        3_000_000,
                        3600,
                        ((_E, 0.65), (_NG, 0.2), (_ST, 0.15)),
                        (("dolomite", 0.02),),
                    ),
                ),
            ),
            _p(
                "3130",
                2.0,
                "钢材",
                1500,
                350,
                0.15,
                4.0,
                250,
                1.0,
                20,
                0.1,
                _FIRED,
                "steel_products",
            ),
            _p("3211", 0.8, "铜业", 1500, 800, 0.08, 2.0, 120, 0.8, 20, 0.3, _FIRED),
            _p(
                "3216",
                1.2,
                "铝业",
                1500,
                500,
                0.12,
                4.0,
                0,
                0.8,
                15,
                0.1,
                (),
                quota=(
                    QuotaProduct(
                        "aluminium_ingot", 0.75, 300_000, 18500, ((_E, 0.975), (_NG, 0.025))
                    ),
                    QuotaProduct(
                        "alumina",
                        0.25,
                        1_000_000,
                        2900,
                        ((_COAL, 0.45), (_NG, 0.25), (_ST, 0.2), (_E, 0.1)),
                    ),
                ),
            ),
            _p("3252", 1.5, "铝材", 800, 250, 0.15, 3.0, 120, 0.8, 5, 0.05, _FIRED),
            _p("3311", 1.5, "钢构", 600, 120, 0.22, 4.0, 60, 0.3, 1, 0.05, _LIGHT),
            _p("3441", 1.5, "泵业", 700, 100, 0.28, 3.0, 30, 0.3, 1, 0.03, _LIGHT),
            _p("3451", 1.2, "轴承", 1000, 90, 0.28, 3.0, 50, 0.4, 2, 0.05, _LIGHT),
            _p("3514", 1.5, "重工", 2000, 200, 0.25, 4.0, 25, 0.3, 2, 0.03, _LIGHT),
            _p("3611", 2.0, "汽车", 4000, 400, 0.2, 3.0, 20, 0.6, 3, 0.02, _LIGHT),
            _p("3612", 2.0, "新能源汽车", 3500, 400, 0.2, 3.0, 20, 0.6, 3, 0.02, _LIGHT),
            _p("3670", 5.0, "汽车零部件", 900, 120, 0.25, 2.5, 40, 0.5, 2, 0.03, _LIGHT),
            _p("3731", 0.6, "船舶", 3000, 150, 0.2, 8.0, 40, 0.3, 1, 0.05, _LIGHT),
            _p("3825", 2.5, "光伏", 2000, 200, 0.18, 2.5, 60, 1.5, 5, 0.02, _LIGHT),
            _p("3841", 2.5, "锂电", 2500, 250, 0.2, 2.0, 40, 0.8, 3, 0.02, _LIGHT),
            _p("3851", 1.2, "电器", 3000, 150, 0.2, 2.5, 20, 0.3, 2, 0.01, _LIGHT),
            _p("3852", 1.2, "空调", 3500, 160, 0.2, 2.5, 18, 0.3, 2, 0.01, _LIGHT),
            _p("3911", 1.5, "电脑", 5000, 300, 0.1, 1.0, 5, 0.2, 1, 0.005, _LIGHT),
            _p("3921", 1.5, "通信", 2000, 250, 0.25, 1.0, 8, 0.2, 1, 0.005, _LIGHT),
            _p("3971", 0.5, "电子", 600, 80, 0.25, 2.0, 40, 1.0, 2, 0.01, _LIGHT),
            _p("3973", 1.5, "微电子", 1500, 200, 0.35, 1.5, 120, 4.0, 4, 0.01, _LIGHT),
            _p("3974", 1.5, "光电", 3000, 200, 0.25, 1.5, 150, 3.0, 4, 0.01, _LIGHT),
            _p("3982", 2.0, "电路", 1500, 100, 0.25, 1.5, 100, 3.0, 3, 0.02, _LIGHT),
            _p("4011", 1.5, "自动化", 600, 150, 0.35, 1.0, 15, 0.2, 1, 0.005, _LIGHT),
            _p("4210", 1.0, "再生资源", 300, 300, 0.1, 4.0, 200, 0.5, 2, 0.1, _FIRED),
        )
    }
)

QUOTA_CLASSES: Final = tuple(code for code, p in PROFILES.items() if p.quota)
