"""Enterprise names as the notices print them, reduced to a key that survives the usual
variations (名称规范化).

The same enterprise appears in different notices as ``苏州绿源钢铁股份有限公司``,
``苏州绿源钢铁有限公司`` or ``苏州绿源钢铁（集团）有限公司``, with full-width or half-width
brackets and stray spaces.  :func:`name_key` folds these to one key:

1. Unicode NFKC (full-width letters, digits and brackets become half-width);
2. every kind of bracket (（）【】〔〕[]〈〉) and its content is kept, the brackets go;
3. white space and the punctuation ·・,.，、- are dropped;
4. a trailing legal form (组织形式) is dropped: 股份有限公司, 有限责任公司, 有限公司,
   股份公司, 公司 (longest first);
5. Latin letters are lower-cased.

:func:`exact_form` is the lighter form used for an *exact* match: NFKC and white space
only, so ``（集团）`` and ``(集团)`` are the same name but ``股份有限公司`` and
``有限公司`` are not.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from rapidfuzz import fuzz

LEGAL_FORMS: Final = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司")
"""Legal-form suffixes (公司组织形式), longest first."""

_BRACKETS: Final = re.compile(r"[()\[\]【】〔〕〈〉<>{}（）]")
_NOISE: Final = re.compile(r"[\s·・,.，、。\-—_\"'“”‘’]+")
_SPACE: Final = re.compile(r"\s+")


def exact_form(name: str) -> str:
    """NFKC with every white space removed: the form two *identical* names share."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))


def clean_name(name: str) -> str:
    """A name as stored: surrounding and repeated white space removed, nothing else."""
    return _SPACE.sub(" ", (name or "").replace("\u3000", " ")).strip()


def name_key(name: str) -> str:
    """The normalised key of a name (see the module's description)."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _BRACKETS.sub("", text)
    text = _NOISE.sub("", text)
    for form in LEGAL_FORMS:
        if text.endswith(form) and len(text) > len(form):
            text = text[: -len(form)]
            break
    return text.lower()


def region_free_key(name: str) -> str:
    """:func:`name_key` without the region names it starts with (江苏, 苏州市, 苏州 …):
    notices write ``苏州市华达钢铁`` or ``华达钢铁`` for the registered ``苏州华达钢铁``."""
    from greenmfg.core.onboarding.regions import region_prefixes

    key = name_key(name)
    changed = True
    while changed:
        changed = False
        for prefix in region_prefixes():
            if key.startswith(prefix) and len(key) - len(prefix) >= 2:
                key = key[len(prefix) :]
                changed = True
                break
    return key


def similarity(a: str, b: str) -> float:
    """0–100: rapidfuzz's normalised Indel similarity of the two names' keys."""
    return float(fuzz.ratio(name_key(a), name_key(b)))
