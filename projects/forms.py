from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from cases.models import Case
from committee.models import Committee
from common.forms import AmountField, ModelMultipleChoiceField
from parties.models import Party

from .models import AllocationKey, CostItem, GroupMethod, Rounding

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.Form):
    committee = forms.ModelChoiceField(label="Nämnd", queryset=Committee.objects.order_by("name"))
    name = forms.CharField(label="Namn", max_length=300)
    case = forms.ModelChoiceField(
        label="Ärende",
        queryset=Case.objects.select_related("diary").order_by("-year", "-sequence"),
        required=False,
        help_text="Ärendet i diariet där projektet beslutades.",
    )
    decision_reference = forms.CharField(
        label="Beslut", max_length=200, help_text="Ärende och paragraf, t.ex. GNS/8/2019 §5."
    )
    decided_on = forms.DateField(label="Beslutsdatum", widget=DATE)
    starts_on = forms.DateField(label="Startar", widget=DATE)
    ends_on = forms.DateField(label="Slutar", widget=DATE, required=False)
    description = forms.CharField(label="Beskrivning", widget=forms.Textarea, required=False)
    participants = ModelMultipleChoiceField(
        label="Deltagande parter",
        queryset=Party.objects.order_by("kind", "code", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Projektets kostnader fördelas bara mellan de deltagande parterna.",
    )

    def clean_participants(self):
        parties = self.cleaned_data["participants"]
        if not parties:
            raise ValidationError("Välj minst en deltagande part.")
        return parties


class ParticipantForm(forms.Form):
    party = forms.ModelChoiceField(label="Part", queryset=Party.objects.order_by("kind", "code", "name"))
    joined_on = forms.DateField(label="Inträde", widget=DATE)
    buys_in = forms.BooleanField(
        label="Köper in sig (delar även tidigare kostnader; de andra krediteras motsvarande)",
        required=False,
        initial=True,
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["party"].queryset = Party.objects.exclude(project_participations__project=project).order_by(
                "kind", "code", "name"
            )


class CostItemForm(forms.Form):
    """A cost item and its key. The fixed-percentage fields (one per participant) and the two group
    fields are shown together; only those of the chosen key are used."""

    name = forms.CharField(label="Kostnadspost", max_length=300)
    key = forms.ChoiceField(label="Fördelningsnyckel", choices=AllocationKey.choices, widget=forms.RadioSelect)
    budget = AmountField(label="Budget (kr)", min_value=Decimal("0"))
    rounding = forms.ChoiceField(
        label="Avrundning",
        choices=Rounding.choices,
        initial=Rounding.ORE,
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "Enheten som varje kostnad fördelas i. Öre: varje part får kronor och ören. Hela kronor: varje part "
            "får hela kronor (t.ex. 10 425 kr 50/50 blir 5 213 + 5 212) och kostnaderna anges utan öre. "
            "Summan stämmer alltid exakt."
        ),
    )
    region_percent = forms.DecimalField(
        label="Regionens andel (%)",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=7,
        decimal_places=4,
        help_text="Bara för nyckeln 'Fasta andelar mellan grupper'. Regionens del fördelas på regionen.",
    )
    municipality_percent = forms.DecimalField(
        label="Kommunernas andel (%)", required=False, min_value=0, max_value=100, max_digits=7, decimal_places=4
    )
    municipality_method = forms.ChoiceField(
        label="Kommunerna fördelar sin del",
        choices=GroupMethod.choices,
        required=False,
        initial=GroupMethod.POPULATION,
    )
    population_reference_date = forms.DateField(
        label="Särskilt datum för folkmängden",
        widget=DATE,
        required=False,
        help_text=(
            "Lämna tomt för regeln: folkmängden 1 november året före kostnaden. Ange ett datum bara om de "
            "siffrorna saknas; alla deltagare måste ha en siffra just det datumet."
        ),
    )
    population_reference_reason = forms.CharField(
        label="Skäl för det särskilda datumet",
        max_length=300,
        required=False,
        help_text="Skrivs ut på varje fakturarad, t.ex. nämndens beslut.",
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = [p.party for p in project.participants.select_related("party")] if project else []
        for party in self.participants:
            self.fields[f"share_{party.pk}"] = forms.DecimalField(
                label=f"Fast andel för {party} (%)",
                required=False,
                min_value=0,
                max_value=100,
                max_digits=7,
                decimal_places=4,
            )

    def clean_rounding(self):
        return self.cleaned_data.get("rounding") or Rounding.ORE

    @property
    def share_fields(self):
        return [self[f"share_{party.pk}"] for party in self.participants]

    def shares(self) -> dict:
        return {party: self.cleaned_data.get(f"share_{party.pk}") or Decimal("0") for party in self.participants}

    def groups(self) -> list[dict]:
        return [
            {
                "label": "Region",
                "party_kind": Party.Kind.REGION,
                "percent": self.cleaned_data.get("region_percent") or Decimal("0"),
                "method": GroupMethod.EQUAL,
            },
            {
                "label": "Kommunerna",
                "party_kind": Party.Kind.MUNICIPALITY,
                "percent": self.cleaned_data.get("municipality_percent") or Decimal("0"),
                "method": self.cleaned_data.get("municipality_method") or GroupMethod.POPULATION,
            },
        ]

    def error_field_map(self) -> dict[str, str]:
        first_share = f"share_{self.participants[0].pk}" if self.participants else "key"
        return {"shares": first_share, "groups": "region_percent"}


class PopulationDateForm(forms.Form):
    population_reference_date = CostItemForm.base_fields["population_reference_date"]
    population_reference_reason = CostItemForm.base_fields["population_reference_reason"]

    def clean(self):
        data = super().clean()
        if data.get("population_reference_date") and not (data.get("population_reference_reason") or "").strip():
            self.add_error("population_reference_reason", "Ange skälet till att ett särskilt datum används.")
        return data


class CostForm(forms.Form):
    cost_item = forms.ModelChoiceField(label="Kostnadspost", queryset=CostItem.objects.none())
    incurred_on = forms.DateField(label="Datum", widget=DATE)
    amount = AmountField(label="Belopp (kr)", help_text="Negativt belopp för en kreditering, till exempel −2 500.")
    description = forms.CharField(label="Beskrivning", max_length=300)
    document = forms.CharField(
        label="Underlag", max_length=300, help_text="T.ex. Faktura Cambio 4711 eller reseräkning."
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["cost_item"].queryset = project.cost_items.order_by("order", "pk")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise ValidationError("Beloppet kan inte vara noll.")
        return amount
