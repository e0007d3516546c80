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
