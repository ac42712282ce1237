"""``{% member_rows %}`` gives the markup of the template loop it replaced (committee/tests/reference)."""

from committee.selectors import MemberRow
from common.tests.markup import normalised, reference, render

ROWS = [
    MemberRow(1, "Anna Berg", "chair", "Ordförande", "S", "Kommun <A> & co"),
    MemberRow(2, "Bo Ek", "substitute", "Ersättare", "", "Region B"),
]


def test_rows_are_the_template_loop():
    context = {"memberships": ROWS}
    fast = render("{% load member_rows %}{% member_rows memberships %}", context)
    assert normalised(fast) == normalised(render(reference(__file__, "member_rows.html"), context))
    assert "Kommun &lt;A&gt; &amp; co" in fast
