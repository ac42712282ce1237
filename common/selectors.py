from django.db.models import QuerySet

from .models import OutgoingMail, User


def user_list(*, role: str | None = None) -> QuerySet[User]:
    users = User.objects.filter(is_active=True)
    if role:
        users = users.filter(role_assignments__role=role)
    return users.order_by("last_name", "first_name", "username")


def outgoing_mail_for(*, context: str) -> QuerySet[OutgoingMail]:
    return OutgoingMail.objects.filter(context=context).order_by("-sent_at")
