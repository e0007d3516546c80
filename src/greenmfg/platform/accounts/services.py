"""Writes to accounts: creating platform users with a consistent role, region and links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import DuplicateError
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.registry.models import Enterprise, EvaluationInstitution, Park
from greenmfg.platform.registry.validators import (
    validate_adcode,
    validate_city_adcode,
    validate_province_adcode,
)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    role: Role | str,
    adcode: str = "",
    organisation: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    enterprise: Enterprise | None = None,
    park: Park | None = None,
    institution: EvaluationInstitution | None = None,
    is_staff: bool = False,
    check_password: bool = True,
) -> User:
    """Create a platform account (platform admins only; ``actor=None`` for the command line).

    The links must fit the role: an enterprise user acts for an enterprise or a park, an
    evaluator for an institution; authorities carry their region code.  ``password=None``
    makes an account that cannot sign in until an administrator sets its password.
    """
    if actor is not None and actor_role(actor) is not Role.ADMIN:
        raise PermissionDenied(_("Only a platform administrator creates accounts."))
    role = Role(role)
    errors: dict[str, str] = {}
    if role is Role.ENTERPRISE and enterprise is None and park is None:
        errors["enterprise"] = _("An enterprise account acts for an enterprise or a park.")
    if role is Role.EVALUATOR and institution is None:
        errors["institution"] = _("An evaluator account acts for an evaluation institution.")
    if role is not Role.ENTERPRISE and (enterprise is not None or park is not None):
        errors["enterprise"] = _("Only enterprise accounts act for an enterprise or a park.")
    if role is not Role.EVALUATOR and institution is not None:
        errors["institution"] = _("Only evaluator accounts act for an evaluation institution.")
    # Authorities' code is their scope; any other role may carry a home region (an
    # expert's, say, to keep local reviews apart), which never widens what it sees.
    if role is Role.MUNICIPAL or role is Role.PROVINCIAL or adcode:
        check = {Role.MUNICIPAL: validate_city_adcode, Role.PROVINCIAL: validate_province_adcode}
        try:
            check.get(role, validate_adcode)(adcode)
        except ValidationError as err:
            errors["adcode"] = " ".join(err.messages)
    if errors:
        raise ValidationError(errors)
    if User.objects.filter(username=username).exists():
        raise DuplicateError(kind="User", key=username, detail="")
    user = User(
        username=username,
        role=role.value,
        adcode=adcode,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        enterprise=enterprise,
        park=park,
        institution=institution,
        is_staff=is_staff or role is Role.ADMIN,
        is_superuser=role is Role.ADMIN,
    )
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


HOME_SINCE_SESSION_KEY = "gm_home_since"
FIRST_VISIT_WINDOW = dt.timedelta(days=30)


def user_home_visit(*, user: User, session: Any) -> tuple[dt.datetime, bool]:
    """Record a visit of the home page; return where its "changes since your last visit"
    start, and whether that is a previous visit (False: a first visit, which shows the
    last 30 days).

    The start is fixed for the whole session, so reloading the page keeps the changes in
    view; the next session starts from this one.
    """
    now = timezone.now()
    stored = session.get(HOME_SINCE_SESSION_KEY)
    if stored:
        since = dt.datetime.fromisoformat(stored["at"])
        return since, bool(stored["previous"])
    previous = user.home_seen_at is not None
    since = user.home_seen_at or now - FIRST_VISIT_WINDOW
    session[HOME_SINCE_SESSION_KEY] = {"at": since.isoformat(), "previous": previous}
    user.home_seen_at = now
    user.save(update_fields=["home_seen_at"])
    return since, previous
