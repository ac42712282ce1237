from django import forms

from common.forms import CleanTextMixin

from .models import Party, PopulationFigure

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartyForm(CleanTextMixin, forms.ModelForm):
    """Fields of a party. Saving goes through ``party_create``/``party_update``, never ``form.save()``."""

    class Meta:
        model = Party
        fields = [
            "name",
            "kind",
            "code",
            "org_number",
            "invoice_address",
            "invoice_reference",
            "invoice_email",
            "active_from",
            "active_to",
        ]
        widgets = {
            "active_from": DATE_WIDGET,
            "active_to": DATE_WIDGET,
            "invoice_address": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Ange partens namn.", "unique": "Det finns redan en part med det namnet."},
            "kind": {"required": "Välj typ av part."},
            "active_from": {"required": "Ange från vilket datum parten är aktiv.", "invalid": "Ange ett datum."},
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("active_from"), cleaned.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", "Slutdatumet kan inte ligga före startdatumet.")
        return cleaned


class PopulationFigureForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PopulationFigure
        fields = ["reference_date", "population", "source"]
        widgets = {"reference_date": DATE_WIDGET}
        help_texts = {
            "reference_date": "Dagen som folkmängden avser, t.ex. 2020-11-01.",
            "source": "Till exempel SCB, folkmängd 1 november 2020.",
        }
        error_messages = {
            "reference_date": {"required": "Ange referensdatum.", "invalid": "Ange ett datum."},
            "population": {"required": "Ange folkmängden.", "min_value": "Folkmängden måste vara minst 1."},
            "source": {"required": "Ange varifrån siffran kommer."},
        }


class PopulationImportForm(CleanTextMixin, forms.Form):
    file = forms.FileField(
        label="CSV-fil från SCB",
        help_text=(
            "Kolumner: regionkod, namn, period, folkmängd. Semikolon, komma eller tabb; UTF-8 eller Windows-1252."
        ),
        error_messages={"required": "Välj en fil att läsa in.", "empty": "Filen är tom."},
    )
    source = forms.CharField(
        label="Källa",
        max_length=300,
        help_text="Sparas med varje siffra, t.ex. SCB, folkmängd 1 november 2024.",
        error_messages={"required": "Ange källan för siffrorna."},
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("Filen är för stor (högst 2 MB).")
        return upload
