"""Unified social credit code (GB 32100-2015) check character and validation."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.core.codes import uscc
from greenmfg.core.errors import ErrorCode, InvalidUSCCError


def _check_by_hand(first17: str) -> str:
    # Independent re-statement of GB 32100-2015 Annex A: value = index in the charset,
    # weight = 3^(i-1) mod 31, check = 31 - (sum mod 31), 31 -> 0.
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(charset.index(c) * w for c, w in zip(first17, weights, strict=True))
    return charset[(31 - total % 31) % 31]


def test_weights_are_powers_of_three_mod_31() -> None:
    assert uscc.WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(uscc.CHARSET) == 31
    assert not set("IOZSV") & set(uscc.CHARSET)


def test_standard_example_code() -> None:
    # The worked example printed with GB 32100-2015: 91350100M000100Y4 -> check '3'.
    assert uscc.check_character("91350100M000100Y4") == _check_by_hand("91350100M000100Y4")
    assert uscc.check_character("91350100M000100Y4") == "3"
    assert uscc.validate("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",
        "91110000802100433B",
        uscc.make("91320500MA1MXXX4P"),
        uscc.make("12100000400010398"),
        uscc.make("5111000050000421X"),
        uscc.make("Y1440300MA5DXXXXX"),
    ],
)
def test_valid_codes(code: str) -> None:
    assert uscc.is_valid(code)
    assert uscc.validate(code) == code


def test_validate_normalises_case_and_whitespace() -> None:
    assert uscc.validate(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert uscc.validate("9135 0100 M000 100Y 43") == "91350100M000100Y43"


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(InvalidUSCCError) as info:
        uscc.validate("91350100M000100Y4X")
    err = info.value
    assert err.code is ErrorCode.INVALID_USCC
    assert err.params["reason"] == "check character is 'X', expected '3'"
    assert err.params["expected"] == "3"
    assert "expected '3'" in str(err)


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y4", "expected 18 characters, got 17"),
        ("91350100M000100Y433", "expected 18 characters, got 19"),
        ("91350100M00010OY43", "character 'O' at position 15 is not allowed"),
        ("91350100I000100Y43", "character 'I' at position 9 is not allowed"),
        ("B1350100M000100Y43", "unknown registration authority code 'B'"),
        ("94350100M000100Y43", "unknown organisation type code '4' at position 2"),
        ("9135A100M000100Y43", "6-digit administrative division code"),
        ("", "expected 18 characters, got 0"),
    ],
)
def test_specific_reasons(code: str, fragment: str) -> None:
    with pytest.raises(InvalidUSCCError) as info:
        uscc.validate(code)
    assert fragment in info.value.params["reason"]
    assert not uscc.is_valid(code)


def test_non_text_is_refused() -> None:
    with pytest.raises(InvalidUSCCError):
        uscc.validate(913501001)  # type: ignore[arg-type]


def test_parse_fields() -> None:
    parts = uscc.parse("91350100M000100Y43")
    assert parts.registration_authority == "9"
    assert parts.organisation_type == "1"
    assert parts.adcode == "350100"
    assert parts.organisation_code == "M000100Y4"
    assert parts.check == "3"
    assert parts.is_enterprise
    assert "工商" in parts.registration_authority_name
    assert "企业" in parts.organisation_type_name
    assert uscc.adcode_of("91350100M000100Y43") == "350100"
    assert uscc.registration_authority("91350100M000100Y43") == "9"
    assert uscc.organisation_type("91350100M000100Y43") == "1"


def test_make_refuses_bad_prefix() -> None:
    with pytest.raises(InvalidUSCCError, match="expected 17 characters"):
        uscc.make("9135")
    with pytest.raises(InvalidUSCCError, match="not allowed"):
        uscc.make("91350100M00010SY4")


def test_error_pickles() -> None:
    with pytest.raises(InvalidUSCCError) as info:
        uscc.validate("91350100M000100Y4X")
    again = pickle.loads(pickle.dumps(info.value))
    assert again.params == info.value.params


_body = st.text(alphabet=uscc.CHARSET, min_size=9, max_size=9)
_adcode = st.from_regex(r"\A[1-6][0-9]{5}\Z")


@given(body=_body, adcode=_adcode)
def test_make_always_validates_and_matches_independent_formula(body: str, adcode: str) -> None:
    prefix = "91" + adcode + body
    code = uscc.make(prefix)
    assert code[:17] == prefix
    assert code[17] == _check_by_hand(prefix)
    assert uscc.is_valid(code)


@given(body=_body, adcode=_adcode, position=st.integers(0, 17), data=st.data())
def test_any_single_substitution_is_detected(
    body: str, adcode: str, position: int, data: st.DataObject
) -> None:
    code = uscc.make("91" + adcode + body)
    replacement = data.draw(st.sampled_from([c for c in uscc.CHARSET if c != code[position]]))
    mutated = code[:position] + replacement + code[position + 1 :]
    assert not uscc.is_valid(mutated)


def test_organisation_code_check() -> None:
    # GB 11714: 12345678 -> 3*1+7*2+9*3+10*4+5*5+8*6+4*7+2*8 = 201; 201 mod 11 = 3; 11-3 = 8
    assert uscc.organisation_code_check("12345678") == "8"
    # MA000100: M=22, A=10 -> 66+70+0+0+0+8+0+0 = 144; 144 mod 11 = 1; 11-1 = 10 -> X
    assert uscc.organisation_code_check("MA000100") == "X"
    # 00000000 -> sum 0 -> 11 -> '0'
    assert uscc.organisation_code_check("00000000") == "0"
    with pytest.raises(InvalidUSCCError, match="8 letters or digits"):
        uscc.organisation_code_check("1234567")


def test_standard_example_has_a_consistent_organisation_code() -> None:
    # M000100Y -> 22*3 + 1*5 + 34*2 = 139; 139 mod 11 = 7; 11 - 7 = 4 (position 17 of the example)
    assert uscc.organisation_code_check("M000100Y") == "4"
