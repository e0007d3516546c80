"""The core returns codes, templates and params; the platform translates them.

Every message template the core can put in front of a user must have a zh-Hans
translation: the pydantic error-type table, every coded error's template, every
import-issue text written literally in the core (found in the source, so a new one
without a translation fails here) and every warning or note of the accounting engine
(``core.accounting.messages``; the engine may build them from those constants only).
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import polib
import pytest
from django.utils import translation
from pydantic_core.core_schema import ErrorType

import greenmfg.core
import greenmfg.platform
from greenmfg.core import errors as core_errors
from greenmfg.core.accounting import messages as accounting_messages
from greenmfg.core.supervision import support as supervision_support
from greenmfg.core.validation_messages import TEMPLATES, template_for

CORE = Path(greenmfg.core.__file__).parent
PLATFORM = Path(greenmfg.platform.__file__).parent


def _catalogue() -> dict[str, str]:
    """msgid → msgstr of every zh-Hans catalogue of the platform."""
    out: dict[str, str] = {}
    for po_path in PLATFORM.rglob("locale/zh_Hans/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete and not entry.msgctxt:
                out[entry.msgid] = entry.msgstr
    return out


def _error_templates() -> set[str]:
    out = set()
    for obj in vars(core_errors).values():
        if isinstance(obj, type) and issubclass(obj, core_errors.GreenmfgError):
            out.add(obj.template)
    return out


# Functions of the core that build an ImportIssue from their ``message=``/``expected=``.
ISSUE_BUILDERS = {"ImportIssue", "issue", "_issue", "_unreadable"}


def _issue_literals() -> set[str]:
    """String constants passed as ``message=``/``expected=`` to ``ImportIssue`` (or a
    helper building one) by the filing reader (the annual filing import every
    enterprise uses), the rest of ``core.filing`` and the onboarding imports
    (``core.onboarding``: enterprise master data, official lists, past filings, city
    tables); anything but a constant there is a bug (an f-string cannot be
    translated)."""
    out: set[str] = set()
    paths = [*(CORE / "filing").rglob("*.py"), *(CORE / "onboarding").rglob("*.py")]
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ISSUE_BUILDERS
            ):
                for kw in node.keywords:
                    if kw.arg in ("message", "expected"):
                        assert isinstance(
                            kw.value, ast.Constant | ast.Attribute | ast.Name | ast.Call | ast.IfExp
                        ), (
                            f"{path.name}:{node.lineno}: an f-string cannot be translated; "
                            "write a template and pass params="
                        )
                        values = (
                            [kw.value.body, kw.value.orelse]
                            if isinstance(kw.value, ast.IfExp)
                            else [kw.value]
                        )
                        for value in values:
                            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                                out.add(value.value)
    return out


def _notice_templates() -> set[str]:
    """The accounting engine's warning and note templates.  Each ``Notice(...)`` built in
    ``core.accounting`` (or in the footprint engine, which reuses it) takes one of the
    constants of ``core.accounting.messages`` as its template, and each warning or note
    appended there is a ``Notice`` (an f-string or a bare literal cannot be translated)."""
    known = {
        name
        for name, value in vars(accounting_messages).items()
        if isinstance(value, str) and value in accounting_messages.TEMPLATES
    }
    paths = [*(CORE / "accounting").rglob("*.py"), *(CORE / "footprint").rglob("*.py")]
    for path in paths:
        if path.name == "messages.py":
            continue  # the templates themselves
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name) and node.func.id == "Notice":
                first = node.args[0]
                assert isinstance(first, ast.Name) and first.id in known, (
                    f"{path.name}:{node.lineno}: a Notice takes a template constant of "
                    "core.accounting.messages"
                )
            if (
                path.is_relative_to(CORE / "accounting")
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "append"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("warnings", "notes", "applied")
            ):
                arg = node.args[0]
                assert not isinstance(arg, ast.JoinedStr | ast.Constant), (
                    f"{path.name}:{node.lineno}: a warning must be a Notice (template + "
                    "params), not a literal or an f-string"
                )
    return set(accounting_messages.TEMPLATES)


def _check_literals() -> set[str]:
    """The ``expected=`` / ``kind=`` phrases of the accounting input checks (shown on the
    import page and in the form as part of the error): constants, never f-strings.  Code
    lists joined at run time pass through untranslated, as codes do."""
    out: set[str] = set()
    for path in (CORE / "accounting" / "engine" / "checks.py", CORE / "accounting" / "sectors.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg not in ("expected", "kind"):
                    continue
                values = (
                    [kw.value.body, kw.value.orelse]
                    if isinstance(kw.value, ast.IfExp)
                    else [kw.value]
                )
                for value in values:
                    assert not isinstance(value, ast.JoinedStr | ast.BinOp), (
                        f"{path.name}:{node.lineno}: an f-string cannot be translated"
                    )
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        out.add(value.value)
    return out


def test_every_pydantic_error_type_has_a_template() -> None:
    assert set(typing.get_args(ErrorType)) - set(TEMPLATES) == set()


@pytest.mark.parametrize(
    "source",
    ["pydantic", "errors", "issues", "accounting", "checks", "support"],
)
def test_every_core_message_has_a_chinese_translation(source: str) -> None:
    texts = {
        "pydantic": set(TEMPLATES.values()),
        "errors": _error_templates(),
        "issues": _issue_literals(),
        "accounting": _notice_templates(),
        "checks": _check_literals(),
        "support": set(supervision_support.TEMPLATES),
    }[source]
    catalogue = _catalogue()
    missing = [
        text
        for text in sorted(texts)
        if text not in ("%(detail)s", "%(reason)s") and not catalogue.get(text)
    ]
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_a_pydantic_range_error_reads_in_chinese() -> None:
    error = {
        "type": "greater_than_equal",
        "ctx": {"ge": 0},
        "msg": "Input should be …",
        "input": -1,
    }
    template, params = template_for(error)
    with translation.override("zh-hans"):
        text = translation.gettext(template) % params
    assert text == "数值应大于或等于 0。"


def test_an_accounting_warning_reads_in_chinese() -> None:
    """The missing 供电标准煤耗 year, stored as template + params, is shown in Chinese."""
    from greenmfg.core.accounting.messages import EQUAL_VALUE_YEAR_MISSING, Notice
    from greenmfg.platform.common.errors import notice_text, result_notices

    notice = Notice(
        EQUAL_VALUE_YEAR_MISSING,
        year=2026,
        factor_id="cec.coal_rate.2022",
        value=300.7,
        unit="gce/kWh",
        data_year=2022,
    )
    assert "2026" in notice and "cec.coal_rate.2022" in notice  # the English text
    with translation.override("zh-hans"):
        text = notice_text(notice.as_dict())
        assert "2026" in text and "cec.coal_rate.2022" in text and "供电标准煤耗" in text
        assert "is used" not in text
        # a result stored before results carried messages still shows its warnings
        assert result_notices({"warnings": ["an old warning"]}) == ["an old warning"]
    with translation.override("en"):
        assert notice_text(notice.as_dict()) == str(notice)


def test_one_msgid_has_one_translation_across_catalogues() -> None:
    """Django merges the apps' catalogues and the first one wins, so a msgid translated
    two ways shows the wrong one somewhere ("Evaluations" read 评价次数 in the menu).
    Different meanings get a context (``{% translate "Open" context "button" %}``)."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po_path in sorted(PLATFORM.rglob("locale/zh_Hans/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgstr:
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(po_path.parts[-5])] = entry.msgstr
    clashes = {key: by_app for key, by_app in seen.items() if len(set(by_app.values())) > 1}
    assert not clashes, "\n".join(f"{key}: {by_app}" for key, by_app in clashes.items())


