"""The pages as users meet them: who sees what, query counts pinned (and pinned again after adding data),
bad input answered in Swedish next to the field with nothing lost."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from annual.models import SectionVersion
from annual.services import activity_save, report_decide, report_pdf_produce, section_add, section_save

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _project(year2019, name):
    from projects.models import AllocationKey
    from projects.services import cost_item_create, cost_record, project_create

    project = project_create(
        committee=year2019.committee,
        name=name,
        decision_reference="GNS/8/2019",
        decided_on=dt.date(2019, 3, 1),
        starts_on=dt.date(2019, 3, 1),
        participants=[year2019.committee.host_party],
    )
    item = cost_item_create(project=project, name="Projektledare", key=AllocationKey.EQUAL, budget=Decimal("1000"))
    cost_record(cost_item=item, incurred_on=dt.date(2019, 5, 1), amount=Decimal("500"), description="Lön", document="L")


def _more_data(report, year2019):
    """More sections, versions, activities and a project: the page's query count must not grow."""
    _project(year2019, "Digital transformation")
    for i in range(3):
        section = section_add(report=report, title=f"Händelse {i}", by=year2019.secretariat)
        section_save(section=section, body=f"Text {i} med [[resultat]].", by=year2019.secretariat)
        activity_save(report=report, by=year2019.secretariat, activity=f"Aktivitet {i}", status="ongoing")


def test_the_draft_page_shows_the_whole_report_in_constant_queries(client, report, year2019, django_assert_num_queries):
    _project(year2019, "Förstudie IT-serverdrift")
    _login(client, year2019.secretariat)
    url = reverse("annual:detail", args=[report.pk])
    with django_assert_num_queries(18):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Summa verksamhetens nettokostnader" in html and "−101" in html and "−89" in html
    assert html.count('role="img"') == 3 and "Kostnader per kategori 2019" in html
    assert 'Utfallet för helår <span class="figure">2019</span> är <span class="figure">−50 tkr</span>' in html
    _more_data(report, year2019)
    with django_assert_num_queries(18):
        response = client.get(url)
    assert "Digital transformation" in response.content.decode()


def test_who_reads_which_report(client, report, year2019, make_user):
    url = reverse("annual:detail", args=[report.pk])
    assert client.get(url).status_code == 302  # a draft: log in
    assert _login(client, year2019.member).get(url).status_code == 403
    report = report_pdf_produce(report=report)
    assert client.get(url).status_code == 200  # final: the committee's members read it
    assert client.get(reverse("annual:pdf", args=[report.pk]))["Content-Type"] == "application/pdf"
    assert _login(client, year2019.outsider).get(url).status_code == 403
    client.logout()
    assert client.get(reverse("annual:pdf", args=[report.pk])).status_code == 302
    report_decide(report=report, decided_on=dt.date.today(), decision_reference="§ 4")
    response = client.get(url)
    assert response.status_code == 200 and report.pdf.sha256 in response.content.decode()
    pdf = client.get(reverse("annual:pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["ETag"] == f'"{report.pdf.sha256}"'


def test_the_list_shows_each_user_what_they_may_read(client, report, year2019, django_assert_num_queries):
    url = reverse("annual:list")
    with django_assert_num_queries(1):
        assert "Årsredovisning 2019" not in client.get(url).content.decode()
    _login(client, year2019.secretariat)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert "Årsredovisning 2019" in response.content.decode() and "Skapa utkast" in response.content.decode()


def test_section_editor_lists_fields_and_refuses_a_stale_save_keeping_the_text(
    client, report, year2019, django_assert_num_queries
):
    section = report.sections.get(key="sammanfattning")
    url = reverse("annual:section_edit", args=[report.pk, section.pk])
    _login(client, year2019.secretariat)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert "[[resultat]]" in response.content.decode() and "−50 tkr" in response.content.decode()
    section_save(section=section, body="Någon annans text", base_version=0, by=year2019.member)
    response = client.post(url, {"body": "Min långa text om året", "base_version": 0})
    html = response.content.decode()
    assert response.status_code == 400 and "Mats Ledamot sparade version 1" in html
    assert "Min långa text om året</textarea>" in html
    response = client.post(url, {"body": "Bra år <script>alert(1)</script>[[resultat]]", "base_version": 1})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "Bra år [[resultat]]" and section.version == 2
    page = client.get(url).content.decode()
    assert "togs bort: skript" in page


def test_versions_can_be_compared(client, report, year2019, django_assert_num_queries):
    section = report.sections.get(key="mal")
    section_save(section=section, body="Målet är nått.", by=year2019.secretariat)
    section_save(section=section, body="Målet är delvis nått.", by=year2019.member)
    _login(client, year2019.secretariat)
    url = reverse("annual:section_history", args=[report.pk, section.pk])
    with django_assert_num_queries(12):
        response = client.get(url, {"a": 1, "b": 2})
    html = response.content.decode()
    assert re.search(r"<ins><span class=\"visually-hidden\">\[tillagt:\] </span>delvis ?</ins>", html)
    assert "Mats Ledamot" in html and SectionVersion.objects.filter(section=section).count() == 2
    assert "versionerna 1–2" in client.get(url, {"a": 1, "b": 9}).content.decode()


def test_activities_are_edited_as_rows(client, report, year2019, django_assert_num_queries):
    _login(client, year2019.secretariat)
    url = reverse("annual:activities", args=[report.pk])
    response = client.post(url, {"activity": "", "status": "done", "outcome": "Klart"})
    assert response.status_code == 400 and "Klart</textarea>" in response.content.decode()
    assert client.post(url, {"activity": "Förstudie", "status": "done", "outcome": "Klart"}).status_code == 302
    activity_save(report=report, by=year2019.secretariat, activity="Arkiv", status="not_relevant")
    with django_assert_num_queries(5):
        response = client.get(url)
    assert "Förstudie" in response.content.decode() and "Ej aktuell" in response.content.decode()


def test_the_secretariat_previews_the_draft_as_pdf_and_orders_the_final(
    client, report, year2019, django_capture_on_commit_callbacks
):
    _login(client, year2019.secretariat)
    preview = client.get(reverse("annual:preview_pdf", args=[report.pk]))
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("annual:pdf_order", args=[report.pk]), follow=True)
    assert "registrerad i ärendet" in response.content.decode() or "framställs" in response.content.decode()
    report.refresh_from_db()
    assert report.is_final and report.document.case == year2019.case
    section = report.sections.first()
    response = client.post(
        reverse("annual:section_edit", args=[report.pk, section.pk]), {"body": "Ändrad", "base_version": 1}
    )
    assert response.status_code == 400 and "slutlig och kan inte ändras" in response.content.decode()


def test_a_missing_figure_is_listed_on_the_draft_and_blocks_the_pdf(client, year2019):
    from annual.services import report_create

    draft = report_create(committee=year2019.committee, year=2020, by=year2019.secretariat)
    _login(client, year2019.secretariat)
    page = client.get(reverse("annual:detail", args=[draft.pk])).content.decode()
    assert "Utfall 2020: Försäljning" in page and "saknas" in page
    response = client.post(reverse("annual:pdf_order", args=[draft.pk]), follow=True)
    assert "kan inte framställas än" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft and draft.document is None
