"""The annual report's tags (annual/templatetags/annual_report.py) give the markup of the template loops they
replaced, for every kind of section, project, share and activity."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils.safestring import mark_safe

from annual.figures import ChangedFigure
from common.tests.markup import normalised, reference, render

# The template code before the blocks were built in Python (templates/annual/_report_body.html and
# report.html), kept here as the reference.
HEAD = reference(__file__, "head.html")
PROJECTS = reference(__file__, "projects.html")
SHARES = reference(__file__, "shares.html")
ACTIVITIES = reference(__file__, "activities.html")
OPTIONS = reference(__file__, "options.html")


class _Section(SimpleNamespace):
    def __str__(self):
        return f"{self.number} {self.title}".strip()


SECTIONS = [
    SimpleNamespace(
        section=_Section(pk=11, number="1", title="Inledning & <syfte>", body="x", version=1),
        html=mark_safe("<p>Text</p>"),
        changed=[],
    ),
    SimpleNamespace(
        section=_Section(pk=12, number="2.1", title="Ekonomi", body="y", version=3),
        html=mark_safe('<p>Resultat <span class="figure">−50 tkr</span></p>'),
        changed=[ChangedFigure("resultat", "Årets resultat <utfall>", "−40 tkr", "−50 tkr")],
    ),
    SimpleNamespace(
        section=_Section(pk=13, number="", title="Bilaga", body="", version=0), html=mark_safe(""), changed=[]
    ),
]


@pytest.mark.parametrize(("editable", "pdf"), [(True, False), (False, False), (False, True)])
def test_section_head(editable, pdf):
    data = SimpleNamespace(report=SimpleNamespace(pk=7), sections=SECTIONS)
    context = {"data": data, "editable": editable, "pdf": pdf}
    fast = render(
        "{% load annual_report %}{% for s in data.sections %}{% section_head s data.report editable pdf %}{% endfor %}",
        context,
    )
    assert normalised(fast) == normalised(render(HEAD, context))
    assert "Inledning &amp; &lt;syfte&gt;" in fast


def _projects():
    case = SimpleNamespace(number="GNS/8/2018")
    parties = [SimpleNamespace(name="Kommun <A>"), SimpleNamespace(name="Region B")]
    return [
        SimpleNamespace(
            project=SimpleNamespace(
                name="E-arkiv & <dokument>",
                case=case,
                case_number=case.number,
                starts_on=dt.date(2023, 2, 1),
                ends_on=None,
            ),
            phase="Pågår",
            cost_year=Decimal("1234567.50"),
            cost_total=Decimal("-2000.49"),
            budget=Decimal("0"),
            shares=[(parties[0], Decimal("1000.50")), (parties[1], Decimal("-0.49"))],
        ),
        SimpleNamespace(
            project=SimpleNamespace(
                name="Wifi", case=None, case_number="", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2023, 6, 30)
            ),
            phase="Avslutat",
            cost_year=Decimal("0"),
            cost_total=Decimal("10"),
            budget=Decimal("999999.99"),
            shares=[],
        ),
    ]


def test_project_rows_and_share_tables():
    data = SimpleNamespace(projects=_projects(), report=SimpleNamespace(year=2023))
    context = {"data": data}
    rows = render("{% load annual_report %}{% project_rows data.projects %}", context)
    assert normalised(rows) == normalised(render(PROJECTS, context))
    tables = render("{% load annual_report %}{% share_tables data.projects data.report.year %}", context)
    assert normalised(tables) == normalised(render(SHARES, context))
    assert "E-arkiv &amp; &lt;dokument&gt;" in rows and "Kommun &lt;A&gt;" in tables


def test_activity_rows_and_section_options():
    activity = SimpleNamespace(
        activity="Rad ett\r\nrad <två>",
        area="Nytta & drift",
        expected="A\nB",
        resources="2 personer",
        outcome="",
        get_status_display=lambda: "Pågår",
    )
    data = SimpleNamespace(activities=[activity, activity], sections=SECTIONS)
    context = {"data": data}
    rows = render("{% load annual_report %}{% activity_rows data.activities %}", context)
    assert normalised(rows) == normalised(render(ACTIVITIES, context))
    assert "Rad ett<br>rad &lt;två&gt;" in rows
    options = render("{% load annual_report %}{% section_options data.sections %}", context)
    assert normalised(options) == normalised(render(OPTIONS, context))