def test_the_evaluations_menu_reads_evaluations_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Evaluations") == "评价"
        assert translation.pgettext("count", "Evaluations") == "评价次数"


def test_every_supervision_source_shown_to_users_has_a_chinese_translation() -> None:
    """Sources and clauses of the dynamic-management data files are shown with
    ``{% translate %}``: each needs a catalogue entry ("Art. 16 as quoted by R1, R2")."""
    import yaml

    texts: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("source", "clause", "bar_source") and isinstance(value, str):
                    texts.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in ("removal-2024.yaml", "calendar-2024.yaml", "support-2024.yaml"):
        walk(yaml.safe_load((CORE / "data" / "supervision" / name).read_text(encoding="utf-8")))
    catalogue = _catalogue()
    missing = sorted(t for t in texts if t != "-" and not catalogue.get(t))
    assert not missing, "untranslated:\n" + "\n".join(missing)


@pytest.mark.parametrize("template", accounting_messages.TEMPLATES)
def test_each_accounting_warning_fills_in_chinese(template: str) -> None:
    """Each template's translation takes the same params (a missing or extra placeholder
    would fall back to English) and reads differently from the English."""
    import re

    from greenmfg.core.accounting.messages import Notice
    from greenmfg.platform.common.errors import notice_text

    names = set(re.findall(r"%\((\w+)\)s", template))
    notice = Notice(template, **{name: f"<{name}>" for name in names})
    with translation.override("zh-hans"):
        text = notice_text(notice.as_dict())
    assert text != str(notice)
    assert all(f"<{name}>" in text for name in names), text
