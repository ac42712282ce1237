"""The project list: each row's participant count, budget and actual costs, computed for the rows of
the page only (correlated subqueries), and a page count that computes none of them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.tests.factories import CaseFactory
from projects.models import AllocationKey
from projects.selectors import project_list
from projects.services import cost_item_create, cost_record, project_create

from .factories import ProjectFactory

D = Decimal
pytestmark = pytest.mark.django_db


def test_each_row_has_its_own_figures_and_the_count_computes_none(gns):
    busy = project_create(
        committee=gns.committee,
        name="Digital transformation",
        decision_reference="GNS/8/2019",
        decided_on=dt.date(2020, 2, 14),
        starts_on=dt.date(2020, 2, 14),
        participants=[gns["2305"], gns["2309"], gns["2313"]],
    )
    for n in range(2):
        item = cost_item_create(project=busy, name=f"Post {n}", key=AllocationKey.EQUAL, budget=D("1000.50"))
        for amount in (D("10.25"), D("20")):
            cost_record(cost_item=item, incurred_on=dt.date(2022, 3, 1), amount=amount, description="x", document="y")
    empty = ProjectFactory(committee=gns.committee, name="Förstudie")
    decided = ProjectFactory(committee=gns.committee, name="Telefoni", case=CaseFactory(title="Gemensam telefoni"))

    with CaptureQueriesContext(connection) as captured:
        page = Paginator(project_list(), 50).get_page(1)
        rows = {p.pk: p for p in page.object_list}
        assert rows[decided.pk].case.number.startswith(rows[decided.pk].case.diary.prefix + "/")

    assert (rows[busy.pk].participant_count, rows[busy.pk].budget_total, rows[busy.pk].actual_total) == (
        3,
        D("2001.00"),
        D("60.50"),
    )
    assert (rows[empty.pk].participant_count, rows[empty.pk].budget_total, rows[empty.pk].actual_total) == (
        0,
        D("0"),
        D("0"),
    )
    count_sql, page_sql, cases_sql = (q["sql"] for q in captured.captured_queries)
    assert "COUNT(*)" in count_sql and "projects_cost" not in count_sql and "participant" not in count_sql
    assert "cases_case" not in page_sql  # the deciding cases come for the page's rows only
    assert 'FROM "cases_case"' in cases_sql
    assert "GROUP BY" not in page_sql.rsplit(")", 1)[-1]  # no GROUP BY over project × participant
