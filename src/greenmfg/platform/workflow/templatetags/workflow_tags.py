"""Template helpers of the workflow pages: state badges, calendar labels, status tags."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop as _noop

from greenmfg.core.workflow.machine import MACHINES, STATES, State

register = template.Library()


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag
def state_name(state: str) -> str:
    try:
        info = STATES[State(state)]
    except ValueError:
        return state
    return info.name_zh if _zh() else info.name_en


@register.simple_tag
def state_badge(state: str) -> SafeString:
    colour = "primary"
    if state in ("listed", "provincial_listed"):
        colour = "success"
    elif state in ("rejected", "withdrawn"):
        colour = "secondary"
    return format_html(
        '<span class="badge text-bg-{}" data-testid="state" data-state="{}">{}</span>',
        colour,
        state,
        state_name(state),
    )


CALENDAR_LABELS = {
    "opening": ("申报开始", "Applications open"),
    "application_deadline": ("企业申报截止", "Application deadline"),
    "city_deadline": ("市级推荐截止", "City recommendation deadline"),
    "provincial_deadline": ("省级推荐截止", "Provincial recommendation deadline"),
    "review_start": ("国家评审开始", "National review starts"),
    "publicity_start": ("公示开始", "Publicity starts"),
    "publicity_end": ("公示结束", "Publicity ends"),
    "list_publication": ("名单发布", "List publication"),
}


@register.filter
def calendar_label(key: str) -> str:
    zh, en = CALENDAR_LABELS.get(key, (key, key))
    return zh if _zh() else en


@register.simple_tag
def status_tag(status: str) -> SafeString:
    labels = {
        "verified": _("verified"),
        "secondary": _("secondary source"),
        "unverified": _("unverified"),
    }
    css = "gm-unverified" if status == "unverified" else "badge text-bg-light"
    return format_html('<span class="{}">{}</span>', css, labels.get(status, status))


@register.filter
def level_label(level: str | None) -> str:
    if not level:
        return "—"
    names = {"municipal": _("Municipal"), "provincial": _("Provincial"), "national": _("National")}
    return str(names.get(level, level))


_OTHER_EVENTS = {
    "create": _noop("Application created"),
    "expert_assigned": _noop("Expert assigned"),
    "expert_scored": _noop("Expert scored"),
    "objection_filed": _noop("Objection filed"),
    "objection_resolved": _noop("Objection resolved"),
}


@register.simple_tag
def event_name(event: str) -> str:
    """A history row's event code (a transition's name, or one of the other recorded
    events) by its label in the active language."""
    for machine in MACHINES.values():
        for transition in machine.transitions:
            if transition.name == event:
                return transition.label_zh if _zh() else transition.label_en
    if event in _OTHER_EVENTS:
        return _(_OTHER_EVENTS[event])
    return event


FINDING_TEXTS = {
    "report_attached": _lazy("An evaluation report is attached."),
    "no_report": _lazy("No evaluation report is attached."),
    "self_evaluation": _lazy("Self-evaluation: no third-party institution involved."),
    "report_unsigned": _lazy("The third-party report is not signed."),
    "institution_sanctioned": _lazy("The institution's reports are refused until %(until)s."),
    "institution_cap": _lazy(
        "The institution's legal representative already has %(n)s national projects this year (cap %(cap)s)."
    ),
    "institution_ok": _lazy(
        "The institution's legal representative has %(n)s other national projects this year (cap %(cap)s)."
    ),
    "veto_declared": _lazy("Veto conditions declared: %(items)s."),
    "no_veto_declared": _lazy(
        "None declared; check Credit China and the enterprise credit publicity system."
    ),
    "never_removed": _lazy("Never removed from a list."),
    "removed_recently": _lazy("Removed from a list on %(date)s (within 3 years)."),
    "removed_long_ago": _lazy("Removed on %(date)s, more than 3 years ago."),
    "energy_filed": _lazy("The %(year)s energy data are filed; compare them with the report."),
    "energy_not_filed": _lazy("No energy data filed for %(year)s."),
    "quota_exceeded": _lazy("Above the mandatory energy quota: %(products)s."),
    "quota_grade1": _lazy("At quota grade 1: %(products)s."),
    "quota_none_exceeded": _lazy("No product above its mandatory quota (or no quota applies)."),
    "not_listed": _lazy("Not yet on a list: no dynamic management table due."),
    "tables_missing": _lazy("Dynamic management tables not filed for: %(years)s."),
    "flags_open": _lazy("%(n)s data-quality flags still open."),
    "tables_filed": _lazy("Dynamic management tables filed, no open flag."),
    "on_provincial_list": _lazy("On the provincial list."),
    "not_on_provincial_list": _lazy("Not on the provincial list."),
    "park_share": _lazy("Industrial value added %(share)s %% (more than 50 %% required)."),
    "park_no_plan": _lazy("No green-factory cultivation plan published."),
    "park_ok": _lazy("Industrial value added %(share)s %%; cultivation plan published."),
    "suppliers": _lazy("%(green)s of %(total)s current suppliers are national green factories."),
}


@register.filter
def finding_text(finding: Any) -> str:
    """The system's finding on a checklist item, in the active language."""
    if finding is None:
        return ""
    template = FINDING_TEXTS.get(finding.code)
    if template is None:
        return str(finding.code)
    try:
        return str(template) % dict(finding.params)
    except (KeyError, TypeError, ValueError):
        return str(template)


@register.filter
def item_name(item: Any) -> str:
    return str(item.name_zh if _zh() else item.name_en)


@register.filter
def item_clause(item: Any) -> str:
    return str(item.clause_zh if _zh() else item.clause)


@register.filter
def level_of(level: Any) -> str:
    return level_label(getattr(level, "value", level))


_BILINGUAL = re.compile(r"^(?P<head>.*?: )?(?P<zh>[^/]*?) / (?P<en>.*)$", re.S)


@register.filter
def in_language(message: str) -> str:
    """A notification written in both languages ("unit: 市级审核 / Municipal review") in
    the active language only.  What follows the English label (": the request",
    " #3", a date) is data, kept in both: "请补充材料 / material requested: …" reads
    "请补充材料: …" in Chinese."""
    match = _BILINGUAL.match(message or "")
    if match is None:
        return message
    head, zh, en = match["head"] or "", match["zh"], match["en"]
    if not (get_language() or "zh-hans").startswith("zh"):
        return head + en
    tail = re.search(r"(: .*| #\d+.*)$", en, re.S)
    return head + zh + (tail.group(1) if tail and tail.group(1) not in zh else "")
