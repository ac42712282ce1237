from decimal import Decimal

from django import forms

from committee.models import Committee
from parties.models import Party
from projects.forms import DATE, MONEY

from .models import Category, Invoice


class BudgetForm(forms.Form):
    base_amount = forms.DecimalField(
        label="Basfinansiering (kr)",
        min_value=Decimal("0"),
        help_text="Grundbeloppet som nämndens parter betalar i lika delar, i förskott i januari.",
        **MONEY,
    )
    decision_reference = forms.CharField(label="Beslut", max_length=200, required=False)
    note = forms.CharField(label="Kommentar", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[f"cat_{category.value}"] = forms.DecimalField(
                label=f"{category.label} (kr)", required=False, **MONEY
            )

    def category_amounts(self) -> dict[str, Decimal]:
        return {
            c.value: self.cleaned_data[f"cat_{c.value}"]
            for c in Category
            if self.cleaned_data.get(f"cat_{c.value}") is not None
        }


class OutcomeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[f"cat_{category.value}"] = forms.DecimalField(
                label=f"{category.label} (kr)",
                required=False,
                **MONEY,
                help_text="Intäkter positiva, kostnader negativa." if category == Category.FEES else "",
            )

    def amounts(self) -> dict[str, Decimal]:
        return {
            c.value: self.cleaned_data[f"cat_{c.value}"]
            for c in Category
            if self.cleaned_data.get(f"cat_{c.value}") is not None
        }


class BaseProposeForm(forms.Form):
    invoice_date = forms.DateField(label="Fakturadatum", widget=DATE)
    due_date = forms.DateField(label="Förfallodatum", widget=DATE, help_text="Betalning sker i januari.")


class InvoiceEditForm(forms.Form):
    title = forms.CharField(label="Avser", max_length=300)
    invoice_date = forms.DateField(label="Fakturadatum", widget=DATE)
    due_date = forms.DateField(label="Förfallodatum", widget=DATE)


class CreditForm(forms.Form):
    reason = forms.CharField(label="Skäl till krediteringen", max_length=200)


class PaidForm(forms.Form):
    paid_on = forms.DateField(label="Betaldatum", widget=DATE)


class RechargeForm(forms.Form):
    committee = forms.ModelChoiceField(label="Nämnd", queryset=Committee.objects.order_by("name"))
    party = forms.ModelChoiceField(label="Part som faktureras", queryset=Party.objects.order_by("kind", "code"))
    description = forms.CharField(label="Avser", max_length=200, help_text="T.ex. Serverdrift Åre, mars 2020.")
    amount = forms.DecimalField(label="Belopp (kr)", min_value=Decimal("0.01"), **MONEY)
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
    amount = forms.DecimalField(label="Belopp (kr)", min_value=Decimal("0.01"), **MONEY)
    purpose = forms.CharField(label="Ändamål", max_length=300)
    decision_reference = forms.CharField(label="Beslut", max_length=200)
    decided_on = forms.DateField(label="Beslutsdatum", widget=DATE)


class ReservationUseForm(forms.Form):
    amount = forms.DecimalField(label="Belopp (kr)", min_value=Decimal("0.01"), **MONEY)
    used_on = forms.DateField(label="Datum", widget=DATE)
    description = forms.CharField(label="Används till", max_length=300)
    decision_reference = forms.CharField(label="Beslut", max_length=200, required=False)


class InvoiceFilterForm(forms.Form):
    year = forms.IntegerField(label="År", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alla"), *Invoice.Status.choices])
    kind = forms.ChoiceField(label="Typ", required=False, choices=[("", "Alla"), *Invoice.Kind.choices])
    party = forms.ModelChoiceField(
        label="Part", required=False, queryset=Party.objects.order_by("kind", "code"), empty_label="Alla"
    )
