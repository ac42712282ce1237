"""Writes for users, roles and the outgoing mail log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from .models import AccessibilityReport, OutgoingMail, Role, User, UserRole


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
def role_grant(*, user: User, role: str) -> UserRole:
    if role not in Role.values:
        raise ValueError(f"Okänd roll: {role}")
    assignment, _ = UserRole.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("_portal_roles", None)
    if hasattr(user, "_portal_roles"):
        del user._portal_roles
    return assignment


@transaction.atomic
def role_revoke(*, user: User, role: str) -> None:
    UserRole.objects.filter(user=user, role=role).delete()
    if hasattr(user, "_portal_roles"):
        del user._portal_roles


def mail_send(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    context: str = "",
) -> OutgoingMail:
    """Send one e-mail and keep proof of it in ``OutgoingMail`` (also when sending fails)."""
    message = EmailMessage(subject=subject, body=body, to=list(to))
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    status, error = OutgoingMail.Status.SENT, ""
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - the failure is recorded and shown to the sender
        status, error = OutgoingMail.Status.FAILED, f"{type(exc).__name__}: {exc}"
    return OutgoingMail.objects.create(
        to=", ".join(to),
        subject=subject,
        body=body,
        attachments="\n".join(name for name, _, _ in attachments),
        status=status,
        error=error,
        context=context,
    )


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
    transaction.on_commit(
        lambda: mail_send(
            to=[settings.ACCESSIBILITY_CONTACT_EMAIL],
            subject=f"Tillgänglighetsrapport: {report.page_url}"[:500],
            body=body,
            context=f"tillganglighet:{report.pk}",
        )
    )
    return report
