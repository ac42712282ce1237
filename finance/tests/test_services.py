import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from committee.models import CommitteeParty
from finance.models import Invoice, InvoiceLine, InvoiceSequence
from finance.services import (
    base_contribution_propose,
    budget_set,
    invoice_credit,
    invoice_issue,
    invoice_issue_batch,
    invoice_mark_paid,
    invoice_recharge_create,
    invoice_update,
    luhn_check_digit,
    ocr_for,
    project_invoice_period,
    reservation_decide,
    reservation_use,
)
from projects.models import AllocationKey, GroupMethod
from projects.services import cost_item_create, cost_record, project_create, project_participant_add

D = Decimal
pytestmark = pytest.mark.django_db


def _budget(gns, year=2020, amount="914400"):
    return budget_set(committee=gns.committee, year=year, base_amount=D(amount))


def _period(project, end="2022-12-31"):
    return project_invoice_period(
        project=project,
        period_end=dt.date.fromisoformat(end),
        invoice_date=dt.date.fromisoformat(end) + dt.timedelta(days=10),
        due_date=dt.date.fromisoformat(end) + dt.timedelta(days=40),
    )


# --- base contribution ---------------------------------------------------------------------------


def test_base_contribution_2020_is_101_600_for_each_of_nine(gns):
    invoices = base_contribution_propose(budget=_budget(gns))
    assert len(invoices) == 9
    assert {i.total for i in invoices} == {D("101600.00")}
    assert all(i.status == Invoice.Status.DRAFT and i.kind == Invoice.Kind.BASE for i in invoices)
    line = invoices[0].lines.get()
    assert (line.basis_total, line.weight_total, line.amount) == (D("914400"), D("9"), D("101600.00"))
    assert line.share_percent == D("11.111111")
    assert invoices[0].invoice_date.month == 1 and invoices[0].due_date == dt.date(2020, 1, 31)
    assert invoices[0].party.code == "23"  # stable order: region first, then by code


def test_base_contribution_uneven_amount_sums_exactly(gns):
    invoices = base_contribution_propose(budget=_budget(gns, amount="1000000"))
    assert sum(i.total for i in invoices) == D("1000000")
    assert sorted({i.total for i in invoices}) == [D("111111.11"), D("111111.12")]


def test_base_contribution_only_members_of_the_year_and_skips_existing(gns):
    CommitteeParty.objects.filter(party=gns["2303"]).update(left_on=dt.date(2019, 12, 31))
    invoices = base_contribution_propose(budget=_budget(gns))
    assert len(invoices) == 8 and gns["2303"] not in {i.party for i in invoices}
    assert {i.total for i in invoices} == {D("114300.00")}
    with pytest.raises(ValidationError, match="Alla parter har redan en faktura"):
        base_contribution_propose(budget=_budget(gns))


def test_budget_base_amount_locked_once_issued(gns):
    budget = _budget(gns)
    invoice_issue(invoice=base_contribution_propose(budget=budget)[0])
    with pytest.raises(ValidationError, match="redan fakturerat"):
        budget_set(committee=gns.committee, year=2020, base_amount=D("900000"))
    budget.refresh_from_db()
    assert budget.base_amount == D("914400")


# --- invoices ------------------------------------------------------------------------------------


def test_luhn_check_digit_known_values():
    assert luhn_check_digit("7992739871") == "3"
    assert ocr_for("202000001") == "2020000010"
    digits = ocr_for("202300017")
    total = sum(
        int(c) if i % 2 == 0 else (2 * int(c) - 9 if 2 * int(c) > 9 else 2 * int(c))
        for i, c in enumerate(reversed(digits))
    )
    assert total % 10 == 0


def test_issue_numbers_without_gaps_and_with_ocr(gns):
    drafts = base_contribution_propose(budget=_budget(gns))
    issued = [invoice_issue(invoice=d) for d in drafts[:3]]
    assert [i.number for i in issued] == ["202000001", "202000002", "202000003"]
    assert all(i.ocr == ocr_for(i.number) and i.issued_at for i in issued)
    assert InvoiceSequence.objects.get(year=2020).last == 3
    with pytest.raises(ValidationError, match="redan skickad"):
        invoice_issue(invoice=issued[0])


