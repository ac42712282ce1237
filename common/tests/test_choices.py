"""get_<field>_display (common/choices.py): the same answers as Django's own, in the active language."""

from functools import partialmethod

from django.db import models
from django.utils import translation

from common import choices
from common.models import Role, User, UserRole


def test_every_plain_display_method_is_replaced():
    method = UserRole.__dict__["get_role_display"]
    assert isinstance(method, partialmethod)
    assert method.func is choices._get_field_display


def test_display_gives_the_label_the_value_outside_the_choices_and_none():
    grant = UserRole(user=User(username="a"), role=Role.CASE_OFFICER)
    assert grant.get_role_display() == "Handläggare"
    grant.role = "no-such-role"
    assert grant.get_role_display() == "no-such-role"
    grant.role = None
    assert grant.get_role_display() is None  # as Django: force_str(None, strings_only=True)


def test_display_follows_the_active_language():
    field = UserRole._meta.get_field("role")
    field.__dict__.pop(choices._LABELS, None)
    with translation.override("en"):
        UserRole(role=Role.SECRETARIAT).get_role_display()
    with translation.override("sv"):
        swedish = UserRole(role=Role.SECRETARIAT).get_role_display()
    assert swedish == "Nämndsekretariat"
    assert set(field.__dict__[choices._LABELS]) == {"en", "sv"}  # one set of labels per language


def test_a_model_with_its_own_display_method_is_left_alone():
    class ChoicesOwnDisplay(models.Model):
        kind = models.CharField(max_length=5, choices=[("a", "A")])

        class Meta:
            app_label = "common"

        def __str__(self):
            return self.kind

        def get_kind_display(self):
            return "own"

    assert choices.install([ChoicesOwnDisplay]) == 0
    assert ChoicesOwnDisplay(kind="a").get_kind_display() == "own"
