import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.models import AllocationKey, Cost, CostItem, GroupMethod, Project, Rounding
from projects.services import cost_item_create, cost_record, project_create, project_participant_add
from projects.tests.factories import ProjectFactory, ProjectParticipantFactory

D = Decimal
pytestmark = pytest.mark.django_db


def test_project_without_participants_is_refused(gns):
    with pytest.raises(ValidationError) as info:
        project_create(
            committee=gns.committee,
            name="Tomt",
            decision_reference="GNS/1/2022",
            decided_on=dt.date(2022, 1, 1),
            starts_on=dt.date(2022, 1, 1),
            participants=[],
        )
    assert "minst en deltagande part" in info.value.message_dict["participants"][0]
    assert not Project.objects.exists()


def test_participant_twice_or_before_start_is_refused(gns):
    project = project_create(
        committee=gns.committee,
        name="P",
        decision_reference="GNS/1/2022",
        decided_on=dt.date(2022, 1, 1),
        starts_on=dt.date(2022, 1, 1),
        participants=[gns["2305"]],
    )
    with pytest.raises(ValidationError, match="deltar redan"):
        project_participant_add(project=project, party=gns["2305"], joined_on=dt.date(2022, 2, 1))
    with pytest.raises(ValidationError, match="före projektstarten"):
        project_participant_add(project=project, party=gns["2309"], joined_on=dt.date(2021, 2, 1))


@pytest.mark.parametrize(("a", "b", "message"), [("60", "30", "nu 90 %"), ("60", "50", "nu 110 %")])
def test_fixed_percentages_must_sum_to_100(gns, a, b, message):
    project = ProjectFactory(committee=gns.committee)
    for code in ("2305", "2309"):
        ProjectParticipantFactory(project=project, party=gns[code])
    with pytest.raises(ValidationError) as info:
        cost_item_create(
            project=project, name="Fast", key=AllocationKey.FIXED, shares={gns["2305"]: D(a), gns["2309"]: D(b)}
        )
    assert message in info.value.message_dict["shares"][0]
    assert not CostItem.objects.exists()


def test_fixed_share_for_non_participant_is_refused(gns):
    project = ProjectFactory(committee=gns.committee)
    ProjectParticipantFactory(project=project, party=gns["2305"])
    with pytest.raises(ValidationError, match="Krokoms kommun deltar inte"):
        cost_item_create(
            project=project, name="Fast", key=AllocationKey.FIXED, shares={gns["2305"]: D(50), gns["2309"]: D(50)}
        )


def test_groups_must_sum_to_100_and_have_participants(gns):
    project = ProjectFactory(committee=gns.committee)
    ProjectParticipantFactory(project=project, party=gns["2305"])
    groups = [
        {"label": "Region", "party_kind": "region", "percent": D(50), "method": GroupMethod.EQUAL},
        {"label": "Kommunerna", "party_kind": "municipality", "percent": D(40), "method": GroupMethod.POPULATION},
    ]
    with pytest.raises(ValidationError, match="nu 90 %"):
        cost_item_create(project=project, name="G", key=AllocationKey.GROUPS, groups=groups)
    groups[1]["percent"] = D(50)
    with pytest.raises(ValidationError, match="Gruppen Region har inga deltagande parter"):
        cost_item_create(project=project, name="G", key=AllocationKey.GROUPS, groups=groups)
    groups[0]["percent"], groups[1]["percent"] = D(0), D(100)
    item = cost_item_create(project=project, name="G", key=AllocationKey.GROUPS, groups=groups)
    assert [(g.label, g.percent) for g in item.groups.all()] == [("Kommunerna", D(100))]


def test_cost_record_checks_population_for_population_keys_only(gns):
    project = ProjectFactory(committee=gns.committee, starts_on=dt.date(2020, 1, 1))
    ProjectParticipantFactory(project=project, party=gns["2305"])
    equal = cost_item_create(project=project, name="Lika", key=AllocationKey.EQUAL)
    by_population = cost_item_create(project=project, name="Folkmängd", key=AllocationKey.POPULATION)
    cost_record(cost_item=equal, incurred_on=dt.date(2021, 5, 1), amount=D("100"), description="a", document="b")
    with pytest.raises(ValidationError) as info:
        cost_record(
            cost_item=by_population, incurred_on=dt.date(2021, 5, 1), amount=D("100"), description="a", document="b"
        )
    message = info.value.message_dict["incurred_on"][0]
    assert "saknas för Bräcke kommun" in message and "per 2020-11-01" in message
    cost = cost_record(
        cost_item=by_population, incurred_on=dt.date(2022, 5, 1), amount=D("100"), description="a", document="b"
    )
    assert cost.pk


def test_cost_record_refuses_ore_on_a_whole_kronor_item(gns):
    project = ProjectFactory(committee=gns.committee, starts_on=dt.date(2022, 1, 1))
    ProjectParticipantFactory(project=project, party=gns["2305"])
    item = cost_item_create(project=project, name="Kronor", key=AllocationKey.EQUAL, rounding=Rounding.KRONA)
    assert item.rounding == Rounding.KRONA
    with pytest.raises(ValidationError) as info:
        cost_record(cost_item=item, incurred_on=dt.date(2022, 5, 1), amount=D("100.50"), description="a", document="b")
    assert info.value.message_dict["amount"] == ["Kostnadsposten fördelas i hela kronor: ange beloppet utan öre."]
    assert not Cost.objects.exists()
    day = dt.date(2022, 5, 1)
    cost = cost_record(cost_item=item, incurred_on=day, amount=D("100.00"), description="a", document="b")
    assert cost.amount == D("100")
    ore = cost_item_create(project=project, name="Öre", key=AllocationKey.EQUAL)
    assert ore.rounding == Rounding.ORE
    cost_record(cost_item=ore, incurred_on=day, amount=D("100.50"), description="a", document="b")


def test_rounding_must_be_ore_or_krona(gns):
    project = ProjectFactory(committee=gns.committee, starts_on=dt.date(2022, 1, 1))
    ProjectParticipantFactory(project=project, party=gns["2305"])
    with pytest.raises(ValidationError) as info:
        cost_item_create(project=project, name="X", key=AllocationKey.EQUAL, rounding="tior")
    assert "rounding" in info.value.message_dict
    assert not CostItem.objects.filter(name="X").exists()
