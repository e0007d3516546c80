"""Sign-in, sign-out and the home page of each role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.accounts.services import user_home_visit
from greenmfg.platform.common.home import home_changes, home_todos, render_panels
from greenmfg.platform.registry import selectors as registry_selectors
from greenmfg.platform.registry.models import Listing


def _evaluator_clients(user: Any) -> list[dict[str, Any]]:
    """The enterprises the evaluator's institution has evaluated, most recent first."""
    from greenmfg.platform.evaluations.selectors import evaluation_list

    rows = (
        evaluation_list(actor=user)
        .order_by()
        .values("enterprise__name", "enterprise__uscc", "enterprise__adcode")
        .annotate(evaluations=Count("pk"), last_year=Max("year"))
        .order_by("-last_year", "enterprise__name")
    )
    return list(rows[:50])


class LoginView(auth_views.LoginView):
    """Django's login; django-axes counts failures and locks (see ``AXES_*`` settings)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, with the CSRF token)."""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    role = actor_role(user)
    context: dict[str, Any] = {"role": role}
    if role is Role.ENTERPRISE:
        unit = user.enterprise or user.park
        context["unit"] = unit
        context["listings"] = (
            registry_selectors.unit_listings(unit=unit) if unit is not None else []
        )
        today = timezone.localdate()
        since, previous = user_home_visit(user=user, session=request.session)
        context.update(
            today=today,
            todos=[(t, t.overdue(today)) for t in home_todos(user, role.value, today)],
            changes=home_changes(user, role.value, since),
            since=since,
            since_previous_visit=previous,
            panels=render_panels(user, role.value, request),
        )
    elif role is Role.EVALUATOR:
        institution = user.institution
        context["institution"] = institution
        context["colleagues"] = (
            institution.users.filter(is_active=True).order_by("username")
            if institution is not None
            else []
        )
        context["clients"] = _evaluator_clients(user)
    elif role in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, Role.ADMIN):
        summary = registry_selectors.region_summary(actor=user)
        context["summary"] = summary
        # the rendered summary is kept per registry generation and region (its snapshot's)
        context["summary_key"] = registry_selectors.region_summary_key(actor=user)
        context["kinds"] = [
            (
                label,
                [
                    summary.listings_by_kind_level[kind].get(level, 0)
                    for level in Listing.Level.values
                ],
            )
            for kind, label in Listing.Kind.choices
        ]
        context["levels"] = Listing.Level.labels
    return render(request, "accounts/home.html", context)
