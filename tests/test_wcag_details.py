"""The small things a new user trips on (issue 14): Swedish plurals, one diary-number format, labels that do
not repeat themselves, an error summary that names the field and says a file must be chosen again, the
founding participants' label and the confirmation pages of actions that cannot be undone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.numbers import normalise_in_text
from cases.tests.factories import CaseFactory, DiaryFactory, DocumentFactory
from finance.models import Invoice
from finance.services import base_contribution_propose, budget_set, invoice_issue
from projects.models import Project
from projects.services import project_create, project_participant_add
from projects.tests.conftest import gns  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("GNS/03/2019", "GNS/3/2019"),
        ("beslut GNS/08/2019 §5 och GNS/12/2019", "beslut GNS/8/2019 §5 och GNS/12/2019"),
        ("Årsredovisning 2018 (2019-02-15)", "Årsredovisning 2018 (2019-02-15)"),
    ],
)
def test_diary_numbers_in_free_text_are_shown_without_leading_zeros(typed, shown):
    assert normalise_in_text(typed) == shown


def test_diary_says_1_arende_not_1_arenden(secretariat_client):
    CaseFactory(diary=DiaryFactory())
    html = secretariat_client.get(reverse("cases:list")).content.decode()
    assert "1 ärende." in html and "1 ärenden" not in html
    public = secretariat_client.get(reverse("public_diary:list")).content.decode()
    assert "1 ärende." in public and "1 ärenden" not in public


def test_error_summary_names_the_field_and_says_the_file_must_be_chosen_again(secretariat_client):
    case = CaseFactory(diary=DiaryFactory())
    response = secretariat_client.post(
        reverse("cases:document_add", args=[case.pk]), {"direction": "incoming", "counterpart": "Bräcke kommun"}
    )
    html = response.content.decode()
    assert 'href="#id_description">Kort beskrivning</a>:' in html  # the summary links to the field by name
    assert "filen måste väljas igen" in html and "Välj filen igen" in html
    assert "Det du har skrivit finns kvar." not in html  # not the promise that everything was kept
    assert 'value="Bräcke kommun"' in html


@pytest.fixture
def project(gns):  # noqa: F811
    case = CaseFactory(diary=DiaryFactory(), title="Projekt Digital transformation", registered_on=dt.date(2019, 9, 23))
    project = project_create(
        committee=gns.committee,
        name="Digital transformation",
        decision_reference="GNS/08/2019 (sammanträde 2020-02-14)",
        decided_on=dt.date(2020, 2, 14),
        starts_on=dt.date(2020, 2, 14),
        participants=[gns["2305"], gns["2309"]],
        case=case,
    )
    project_participant_add(project=project, party=gns["2313"], joined_on=dt.date(2021, 1, 1), buys_in=True)
    return Project.objects.get(pk=project.pk)


def test_project_page_says_each_thing_once(secretariat_client, project):
    detail = secretariat_client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "GNS/8/2019 (sammanträde 2020-02-14)</dd>" in detail  # no leading zero, the date not repeated
    assert "Med från start" in detail and "Köper in sig (delar kostnader före inträdet)" in detail
    assert ">Ja<" not in detail
    listing = secretariat_client.get(reverse("projects:list")).content.decode()
    assert "GNS/1/2019: GNS/8/2019" in listing  # the case, then the decision: different numbers, both shown
    project.decision_reference = "GNS/1/2019 §5"
    project.save()
    listing = secretariat_client.get(reverse("projects:list")).content.decode()
    assert "GNS/1/2019: GNS/1/2019" not in listing and "GNS/1/2019 §5" in listing


def test_issuing_one_invoice_asks_first_and_says_what_cannot_be_undone(secretariat_client, gns):  # noqa: F811
    budget = budget_set(committee=gns.committee, year=2020, base_amount=Decimal("914400"))
    draft = base_contribution_propose(budget=budget)[0]
    url = reverse("finance:invoice_issue", args=[draft.pk])
    asked = secretariat_client.get(url)
    html = asked.content.decode()
    assert asked.status_code == 200 and "kan aldrig ändras eller tas bort" in html and 'name="bekraftat"' in html
    assert secretariat_client.post(url).status_code == 200  # the old one-click form: still only the question
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT
    assert secretariat_client.post(url, {"bekraftat": "ja"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.ISSUED
    again = secretariat_client.get(url)  # an issued invoice is not offered again
    assert again.status_code == 302


def test_lifting_secrecy_asks_first(secretariat_client):
    case = CaseFactory(diary=DiaryFactory())
    document = DocumentFactory(case=case, is_secret=True, secrecy_provision="OSL 18 kap. 8 §", secrecy_authority="GNS")
    url = reverse("cases:document_secrecy", args=[document.pk])
    asked = secretariat_client.post(url, {"action": "unmark"})
    assert "Häva sekretessmarkeringen" in asked.content.decode()
    document.refresh_from_db()
    assert document.is_secret
    secretariat_client.post(url, {"action": "unmark", "bekraftat": "ja"})
    document.refresh_from_db()
    assert not document.is_secret


def test_issued_invoice_not_offered_for_issue_again(secretariat_client, gns):  # noqa: F811
    budget = budget_set(committee=gns.committee, year=2020, base_amount=Decimal("914400"))
    invoice_issue(invoice=base_contribution_propose(budget=budget)[0])
    year = secretariat_client.get(reverse("finance:year", args=["GNS", 2020])).content.decode()
    assert "Föreslå fakturor" not in year  # invoices exist: proposing again is not offered
