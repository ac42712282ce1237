"""Reads of users, the mail log and the outbox."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import MailRecipient, OutboxJob, OutgoingMail, User, UserRole


def users_with_role(*roles: str, at=None) -> QuerySet[User]:
    """Active users holding one of ``roles`` now (or at ``at``), for any committee."""
    holders = UserRole.objects.active(at).filter(role__in=roles).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders)


def user_list(*, role: str | None = None) -> QuerySet[User]:
    users = users_with_role(role) if role else User.objects.filter(is_active=True)
    return users.order_by("last_name", "first_name", "username")


def mail_log(*, context: str = "", status: str = "") -> QuerySet[OutgoingMail]:
    """The mail log, newest first, with the number of recipients sent, failed and pending.
    ``context`` matches the start ("kallelse:" lists every notice, "kallelse:42" one meeting's)."""
    mails = OutgoingMail.objects.annotate(
        recipients_total=Count("recipients"),
        recipients_sent=Count("recipients", filter=Q(recipients__status=MailRecipient.Status.SENT)),
        recipients_failed=Count("recipients", filter=Q(recipients__status=MailRecipient.Status.FAILED)),
    )
    if context:
        mails = mails.filter(context__startswith=context)
    if status:
        mails = mails.filter(status=status)
    return mails.order_by("-created_at", "-pk")


def mail_get(*, pk: int) -> OutgoingMail:
    """One mail with its recipients (their status, time and error) and attachments."""
    return OutgoingMail.objects.prefetch_related(
        Prefetch("recipients", queryset=MailRecipient.objects.order_by("address")), "attachments"
    ).get(pk=pk)


def mail_recipients_for(*, context: str) -> list[MailRecipient]:
    """Per recipient, what was sent for ``context`` (e.g. "kallelse:42"), when, and whether it failed:
    every recipient of every mail with that context, oldest mail first."""
    return list(
        MailRecipient.objects.filter(mail__context=context)
        .select_related("mail")
        .order_by("mail__created_at", "mail_id", "address")
    )


def outgoing_mail_for(*, context: str) -> QuerySet[OutgoingMail]:
    return mail_log(context="").filter(context=context)


def outbox_jobs_open() -> QuerySet[OutboxJob]:
    """Jobs not done: waiting, running or failed (the operator's list)."""
    return OutboxJob.objects.exclude(status=OutboxJob.Status.DONE).order_by("status", "next_attempt_at", "pk")


def outbox_counts() -> dict[str, int]:
    counts = dict(OutboxJob.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in OutboxJob.Status.values}
