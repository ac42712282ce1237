"""Demo data, loaded by ``manage.py demo`` (idempotent).

Each app may have a ``demo.py`` module with ``load(out: DemoOutput) -> None``. Modules run in the
order of INSTALLED_APPS (so a later app finds what an earlier one loaded). ``load`` must be
idempotent: look up what exists before creating it, and always go through the app's services.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Role, User
from .services import user_create

DEMO_PASSWORD = "demo-namnd-2026"


@dataclass
class DemoOutput:
    logins: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def login(self, description: str, username: str) -> None:
        self.logins.append((description, username))

    def note(self, line: str) -> None:
        self.lines.append(line)


def demo_user(*, username: str, first_name: str, last_name: str, roles=(), title: str = "", email: str = "") -> User:
    """Get or create a demo user with the shared demo password and the given roles."""
    from .services import role_grant

    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email or f"{username}@example.org",
            password=DEMO_PASSWORD,
            title=title,
        )
    for role in roles:
        role_grant(user=user, role=role)
    return user


def load(out: DemoOutput) -> None:
    admin = demo_user(
        username="admin",
        first_name="Agnes",
        last_name="Admin",
        roles=[Role.ADMINISTRATOR],
        title="Systemförvaltare",
    )
    if not admin.is_staff:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    out.login("Administratör (även Django-admin)", "admin")
    demo_user(
        username="sekreterare",
        first_name="Sara",
        last_name="Lindqvist",
        roles=[Role.SECRETARIAT, Role.CASE_OFFICER],
        title="Nämndsekreterare",
    )
    out.login("Nämndsekretariat (nämndsekreterare)", "sekreterare")
    demo_user(
        username="registrator",
        first_name="Rune",
        last_name="Berglund",
        roles=[Role.SECRETARIAT],
        title="Registrator",
    )
    out.login("Nämndsekretariat (registrator)", "registrator")
    demo_user(
        username="handlaggare",
        first_name="Hanna",
        last_name="Sjöberg",
        roles=[Role.CASE_OFFICER],
        title="E-strateg",
    )
    out.login("Handläggare (e-strateg)", "handlaggare")
