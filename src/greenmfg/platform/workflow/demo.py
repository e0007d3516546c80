"""Demo step: a gradient-cultivation round with applications in every state.

The demo round is this year's green-factory round, named as a demonstration (never
next year's: the lists it fills are public); its dates are set around the demo day (marked
unverified: they are not an official notice) so that the demo accounts can
act at once: the enterprise account has a draft to submit, 苏州 (Suzhou) has applications
to accept and recommend, 江苏 (Jiangsu) to list and recommend, the ministry to check,
assign experts, shortlist and resolve an objection, and the three experts have scoring
to do.  Every state is reached through the real services, so every application carries
an intact audit chain.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

from greenmfg.core.workflow.machine import State
from greenmfg.platform.common.demo import DemoStep, step_progress

CITY = "320500"  # 苏州
OTHER_CITY = "320200"  # 无锡

# The states the demo applications are driven to, in order of the Suzhou enterprises.
TARGETS = [  # the most instructive states first, so that small data sets show them too
    State.SUBMITTED,
    State.EXPERT_REVIEW,
    State.PUBLICITY,
    State.PROVINCIAL_LISTED,
    State.REJECTED,
    State.MUNICIPAL_REVIEW,
    State.RECOMMENDED,
    State.SHORTLISTED,
    State.FORMAL_CHECK,
    State.PROVINCIAL_REVIEW,
    State.SUBMITTED,
]
PATH = [
    ("applicant", State.SUBMITTED),
    ("suzhou", State.MUNICIPAL_REVIEW),
    ("suzhou", State.PROVINCIAL_REVIEW),
    ("jiangsu", State.PROVINCIAL_LISTED),
    ("jiangsu", State.RECOMMENDED),
    ("miit", State.FORMAL_CHECK),
    ("miit", State.EXPERT_REVIEW),
    ("miit", State.SHORTLISTED),
    ("miit", State.PUBLICITY),
]
SCORES = {"EL": "30", "RE": "21", "CP": "12", "GP": "11", "LI": "8"}


def _dates(today: dt.date) -> dict[str, str]:
    offsets = {
        "opening": -30,
        "application_deadline": 30,
        "city_deadline": 45,
        "provincial_deadline": 60,
        "review_start": 75,
        "publicity_start": 90,
        "publicity_end": 104,
        "list_publication": 120,
    }
    return {k: (today + dt.timedelta(days=v)).isoformat() for k, v in offsets.items()}


def _applicant(enterprise: Any) -> Any:
    from greenmfg.platform.accounts.models import User
    from greenmfg.platform.accounts.services import user_create

    user = User.objects.filter(role="enterprise", enterprise=enterprise).first()
    if user is not None:
        return user
    # nobody signs in as a demo applicant (the demo's own enterprise account does): no
    # password, so no password hash (about 0.3 s of CPU each) is computed
    return user_create(
        actor=None,
        username=f"applicant-{enterprise.uscc[-8:].lower()}",
        password=None,
        role="enterprise",
        enterprise=enterprise,
        organisation=enterprise.name,
    )


def _report_fields(enterprise: Any, applicant: Any) -> dict[str, Any]:
    """The application's evaluation fields: a real report of the enterprise's latest
    scored self-evaluation (made for the demo when it has none), so that reviewers open
    a real PDF with a verifiable hash; without any filing, no report is attached."""
    from greenmfg.platform.evaluations.demo import demo_self_evaluation
    from greenmfg.platform.evaluations.models import Evaluation
    from greenmfg.platform.evaluations.services import report_create

    evaluation = (
        Evaluation.objects.filter(enterprise=enterprise, state=Evaluation.State.SCORED)
        .order_by("-year", "-pk")
        .first()
    ) or demo_self_evaluation(enterprise)
    if evaluation is None or evaluation.state != Evaluation.State.SCORED:
        return {}
    from greenmfg.platform.evaluations.selectors import art15_declarations

    if art15_declarations(evaluation):  # a declared veto: this unit may not apply
        return {}
    return {
        "evaluation_report": report_create(
            actor=applicant, evaluation=evaluation, lang="zh", sign=False
        )
    }


def _drive(app: Any, target: State, users: dict[str, Any], experts: list[Any]) -> None:
    from greenmfg.platform.workflow import services as s

    if target is State.REJECTED:
        s.application_transition(actor=users["applicant"], application=app, to=State.SUBMITTED)
        s.application_transition(actor=users["suzhou"], application=app, to=State.MUNICIPAL_REVIEW)
        s.application_transition(
            actor=users["suzhou"],
            application=app,
            to=State.REJECTED,
            reason="评价报告缺少近三年能源审计报告，请补充后在下一批次申报。",
        )
        return
    for who, state in PATH:
        if state is State.SHORTLISTED:
            assignments = [
                s.expert_assign(actor=users["miit"], application=app, expert=e) for e in experts
            ]
            scored = assignments if target is not State.EXPERT_REVIEW else assignments[:2]
            for a in scored:
                s.expert_score_submit(
                    actor=a.expert,
                    assignment=a,
                    scores={k: Decimal(v) for k, v in SCORES.items()},
                    comment="资料齐全，指标优于行业基准值。",
                    no_conflict=True,
                )
            if target is State.EXPERT_REVIEW:
                return
        s.application_transition(actor=users[who], application=app, to=state)
        if state is target:
            break
    if target is State.PUBLICITY:
        s.objection_file(
            application=app,
            name="李女士",
            contact="13900000000",
            content="该企业2024年曾被群众投诉夜间噪声超标，请核实。",
            client_ip=None,
        )


def workflow_demo(dataset: Any, stdout: TextIO) -> None:
    from greenmfg.cli.platform import _create_demo_accounts
    from greenmfg.core.workflow.guards import REMOVAL_BAR_YEARS
    from greenmfg.platform.accounts.models import User
    from greenmfg.platform.registry.models import Enterprise, Listing
    from greenmfg.platform.workflow import services as s
    from greenmfg.platform.workflow.models import Round

    _create_demo_accounts()
    today = timezone.localdate()
    # This year's round: a demo must not put next year's rows on the public lists.
    year = today.year
    rnd = Round.objects.filter(
        year=year, kind="factory", level="national"
    ).first() or s.round_create(
        actor=None,
        year=year,
        kind="factory",
        name=f"{year}年度绿色工厂（演示批次，日期按演示当日设置，非官方通知）",
        date_overrides=_dates(today),
    )
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["suzhou", "wuxi", "jiangsu", "miit"])
    }
    experts = list(
        User.objects.filter(username__in=["expert1", "expert2", "expert3"]).order_by("username")
    )
    demo_account = User.objects.filter(username="enterprise").select_related("enterprise").first()
    taken = {demo_account.enterprise_id} if demo_account and demo_account.enterprise_id else set()
    # A unit removed from any list within the three-year bar may not apply (guard
    # NOT_RECENTLY_REMOVED, §1.4 item 3): such units are never picked as candidates.
    barred_since = dt.date(today.year - REMOVAL_BAR_YEARS - 1, 1, 1)
    barred = Listing.objects.filter(enterprise__isnull=False, removed_on__gte=barred_since).values(
        "enterprise_id"
    )
    # applicants with an annual filing: their self-evaluation (and its report) reads it
    filed = Enterprise.objects.filter(annual_filings__isnull=False).distinct()
    suzhou = filed.filter(adcode=CITY).exclude(pk__in=taken).exclude(pk__in=barred).order_by("uscc")
    # Units not yet on the national list first; then any Suzhou unit (re-benchmarking).
    candidates = list(suzhou.exclude(listings__level="national"))
    candidates += list(suzhou.exclude(pk__in=[c.pk for c in candidates]))
    made = 0
    if demo_account is not None and demo_account.enterprise is not None:
        s.application_create(
            actor=demo_account,
            round=rnd,
            enterprise=demo_account.enterprise,
            summary="演示：本企业申报国家级绿色工厂。",
            **_report_fields(demo_account.enterprise, demo_account),
        )
        made += 1
    targets = iter(TARGETS)
    target = next(targets, None)
    for enterprise in candidates:
        if target is None:
            break
        applicant = _applicant(enterprise)
        fields = _report_fields(enterprise, applicant)
        if not fields:
            continue
        app = s.application_create(actor=applicant, round=rnd, enterprise=enterprise, **fields)
        _drive(app, target, {**users, "applicant": applicant}, experts)
        made += 1
        step_progress(stdout, made, len(TARGETS) + 2)
        target = next(targets, None)
    for other in (
        filed.filter(adcode=OTHER_CITY)
        .exclude(listings__level="national")
        .exclude(pk__in=barred)
        .order_by("uscc")
    ):
        applicant = _applicant(other)
        fields = _report_fields(other, applicant)
        if not fields:
            continue
        app = s.application_create(actor=applicant, round=rnd, enterprise=other, **fields)
        s.application_transition(actor=applicant, application=app, to=State.SUBMITTED)
        made += 1
        break
    states = rnd.applications.order_by().values_list("state", flat=True).distinct().count()
    stdout.write(f"  {rnd.name}: {made} applications in {states} states\n")


DEMO_STEPS = [DemoStep(order=90, name="gradient cultivation applications", run=workflow_demo)]