def test_issued_invoice_cannot_be_edited(gns):
    invoice = invoice_issue(invoice=base_contribution_propose(budget=_budget(gns))[0])
    with pytest.raises(ValidationError, match="kreditfaktura"):
        invoice_update(invoice=invoice, title="Ändrad", invoice_date=invoice.invoice_date, due_date=invoice.due_date)
    invoice.refresh_from_db()
    assert invoice.title.startswith("Grundbelopp 2020")


def test_draft_can_be_edited(gns):
    invoice = base_contribution_propose(budget=_budget(gns))[0]
    invoice_update(invoice=invoice, title="Nytt", invoice_date=dt.date(2020, 1, 3), due_date=dt.date(2020, 1, 31))
    invoice.refresh_from_db()
    assert invoice.title == "Nytt"


def test_credit_note_mirrors_every_line_and_marks_original(gns):
    invoice = invoice_issue(invoice=base_contribution_propose(budget=_budget(gns))[0])
    note = invoice_credit(invoice=invoice, reason="Fel belopp", credit_date=dt.date(2020, 2, 1))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CREDITED and invoice.total == D("101600.00")
    assert note.kind == Invoice.Kind.CREDIT_NOTE and note.status == Invoice.Status.ISSUED
    assert note.total == D("-101600.00") and note.credited_invoice == invoice and note.number
    assert [(line.amount, line.credited_line) for line in note.lines.all()] == [(D("-101600.00"), invoice.lines.get())]
    with pytest.raises(ValidationError, match="redan helt krediterad"):
        invoice_credit(invoice=invoice, reason="igen")
    # a new base invoice can now be proposed for that party
    assert [i.party for i in base_contribution_propose(budget=_budget(gns))] == [invoice.party]


def test_mark_paid(gns):
    draft = base_contribution_propose(budget=_budget(gns))[0]
    with pytest.raises(ValidationError, match="Bara en skickad"):
        invoice_mark_paid(invoice=draft, paid_on=dt.date(2020, 1, 20))
    paid = invoice_mark_paid(invoice=invoice_issue(invoice=draft), paid_on=dt.date(2020, 1, 20))
    assert paid.status == Invoice.Status.PAID and paid.paid_on == dt.date(2020, 1, 20)


def test_recharge_to_one_party(gns):
    invoice = invoice_recharge_create(
        committee=gns.committee,
        party=gns["2321"],
        description="Serverdrift Åre",
        amount=D("12345.67"),
        incurred_on=dt.date(2019, 12, 31),
        document="Objekt 6663",
        invoice_date=dt.date(2020, 1, 15),
        due_date=dt.date(2020, 2, 14),
    )
    assert invoice.kind == Invoice.Kind.RECHARGE and invoice.total == D("12345.67") and invoice.year == 2019
    assert invoice.lines.get().share_percent == D("100")


# --- projects ------------------------------------------------------------------------------------


def _link2(gns):
    project = project_create(
        committee=gns.committee,
        name="LINK2",
        decision_reference="GNS/8/2018",
        decided_on=dt.date(2022, 1, 1),
        starts_on=dt.date(2022, 1, 1),
        participants=[gns["23"], gns["2305"], gns["2380"]],
    )
    groups = [
        {"label": "Region", "party_kind": "region", "percent": D(50), "method": GroupMethod.EQUAL},
        {"label": "Kommunerna", "party_kind": "municipality", "percent": D(50), "method": GroupMethod.POPULATION},
    ]
    item = cost_item_create(project=project, name="Resor", key=AllocationKey.GROUPS, groups=groups)
    cost_record(cost_item=item, incurred_on=dt.date(2022, 4, 30), amount=D("10425"), description="Resor", document="R")
    return project


