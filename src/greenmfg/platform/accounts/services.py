"""Writes to accounts: creating platform users with a consistent role, region and links."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
    password: str,
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
    evaluator for an institution; authorities carry their region code.
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
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
