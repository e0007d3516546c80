"""The shared vocabulary of the green manufacturing system (绿色制造体系)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Who a platform account acts as."""

    ENTERPRISE = "enterprise"  # 企业
    EVALUATOR = "evaluator"  # 第三方评价机构
    MUNICIPAL = "municipal"  # 市级工信部门
    PROVINCIAL = "provincial"  # 省级工信部门
    NATIONAL = "national"  # 工业和信息化部
    EXPERT = "expert"  # 评审专家
    ADMIN = "admin"  # 平台管理员


AUTHORITY_ROLES: frozenset[Role] = frozenset({Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL})


class ListLevel(StrEnum):
    """The level of a green manufacturing list (名单层级)."""

    MUNICIPAL = "municipal"  # 市级
    PROVINCIAL = "provincial"  # 省级
    NATIONAL = "national"  # 国家级


LEVEL_ORDER: dict[ListLevel, int] = {
    ListLevel.MUNICIPAL: 1,
    ListLevel.PROVINCIAL: 2,
    ListLevel.NATIONAL: 3,
}


class UnitKind(StrEnum):
    """The four carriers of the green manufacturing system (四类载体)."""

    FACTORY = "factory"  # 绿色工厂
    PARK = "park"  # 绿色工业园区
    SUPPLY_CHAIN = "supply_chain"  # 绿色供应链管理企业
    PRODUCT = "product"  # 绿色设计产品


class VetoItem(StrEnum):
    """The six veto conditions (一票否决) of Art. 15 of the Interim Measures for Gradient
    Cultivation and Management of Green Factories (工信部节〔2024〕13号): any of them in the
    past three years bars a unit.  Applications are checked against them at submission
    and at the formal check; listed units declare them in their annual table; the
    standards' veto conditions cite them by clause (see :data:`VETO_CLAUSES`)."""

    NOT_OPERATING = "not_operating"  # 未正常经营: 注销、连续停产12个月以上、经营异常名录
    ACCIDENT_OR_TAX = "accident_or_tax"  # 安全(含网络数据安全)、质量、环境污染事故或偷漏税
    REMOVED_BY_ADJUSTMENT = "removed_by_adjustment"  # 被动态调整移出名单
    INSPECTION_PROBLEM = "inspection_problem"  # 国务院或部委督查发现严重问题
    SUPERVISION_NOT_RECTIFIED = "supervision_not_rectified"  # 节能监察整改名单且未整改
    DISHONEST_DEBTOR = "dishonest_debtor"  # 失信被执行人


# (Chinese, English) names of the veto conditions.
VETO_LABELS: dict[VetoItem, tuple[str, str]] = {
    VetoItem.NOT_OPERATING: (
        "未正常经营(注销、连续停产12个月以上或列入经营异常名录)",
        "Not operating normally (deregistered, halted 12+ months, or on the abnormal-operation list)",
    ),
    VetoItem.ACCIDENT_OR_TAX: (
        "发生安全(含网络和数据安全)、质量、环境污染事故或偷漏税",
        "A safety (incl. cyber/data), quality or environmental-pollution accident, or tax evasion",
    ),
    VetoItem.REMOVED_BY_ADJUSTMENT: (
        "因动态调整被移出名单",
        "Removed from a list by dynamic adjustment",
    ),
    VetoItem.INSPECTION_PROBLEM: (
        "国务院或部委督查检查发现严重问题",
        "Serious problems found in a State Council or ministry inspection",
    ),
    VetoItem.SUPERVISION_NOT_RECTIFIED: (
        "列入节能监察整改名单且未完成整改",
        "On the energy-saving-supervision rectification list and not rectified",
    ),
    VetoItem.DISHONEST_DEBTOR: (
        "被列为失信被执行人",
        "Listed as a dishonest judgment debtor",
    ),
}

# The clause of Art. 15 each condition is, as the standard files cite it.
VETO_CLAUSES: dict[VetoItem, str] = {
    VetoItem.NOT_OPERATING: "第十五条 (一)",
    VetoItem.ACCIDENT_OR_TAX: "第十五条 (二)",
    VetoItem.REMOVED_BY_ADJUSTMENT: "第十五条 (三)",
    VetoItem.INSPECTION_PROBLEM: "第十五条 (四)",
    VetoItem.SUPERVISION_NOT_RECTIFIED: "第十五条 (五)",
    VetoItem.DISHONEST_DEBTOR: "第十五条 (六)",
}


def veto_item_for_clause(clause: str | None) -> VetoItem | None:
    """The Art. 15 condition a standard's veto clause cites, if it cites one."""
    normalised = (clause or "").replace(" ", "").replace("（", "(").replace("）", ")")
    for item, cited in VETO_CLAUSES.items():
        if normalised == cited.replace(" ", ""):
            return item
    return None
