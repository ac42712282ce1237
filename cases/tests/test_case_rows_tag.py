"""The diary's row tags (cases/templatetags/case_rows.py) give the markup of the template loops they replaced
(kept in cases/tests/reference), for every kind of case and document."""

import datetime as dt
from types import SimpleNamespace

from common.tests.markup import normalised, reference, render


def _case(pk, *, status="open", closure="", officer=None, party=None, withheld=False, count=3):
    return SimpleNamespace(
        pk=pk,
        number=f"GNS/{pk}/2018",
        title=f"Ärende <{pk}> & mer",
        registered_on=dt.date(2018, 3, pk),
        status=status,
        closure=closure,
        get_status_display=lambda: {"open": "Öppet", "closed": "Avslutat"}[status],
        officer_id=1 if officer else None,
        officer=SimpleNamespace(get_full_name=lambda: officer) if officer else None,
        initiating_party_id=1 if party else None,
        initiating_party=SimpleNamespace(name=party) if party else None,
        withheld_from_public=withheld,
        document_count=count,
    )


CASES = [
    _case(1, officer="Anna Berg", party="Kommun <A>"),
    _case(2, status="closed", closure="mistake"),
    _case(3, status="closed", withheld=True),
]


def test_case_table_rows():
    context = {"page": CASES}
    fast = render("{% load case_rows %}{% case_rows page %}", context)
    assert normalised(fast) == normalised(render(reference(__file__, "case_table.html"), context))
    assert "Kommun &lt;A&gt;" in fast and "Felregistrerat" in fast and "/diarium/arenden/1/" in fast


def test_public_table_rows():
    context = {"page": CASES}
    fast = render("{% load case_rows %}{% public_case_rows page %}", context)
    assert normalised(fast) == normalised(render(reference(__file__, "public_table.html"), context))
    assert '<span class="muted">Ärende &lt;3&gt; &amp; mer</span>' in fast


def test_search_results():
    case = CASES[0]
    documents = [
        SimpleNamespace(
            pk=7,
            reference="GNS/1/2018:2",
            description="Skrivelse <utkast>",
            get_direction_display=lambda: "Inkommande",
            date=dt.date(2018, 4, 1),
            case=case,
        )
    ]
    context = {"cases": CASES, "documents": documents}
    cases = render("{% load case_rows %}{% case_results cases %}", context)
    assert normalised(cases) == normalised(render(reference(__file__, "case_results.html"), context))
    found = render("{% load case_rows %}{% document_results documents %}", context)
    assert normalised(found) == normalised(render(reference(__file__, "document_results.html"), context))
    assert "Skrivelse &lt;utkast&gt;" in found
