"""A posted key too large for a database integer is an invalid choice, never a 500 (found by tests/test_fuzz.py
on the agenda item's documents: SQLite raises OverflowError inside Django's own check)."""

import pytest
from django.core.exceptions import ValidationError

from common.forms import ModelMultipleChoiceField
from common.models import User


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["9223372036854775808", "-9223372036854775809", "1" * 40])
def test_a_key_beyond_64_bits_is_an_invalid_choice(key, make_user):
    user = make_user()
    field = ModelMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(ValidationError) as caught:
        field.clean([str(user.pk), key])
    assert caught.value.code == "invalid_choice"
    assert field.clean([str(user.pk)]) is not None and list(field.clean([str(user.pk)])) == [user]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("", None),
        (None, None),
        ("abc", None),
        ("²", None),
        ("0", None),
        ("-3", None),
        ("9223372036854775807", 9223372036854775807),
        ("9223372036854775808", None),
    ],
)
def test_posted_id_takes_only_keys_the_database_can_hold(value, expected):
    from common.forms import posted_id

    assert posted_id(value) == expected


@pytest.mark.django_db
def test_values_choice_fields_give_the_labels_and_selection_of_djangos_fields(make_user, django_assert_num_queries):
    """UserChoiceField and PartyChoiceField read their options as values: the same options and labels
    as Django's ModelChoiceField with label_from_instance (str), the submitted one selected, in one query
    without a server-side cursor; validation stays Django's."""
    from django import forms

    from common.forms import PartyChoiceField, UserChoiceField
    from parties.models import Party
    from parties.tests.factories import PartyFactory

    named = make_user(first_name="Åsa", last_name="Öberg")
    unnamed = make_user(first_name="", last_name="")
    PartyFactory(name="Östersunds kommun")
    PartyFactory(name="Region <Jämtland> & Härjedalen")
    cases = [
        (UserChoiceField, User.objects.order_by("pk"), unnamed),
        (PartyChoiceField, Party.objects.order_by("name"), Party.objects.order_by("name").last()),
    ]
    for field_class, queryset, chosen in cases:
        fast = field_class(queryset=queryset, required=False, empty_label="Alla")
        django = forms.ModelChoiceField(queryset=queryset, required=False, empty_label="Alla")
        with django_assert_num_queries(1):
            options = list(iter(fast.choices))  # (list() alone would ask for its length: a COUNT)
        assert [(str(value), label) for value, label in options] == [
            (str(value), label) for value, label in django.choices
        ]
        html = fast.widget.render("f", chosen.pk)
        assert f'<option value="{chosen.pk}" selected>' in html
        assert "&lt;Jämtland&gt; &amp; Härjedalen" in html or field_class is UserChoiceField
        assert fast.clean(str(chosen.pk)) == chosen
        with pytest.raises(ValidationError):
            fast.clean("999999")
    assert ("Åsa Öberg" in dict(UserChoiceField(queryset=User.objects.all()).choices).values()) and named
    assert unnamed.username in dict(UserChoiceField(queryset=User.objects.all()).choices).values()
