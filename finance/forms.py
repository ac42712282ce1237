import uuid
from decimal import Decimal

from django import forms

from committee.models import Committee
from common.formatting import format_amount
from common.forms import AmountConfirmationMixin, AmountField, PartyChoiceField
from parties.models import Party
from projects.forms import DATE
from projects.models import Project

from .models import INCOME_CATEGORIES, Category, Invoice


class TokenForm(forms.Form):
    """A form whose submission must have exactly one effect: a fresh token per rendering, unique in the
    database (``Invoice.form_token``), so a double post returns the first result."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class BudgetForm(AmountConfirmationMixin, forms.Form):
    """Every change of the base contribution is confirmed before it is saved (it becomes nine invoices);
    a category that changes tenfold is too."""

    confirm_always = ("base_amount",)

    base_amount = AmountField(
        label="Basfinansiering (kr)",
        min_value=Decimal("0"),
        help_text="Grundbeloppet som nämndens parter betalar i lika delar, i förskott i januari. "
        "Skriv som du brukar, till exempel 950 000 eller 950 000,00.",
    )
    decision_reference = forms.CharField(label="Beslut", max_length=200, required=False)
    note = forms.CharField(label="Kommentar", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[f"cat_{category.value}"] = AmountField(label=f"{category.label} (kr)", required=False)

    def category_amounts(self) -> dict[str, Decimal]:
        return {
            c.value: self.cleaned_data[f"cat_{c.value}"]
            for c in Category
            if self.cleaned_data.get(f"cat_{c.value}") is not None
        }


class OutcomeForm(AmountConfirmationMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[f"cat_{category.value}"] = AmountField(
                label=f"{category.label} (kr)",
                required=False,
                help_text="Intäkter positiva, kostnader negativa." if category == Category.FEES else "",
            )

    def amounts(self) -> dict[str, Decimal]:
        """Only the figures the user changed: saving the form unchanged does not turn computed figures
        into hand-entered ones."""
        return {
            c.value: self.cleaned_data[f"cat_{c.value}"]
            for c in Category
            if f"cat_{c.value}" in self.changed_data and self.cleaned_data.get(f"cat_{c.value}") is not None
        }


class BaseProposeForm(forms.Form):
    invoice_date = forms.DateField(label="Fakturadatum", widget=DATE)
    due_date = forms.DateField(label="Förfallodatum", widget=DATE, help_text="Betalning sker i januari.")


class InvoiceEditForm(forms.Form):
    title = forms.CharField(label="Avser", max_length=300)
    invoice_date = forms.DateField(label="Fakturadatum", widget=DATE)
    due_date = forms.DateField(label="Förfallodatum", widget=DATE)


class CreditForm(TokenForm):
    """Credit a whole invoice (no amounts) or chosen lines: one amount field per line that has anything left."""

    reason = forms.CharField(label="Skäl till krediteringen", max_length=200)

    def __init__(self, *args, invoice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        for line in invoice.lines.all() if invoice is not None else []:
            remaining = getattr(line, "remaining", line.amount)
            if remaining <= 0:
                continue
            name = f"line_{line.pk}"
            self.fields[name] = AmountField(
                label=f"Rad {line.order}: {line.description[:80]}",
                required=False,
                min_value=Decimal("0.01"),
                max_value=remaining,
                help_text=f"Kvar att kreditera: {format_amount(remaining)} kr. Lämna tomt för att låta raden vara.",
            )
            self.line_fields.append((line, name))

    def amounts(self) -> dict[int, Decimal]:
        return {
            line.pk: self.cleaned_data[name]
            for line, name in self.line_fields
            if self.cleaned_data.get(name) is not None
        }


class PaidForm(forms.Form):
    paid_on = forms.DateField(label="Betaldatum", widget=DATE)


class RechargeForm(TokenForm):
    committee = forms.ModelChoiceField(label="Nämnd", queryset=Committee.objects.order_by("name"))
    party = forms.ModelChoiceField(label="Part som faktureras", queryset=Party.objects.order_by("kind", "code"))
    description = forms.CharField(label="Avser", max_length=200, help_text="T.ex. Serverdrift Åre, mars 2020.")
    amount = AmountField(label="Belopp (kr)", min_value=Decimal("0.01"))
    incurred_on = forms.DateField(label="Kostnadens datum", widget=DATE)
    document = forms.CharField(label="Underlag", max_length=200)
    invoice_date = forms.DateField(label="Fakturadatum", widget=DATE)
    due_date = forms.DateField(label="Förfallodatum", widget=DATE)


class ProjectInvoiceForm(forms.Form):
    period_end = forms.DateField(
        label="Kostnader till och med", widget=DATE, help_text="Alla ännu ofakturerade kostnader t.o.m. detta datum."
    )
    invoice_date = forms.DateField(label="Fakturadatum", widget=DATE)
    due_date = forms.DateField(label="Förfallodatum", widget=DATE)


class ReservationForm(forms.Form):
    from_year = forms.IntegerField(label="Medel från år", min_value=2000, max_value=2100)
    amount = AmountField(label="Belopp (kr)", min_value=Decimal("0.01"))
    purpose = forms.CharField(label="Ändamål", max_length=300)
    decision_reference = forms.CharField(label="Beslut", max_length=200)
    decided_on = forms.DateField(label="Beslutsdatum", widget=DATE)


class ReservationUseForm(forms.Form):
    amount = AmountField(label="Belopp (kr)", min_value=Decimal("0.01"))
    used_on = forms.DateField(label="Datum", widget=DATE)
    description = forms.CharField(label="Används till", max_length=300)
    decision_reference = forms.CharField(label="Beslut", max_length=200, required=False)
    project = forms.ModelChoiceField(
        label="Projekt som finansieras",
        queryset=Project.objects.none(),
        required=False,
        help_text="Om medlen finansierar ett av nämndens projekt.",
    )

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.fields["project"].queryset = Project.objects.filter(committee=committee).order_by("name")


class OpeningBalanceForm(AmountConfirmationMixin, forms.Form):
    year = forms.IntegerField(label="Gäller från början av år", min_value=2000, max_value=2100)
    amount = AmountField(
        label="Ingående eget kapital (kr)",
        help_text="Medel som nämnden hade när redovisningen började; kan vara negativt (−89 000).",
    )
    decision_reference = forms.CharField(label="Beslut eller underlag", max_length=300)
    note = forms.CharField(label="Kommentar", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class OutcomePrefillForm(forms.Form):
    cost_category = forms.ChoiceField(
        label="Projektens registrerade kostnader bokförs som",
        choices=[(c.value, c.label) for c in Category if c not in INCOME_CATEGORIES],
        initial=Category.CONSULTANTS.value,
    )


class InvoiceFilterForm(forms.Form):
    year = forms.IntegerField(label="År", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alla"), *Invoice.Status.choices])
    kind = forms.ChoiceField(label="Typ", required=False, choices=[("", "Alla"), *Invoice.Kind.choices])
    party = PartyChoiceField(
        label="Part",
        required=False,
        queryset=Party.objects.order_by("kind", "code"),
        empty_label="Alla",
    )
