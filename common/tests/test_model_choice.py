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
