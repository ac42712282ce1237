from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from common.models import Role, User
from common.services import user_create

from ..models import Case, Diary, Document
from ..services import case_import, case_register, diary_get_or_create, document_register


def user_with(*roles: str, username: str | None = None) -> User:
    user_with.counter += 1
    name = username or f"u{user_with.counter}-{'-'.join(roles) or 'none'}"
    return user_create(username=name, first_name="Test", last_name=f"Person {user_with.counter}", roles=roles)


user_with.counter = 0


class DiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diary
        django_get_or_create = ("prefix",)

    prefix = "GNS"
    name = "Gemensam nämnd för samverkan inom drift och service, utveckling samt specialistfunktioner"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return diary_get_or_create(prefix=kwargs["prefix"], name=kwargs["name"])


class CaseFactory(factory.django.DjangoModelFactory):
    """Registers through the service, so numbers come from the counter like in production."""

    class Meta:
        model = Case

    diary = factory.SubFactory(DiaryFactory)
    title = factory.Sequence(lambda n: f"Ärende nummer {n}")
    description = ""
    registered_on = factory.LazyFunction(lambda: dt.date(2019, 3, 1))
    officer = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Today's date: registered through the form's service; an earlier date: entered as a
        historical (imported) case, as only the import may (OSL 5 kap. 2 §)."""
        if kwargs.get("registered_on") in (None, timezone.localdate()):
            kwargs.pop("registered_on", None)
            return case_register(**kwargs)
        return case_import(**kwargs)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    direction = Document.Direction.INCOMING
    kind = Document.Kind.LETTER
    date = factory.LazyFunction(lambda: dt.date(2019, 3, 2))
    counterpart = "Bräcke kommun"
    description = factory.Sequence(lambda n: f"Skrivelse {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return document_register(**kwargs)


def secretariat() -> User:
    return user_with(Role.SECRETARIAT)


def officer() -> User:
    return user_with(Role.CASE_OFFICER)