def test_link2_model_region_half_municipalities_by_population(gns):
    invoices = _period(_link2(gns))
    by_code = {i.party.code: i for i in invoices}
    assert by_code["23"].total == D("5212.50")
    municipal = {code: by_code[code].total for code in ("2305", "2380")}
    assert sum(municipal.values()) == D("5212.50")
    line = by_code["2305"].lines.get()
    assert (line.population, line.population_date) == (6181, dt.date(2021, 10, 31))  # SCB's 31 Oct = 1 Nov
    assert line.weight_total == D(6181 + 63985) and line.group_label == "Kommunerna"
    assert line.group_percent == D(50)
    assert line.share_percent == (D(6181) / D(70166) * 50).quantize(D("0.000001"))
    assert sum(i.total for i in invoices) == D("10425")


def test_link2_whole_kronor_item_splits_10425_as_5213_and_5212(gns):
    """Seed 002's LINK2 row in whole kronor, with all nine parties: both levels of the nested split are whole
    kronor, the tie of the 50/50 split goes to the Region (first group) and nothing is lost."""
    from projects.models import Rounding

    project = project_create(
        committee=gns.committee,
        name="LINK2 i hela kronor",
        decision_reference="GNS/8/2018",
        decided_on=dt.date(2022, 1, 1),
        starts_on=dt.date(2022, 1, 1),
        participants=list(gns.parties.values()),
    )
    groups = [
        {"label": "Region", "party_kind": "region", "percent": D(50), "method": GroupMethod.EQUAL},
        {"label": "Kommunerna", "party_kind": "municipality", "percent": D(50), "method": GroupMethod.POPULATION},
    ]
    item = cost_item_create(
        project=project, name="Resor", key=AllocationKey.GROUPS, groups=groups, rounding=Rounding.KRONA
    )
    cost_record(cost_item=item, incurred_on=dt.date(2022, 4, 30), amount=D("10425"), description="Resor", document="R")
    invoices = _period(project)
    lines = [line for invoice in invoices for line in invoice.lines.all()]
    region = [line for line in lines if line.group_label == "Region"]
    municipal = [line for line in lines if line.group_label == "Kommunerna"]
    assert [line.amount for line in region] == [D("5213.00")]
    assert len(municipal) == 8 and sum(line.amount for line in municipal) == D("5212.00")
    assert all(line.amount == line.amount.to_integral_value() for line in lines)
    assert sum(line.amount for line in lines) == D("10425")
    # Ragunda's exact share is 5212 * 5208 / 131 173 = 206.93...: whole kronor, within one krona
    ragunda = next(line for line in municipal if line.population == 5208)
    assert abs(ragunda.amount - D(5212) * 5208 / sum(line.population for line in municipal)) < 1
    invoice_issue_batch(committee=project.committee, project=project)
    with pytest.raises(ValidationError, match="inga ofakturerade kostnader"):
        _period(project)


def test_rerun_invoices_nothing(gns):
    project = _link2(gns)
    _period(project)
    with pytest.raises(ValidationError, match="3 fakturautkast som inte är skickade"):
        _period(project)  # the drafts of the first run are still open
    invoice_issue_batch(committee=project.committee, project=project)
    with pytest.raises(ValidationError, match="inga ofakturerade kostnader"):
        _period(project)
    assert InvoiceLine.objects.filter(cost__isnull=False).count() == 3


def test_credited_project_invoice_is_invoiced_again(gns):
    project = _link2(gns)
    first = {i.party.code: i for i in _period(project)}
    invoice_issue_batch(committee=project.committee, project=project)
    first["2305"].refresh_from_db()
    invoice_credit(invoice=first["2305"], reason="fel")
    again = _period(project, end="2023-01-31")
    assert [(i.party.code, i.total) for i in again] == [("2305", first["2305"].total)]
    # (cost, party, round) keeps counting: invoice 1, credit 2, invoice again 3
    rounds = InvoiceLine.objects.filter(settled_party=gns["2305"]).order_by("settlement_round")
    assert [(line.settlement_round, line.amount > 0) for line in rounds] == [(1, True), (2, False), (3, True)]


