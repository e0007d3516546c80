"""Unified social credit code (统一社会信用代码), GB 32100-2015.

Structure of the 18 characters (GB 32100-2015, clause 4):

==========  ====================================================================
position    meaning
==========  ====================================================================
1           registration authority code (登记管理部门代码), e.g. ``9`` = 工商/市场监管
2           organisation type code (机构类别代码), e.g. ``91`` = 企业 (enterprise)
3–8         administrative division code of the registering authority (登记管理机关
            行政区划码, GB/T 2260)
9–17        organisation code (主体标识码 / 组织机构代码, GB 11714)
18          check character (校验码), computed here
==========  ====================================================================

Character set: the digits and the capital letters except I, O, Z, S, V — 31 symbols
whose value is their index in :data:`CHARSET`.  Weights ``W_i = 3^(i-1) mod 31`` for
positions 1..17; ``check = 31 - (Σ C_i·W_i mod 31)`` and a result of 31 is written ``0``
(GB 32100-2015, clause 5 and Annex A).

Status of the authority/type tables below: secondary (transcribed from the standard's
published tables as reproduced in public references; not re-checked against the PDF).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from greenmfg.core.errors import InvalidUSCCError

CHARSET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100-2015 (no I, O, Z, S, V); value = index."""

WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))
"""Position weights ``3^(i-1) mod 31`` for positions 1..17."""

LENGTH: Final = 18

_VALUE: Final = MappingProxyType({ch: i for i, ch in enumerate(CHARSET)})

REGISTRATION_AUTHORITIES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "1": "机构编制 (institutional establishment)",
        "2": "外交 (foreign affairs)",
        "3": "司法行政 (justice)",
        "4": "文化 (culture)",
        "5": "民政 (civil affairs)",
        "6": "旅游 (tourism)",
        "7": "宗教 (religious affairs)",
        "8": "工会 (trade unions)",
        "9": "工商/市场监管 (market regulation)",
        "A": "中央军委改革和编制办公室 (military establishment)",
        "N": "农业 (agriculture)",
        "Y": "其他 (other)",
    }
)
"""Registration authority codes (登记管理部门代码), position 1."""

ORGANISATION_TYPES: Final[MappingProxyType[str, MappingProxyType[str, str]]] = MappingProxyType(
    {
        "1": MappingProxyType(
            {
                "1": "机关 (government organ)",
                "2": "事业单位 (public institution)",
                "3": "群众团体 (mass organisation under the central establishment office)",
                "9": "其他 (other)",
            }
        ),
        "2": MappingProxyType(
            {"1": "外国常驻新闻机构 (resident foreign news agency)", "9": "其他 (other)"}
        ),
        "3": MappingProxyType(
            {
                "1": "律师执业机构 (law firm)",
                "2": "公证处 (notary office)",
                "3": "基层法律服务所 (grassroots legal service office)",
                "4": "司法鉴定机构 (forensic appraisal institution)",
                "5": "仲裁委员会 (arbitration commission)",
                "9": "其他 (other)",
            }
        ),
        "4": MappingProxyType(
            {"1": "外国在华文化中心 (foreign cultural centre)", "9": "其他 (other)"}
        ),
        "5": MappingProxyType(
            {
                "1": "社会团体 (social organisation)",
                "2": "民办非企业单位 (private non-enterprise unit)",
                "3": "基金会 (foundation)",
                "9": "其他 (other)",
            }
        ),
        "6": MappingProxyType(
            {
                "1": "外国旅游部门常驻代表机构 (foreign tourism office)",
                "2": "港澳台地区旅游部门常驻内地代表机构 (HK/Macao/Taiwan tourism office)",
                "9": "其他 (other)",
            }
        ),
        "7": MappingProxyType(
            {
                "1": "宗教活动场所 (place of religious activity)",
                "2": "宗教院校 (religious college)",
                "9": "其他 (other)",
            }
        ),
        "8": MappingProxyType({"1": "基层工会 (grassroots trade union)", "9": "其他 (other)"}),
        "9": MappingProxyType(
            {
                "1": "企业 (enterprise)",
                "2": "个体工商户 (individual business)",
                "3": "农民专业合作社 (farmers' cooperative)",
            }
        ),
        "A": MappingProxyType({"1": "军队事业单位 (military institution)", "9": "其他 (other)"}),
        "N": MappingProxyType(
            {
                "1": "组级集体经济组织 (group-level collective)",
                "2": "村级集体经济组织 (village-level collective)",
                "3": "乡镇级集体经济组织 (township-level collective)",
                "9": "其他 (other)",
            }
        ),
        "Y": MappingProxyType({"1": "其他 (other)"}),
    }
)
"""Organisation type codes (机构类别代码), position 2, by registration authority."""


