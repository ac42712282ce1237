"""``{% meeting_rows %}`` gives the markup of the template loop it replaced (meetings/tests/reference), for
published, draft and cancelled meetings, with and without an end time and a place, managed or not."""

import datetime as dt
from types import SimpleNamespace

import pytest

from common.tests.markup import normalised, reference, render


def _meeting(pk, *, status, committee_id=1, ends_at=None, place=""):
    return SimpleNamespace(
        pk=pk,
        date=dt.date(2018, 5, pk),
        committee_id=committee_id,
        committee=SimpleNamespace(short_name="GNS <e>"),
        starts_at=dt.time(9, 0),
        ends_at=ends_at,
        place=place,
        is_published=status == "published",
        is_cancelled=status == "cancelled",
        get_status_display=lambda: {"published": "Publicerad", "draft": "Planerad", "cancelled": "Inställd"}[status],
        item_count=12,
    )


MEETINGS = [
    _meeting(1, status="published", ends_at=dt.time(12, 30), place="Stadshuset & <sal 2>"),
    _meeting(2, status="draft", committee_id=2),
    _meeting(3, status="draft", committee_id=1, place="Digitalt"),
    _meeting(4, status="cancelled", committee_id=2, ends_at=dt.time(10, 5)),
]


@pytest.mark.parametrize("managed", [None, {1}, {1, 2}])
def test_rows_are_the_template_loop(managed):
    context = {"meetings": MEETINGS, "managed": managed}
    fast = render("{% load meeting_rows %}{% meeting_rows meetings managed %}", context)
    assert normalised(fast) == normalised(render(reference(__file__, "meeting_table.html"), context))
    assert "Stadshuset &amp; &lt;sal 2&gt;" in fast and "kl. 09:00–12:30" in fast