def _digital(gns):
    project = project_create(
        committee=gns.committee,
        name="Digital transformation",
        decision_reference="GNS/8/2019",
        decided_on=dt.date(2020, 2, 14),
        starts_on=dt.date(2020, 2, 14),
        participants=[gns["2305"], gns["2309"], gns["2313"]],
    )
    item = cost_item_create(project=project, name="E-strateg", key=AllocationKey.POPULATION)
    cost_record(cost_item=item, incurred_on=dt.date(2022, 3, 31), amount=D("75000"), description="kv1", document="L")
    return project, item


def _issue_all(project):
    return invoice_issue_batch(committee=project.committee, project=project)


def test_late_joiner_buys_in_and_others_get_credit_notes(gns):
    project, item = _digital(gns)
    _period(project, "2022-12-31")
    before = {i.party.code: i for i in _issue_all(project)}
    assert sum(i.total for i in before.values()) == D("75000")
    project_participant_add(project=project, party=gns["2303"], joined_on=dt.date(2023, 1, 1))
    after = {i.party.code: i for i in _period(project, "2023-06-30")}
    assert set(after) == {"2303", "2305", "2309", "2313"}
    weights = {"2303": 5208, "2305": 6181, "2309": 15054, "2313": 11488}
    total_w = sum(weights.values())
    assert after["2303"].kind == Invoice.Kind.PROJECT
    assert abs(after["2303"].total - D(75000) * weights["2303"] / total_w) < D("0.01")
    for code in ("2305", "2309", "2313"):  # a negative net is a credit note naming what it credits, never an invoice
        note = after[code]
        assert note.kind == Invoice.Kind.CREDIT_NOTE and note.total < 0
        assert note.credited_invoice == before[code]
        assert {line.credited_line.invoice for line in note.lines.all()} == {before[code]}
    assert sum(i.total for i in after.values()) == 0  # credits equal the catch-up exactly
    for code, invoice in after.items():  # every party now carries exactly its share of the cost
        carried = (before[code].total if code in before else 0) + invoice.total
        assert abs(carried - D(75000) * weights[code] / total_w) < D("0.01")
    issued = {i.party.code: i for i in _issue_all(project)}
    before["2305"].refresh_from_db()
    assert before["2305"].status == Invoice.Status.ISSUED  # partly credited: stays issued
    assert issued["2305"].number and issued["2305"].pdf is not None


def test_late_joiner_buys_in_whole_kronor_and_credits_sum_exactly(gns):
    from projects.models import Rounding

    project, _ = _digital(gns)
    item = cost_item_create(project=project, name="Kronor", key=AllocationKey.POPULATION, rounding=Rounding.KRONA)
    cost_record(cost_item=item, incurred_on=dt.date(2022, 4, 1), amount=D("10001"), description="k", document="K")
    _period(project, "2022-12-31")
    _issue_all(project)
    project_participant_add(project=project, party=gns["2303"], joined_on=dt.date(2023, 1, 1))
    _period(project, "2023-06-30")
    lines = InvoiceLine.objects.filter(cost__cost_item=item)
    assert all(line.amount == line.amount.to_integral_value() for line in lines)
    assert sum(line.amount for line in lines if line.invoice.year == 2023) == 0  # credits equal the catch-up
    carried = {}
    for line in lines:
        carried[line.invoice.party.code] = carried.get(line.invoice.party.code, 0) + line.amount
    assert sum(carried.values()) == D("10001") and len(carried) == 4
    weights = {"2303": 5208, "2305": 6181, "2309": 15054, "2313": 11488}
    assert all(abs(carried[c] - D(10001) * w / sum(weights.values())) < 1 for c, w in weights.items())


def test_late_joiner_without_buy_in_shares_only_later_costs(gns):
    project, item = _digital(gns)
    _period(project, "2022-12-31")
    _issue_all(project)
    project_participant_add(project=project, party=gns["2303"], joined_on=dt.date(2023, 1, 1), buys_in=False)
    with pytest.raises(ValidationError, match="inga ofakturerade"):
        _period(project, "2023-06-30")