@dataclass(frozen=True, slots=True)
class USCCParts:
    """The fields of a valid unified social credit code."""

    code: str
    registration_authority: str  # position 1
    organisation_type: str  # position 2
    adcode: str  # positions 3–8 (GB/T 2260 division of the registering authority)
    organisation_code: str  # positions 9–17 (GB 11714)
    check: str  # position 18

    @property
    def registration_authority_name(self) -> str:
        return REGISTRATION_AUTHORITIES[self.registration_authority]

    @property
    def organisation_type_name(self) -> str:
        return ORGANISATION_TYPES[self.registration_authority][self.organisation_type]

    @property
    def is_enterprise(self) -> bool:
        """True for ``91…`` codes: enterprises registered with market regulation."""
        return self.registration_authority == "9" and self.organisation_type == "1"


def _normalise(code: str) -> str:
    return "".join(str(code).split()).upper()


def _checksum(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return CHARSET[0 if value == 31 else value]


def _illegal_reason(text: str) -> str | None:
    for position, ch in enumerate(text, start=1):
        if ch not in _VALUE:
            return (
                f"character {ch!r} at position {position} is not allowed "
                f"(allowed: digits and capital letters except I, O, Z, S, V)"
            )
    return None


def check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a code."""
    text = _normalise(first17)
    if len(text) != LENGTH - 1:
        raise InvalidUSCCError(
            uscc=first17, reason=f"expected 17 characters before the check, got {len(text)}"
        )
    illegal = _illegal_reason(text)
    if illegal is not None:
        raise InvalidUSCCError(uscc=first17, reason=illegal)
    return _checksum(text)


def validate(code: str) -> str:
    """Return the normalised code (upper case, no whitespace) or raise InvalidUSCCError.

    Checks, in order: length, character set, registration authority code, organisation
    type code, administrative division digits, check character.  Each failure carries a
    specific ``reason``; a wrong check character names the expected one.
    """
    if not isinstance(code, str):
        raise InvalidUSCCError(uscc=repr(code), reason="expected a text value")
    text = _normalise(code)
    if len(text) != LENGTH:
        raise InvalidUSCCError(uscc=code, reason=f"expected 18 characters, got {len(text)}")
    illegal = _illegal_reason(text)
    if illegal is not None:
        raise InvalidUSCCError(uscc=code, reason=illegal)
    authority, org_type = text[0], text[1]
    if authority not in REGISTRATION_AUTHORITIES:
        raise InvalidUSCCError(
            uscc=code,
            reason=(
                f"unknown registration authority code {authority!r} at position 1 "
                f"(expected one of {', '.join(REGISTRATION_AUTHORITIES)})"
            ),
        )
    types = ORGANISATION_TYPES[authority]
    if org_type not in types:
        raise InvalidUSCCError(
            uscc=code,
            reason=(
                f"unknown organisation type code {org_type!r} at position 2 for registration "
                f"authority {authority!r} (expected one of {', '.join(types)})"
            ),
        )
    if not text[2:8].isdigit():
        raise InvalidUSCCError(
            uscc=code,
            reason=f"positions 3-8 must be a 6-digit administrative division code, got {text[2:8]!r}",
        )
    expected = _checksum(text[:17])
    if text[17] != expected:
        raise InvalidUSCCError(
            uscc=code,
            reason=f"check character is {text[17]!r}, expected {expected!r}",
            expected=expected,
        )
    return text


ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
"""GB 11714-1997 weights of the 8-character organisation code body."""


def organisation_code_check(body8: str) -> str:
    """The GB 11714 check character of an organisation code (positions 9–16 of a credit code).

    Values: digits 0–9, letters A–Z 10–35; ``C9 = 11 - (Σ C_i·W_i mod 11)``, 10 → ``X``,
    11 → ``0``.  Informational: GB 32100 validation does not require it.
    """
    text = _normalise(body8)
    if len(text) != 8 or not all(ch.isascii() and ch.isalnum() for ch in text):
        raise InvalidUSCCError(uscc=body8, reason="expected 8 letters or digits")
    total = sum(int(ch, 36) * w for ch, w in zip(text, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def is_valid(code: str) -> bool:
    """True if ``code`` is a valid unified social credit code."""
    try:
        validate(code)
    except InvalidUSCCError:
        return False
    return True


def make(prefix17: str) -> str:
    """Complete the first 17 characters with their check character.

    The prefix must itself be well formed (known authority and type, 6-digit adcode).
    """
    text = _normalise(prefix17)
    code = text + check_character(text)
    return validate(code)


def parse(code: str) -> USCCParts:
    """Validate and split a code into its fields."""
    text = validate(code)
    return USCCParts(
        code=text,
        registration_authority=text[0],
        organisation_type=text[1],
        adcode=text[2:8],
        organisation_code=text[8:17],
        check=text[17],
    )


def registration_authority(code: str) -> str:
    """Position 1 of a valid code, e.g. ``'9'`` (工商/市场监管)."""
    return parse(code).registration_authority


def organisation_type(code: str) -> str:
    """Position 2 of a valid code, e.g. ``'1'`` (企业 under authority 9)."""
    return parse(code).organisation_type


def adcode_of(code: str) -> str:
    """The embedded 6-digit administrative division code (positions 3–8)."""
    return parse(code).adcode
