"""Writes for users, roles and accessibility reports. Mail and worker jobs go through the outbox
(``common.outbox``; ``outbox_mail_enqueue`` and ``outbox_job_enqueue`` are re-exported here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .access import forget_grants
from .models import SCOPED_ROLES, AccessibilityReport, Role, User, UserRole
from .outbox import Attachment, outbox_job_enqueue, outbox_mail_enqueue

__all__ = [
    "Attachment",
    "accessibility_report_create",
    "outbox_job_enqueue",
    "outbox_mail_enqueue",
    "role_grant",
    "role_revoke",
    "user_create",
]


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    title: str = "",
    roles: Iterable[str] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        title=title,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    for role in roles:
        role_grant(user=user, role=role)
    return user


@transaction.atomic
def role_grant(*, user: User, role: str, committee=None, by: User | None = None, valid_from=None) -> UserRole:
    """Give ``user`` the role ``role`` from ``valid_from`` (default now), for ``committee`` or, when it is
    None, for every committee. Idempotent: an open grant of the same role and scope is returned as is.
    Only secretariat and case-officer grants may name a committee."""
    if role not in Role.values:
        raise ValidationError({"role": f"Okänd roll: {role}"})
    if committee is not None and role not in SCOPED_ROLES:
        raise ValidationError({"committee": "Bara nämndsekretariat och handläggare kan ges roll för en viss nämnd."})
    existing = UserRole.objects.filter(user=user, role=role, committee=committee, valid_until__isnull=True).first()
    if existing is not None:
        return existing
    grant = UserRole(user=user, role=role, committee=committee, granted_by=by, valid_from=valid_from or timezone.now())
    grant.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError:
        # A concurrent grant of the same role and scope won (the partial unique constraint decides).
        grant = UserRole.objects.get(user=user, role=role, committee=committee, valid_until__isnull=True)
    forget_grants(user)
    return grant


@transaction.atomic
def role_revoke(*, user: User, role: str, committee=None, by: User | None = None, at=None) -> int:
    """End ``user``'s open grant of ``role`` for ``committee`` (None = the all-committees grant) at ``at``
    (default now). The grant is kept with its period, never deleted. Returns how many grants ended."""
    at = at or timezone.now()
    ended = 0
    for grant in UserRole.objects.select_for_update().filter(
        user=user, role=role, committee=committee, valid_until__isnull=True
    ):
        grant.valid_until = max(at, grant.valid_from)
        grant.revoked_by = by
        grant.save(update_fields=["valid_until", "revoked_by"])
        ended += 1
    forget_grants(user)
    return ended


@transaction.atomic
def accessibility_report_create(
    *, page_url: str, description: str, name: str = "", email: str = ""
) -> AccessibilityReport:
    """Store a reported accessibility problem and e-mail it to ACCESSIBILITY_CONTACT_EMAIL."""
    report = AccessibilityReport(
        name=name.strip(), email=email.strip(), page_url=page_url.strip(), description=description.strip()
    )
    report.full_clean()
    report.save()
    body = (
        "En brist i tillgängligheten har rapporterats via tillgänglighetsredogörelsen.\n\n"
        f"Sida: {report.page_url}\n"
        f"Namn: {report.name or '(inte angivet)'}\n"
        f"E-post: {report.email or '(inte angiven)'}\n\n"
        f"Beskrivning:\n{report.description}\n"
    )
    outbox_mail_enqueue(
        to=[settings.ACCESSIBILITY_CONTACT_EMAIL],
        subject=f"Tillgänglighetsrapport: {report.page_url}"[:500],
        body=body,
        context=f"tillganglighet:{report.pk}",
    )
    return report