def test_missing_population_names_party_and_date(gns):
    project, item = _digital(gns)
    cost_record(cost_item=item, incurred_on=dt.date(2022, 6, 1), amount=D("10"), description="x", document="y")
    # a cost in 2021 needs the figure of 1 November 2020, which does not exist (only 2020-12-31)
    with pytest.raises(ValidationError) as info:
        cost_record(cost_item=item, incurred_on=dt.date(2021, 6, 1), amount=D("10"), description="x", document="y")
    message = " ".join(info.value.messages)
    assert "Bräcke kommun" in message and "2020-11-01" in message
    assert item.costs.count() == 2


def test_settlement_reports_missing_population_too(gns):
    project, item = _digital(gns)
    InvoiceLine.objects.all().delete()
    gns["2309"].population_figures.all().delete()
    with pytest.raises(ValidationError, match="2021-11-01.*saknas för Krokoms kommun"):
        _period(project)
    assert not Invoice.objects.exists()


# --- reservations --------------------------------------------------------------------------------


def test_reservation_use_cannot_exceed_remaining(gns):
    reservation = reservation_decide(
        committee=gns.committee,
        from_year=2018,
        amount=D("745000"),
        purpose="Återstående medel",
        decision_reference="GNS/2/2020",
        decided_on=dt.date(2019, 2, 1),
    )
    reservation_use(reservation=reservation, amount=D("328500"), used_on=dt.date(2019, 6, 1), description="Förstudie")
    with pytest.raises(ValidationError, match=r"416.{1,4}500,00 kr"):
        reservation_use(reservation=reservation, amount=D("416500.01"), used_on=dt.date(2020, 1, 1), description="x")
    assert reservation.uses.count() == 1


def test_settlement_of_many_projects_matches_one_by_one_in_constant_queries(gns, django_assert_num_queries):
    from finance.services.projects import project_settlement, projects_settlement

    link2 = _link2(gns)
    digital, _ = _digital(gns)
    one_by_one = {p.pk: project_settlement(project=p, period_end=dt.date(2022, 12, 31)) for p in (link2, digital)}
    with django_assert_num_queries(6):  # participants, costs, shares, groups, invoiced lines, population figures
        together = projects_settlement(projects=[link2, digital], period_end=dt.date(2022, 12, 31))

    def amounts(settlement):
        return {party.code: [line.amount for line in lines] for party, lines in settlement.items()}

    assert {pk: amounts(s) for pk, s in together.items()} == {pk: amounts(s) for pk, s in one_by_one.items()}
    assert sum(line.amount for lines in together[link2.pk].values() for line in lines) == D("10425")


def test_a_buy_in_credit_note_may_span_several_invoices(gns):
    """Costs of two earlier periods, each invoiced and issued: after a late joiner buys in, an existing party's
    credit note names lines of both earlier invoices (and no single credited invoice)."""
    project, item = _digital(gns)
    _period(project, "2022-06-30")
    first = {i.party.code: i for i in _issue_all(project)}
    cost_record(cost_item=item, incurred_on=dt.date(2022, 9, 30), amount=D("75000"), description="kv3", document="L")
    _period(project, "2022-12-31")
    second = {i.party.code: i for i in _issue_all(project)}
    project_participant_add(project=project, party=gns["2303"], joined_on=dt.date(2023, 1, 1))
    after = {i.party.code: i for i in _period(project, "2023-06-30")}
    note = after["2309"]
    assert note.kind == Invoice.Kind.CREDIT_NOTE and note.credited_invoice is None
    assert {line.credited_line.invoice for line in note.lines.all()} == {first["2309"], second["2309"]}
    assert all(line.credited_line.cost_id == line.cost_id for line in note.lines.all())
    assert after["2303"].total == -sum(after[c].total for c in ("2305", "2309", "2313"))
