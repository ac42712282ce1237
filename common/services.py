"""Writes for users, roles and the outgoing mail log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.mail import EmailMessage
from django.db import transaction

from .models import OutgoingMail, Role, User, UserRole


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
