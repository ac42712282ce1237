from django import forms

from common.forms import CleanTextMixin

from .models import Activity


class ReportCreateForm(CleanTextMixin, forms.Form):
    committee = forms.ModelChoiceField(label="Nämnd", queryset=None, empty_label=None)
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    case_number = forms.CharField(
        label="Ärende för årsbokslutet (diarienummer)",
        required=False,
        max_length=40,
        help_text="T.ex. GNS/1/2020. Den slutliga PDF:en registreras som handling i ärendet; kan anges senare.",
    )

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class SectionForm(forms.Form):
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "narrative-editor"}),
        help_text=(
            "Skriv i Markdown: tom rad = nytt stycke, ”- ” = punktlista, **fetstil**, *kursiv*, ### underrubrik. "
            "Siffror skrivs aldrig in för hand: infoga ett fält ur listan, t.ex. [[resultat]]."
        ),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SectionAddForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label="Rubrik för nytt avsnitt", max_length=300)


class CaseForm(CleanTextMixin, forms.Form):
    case_number = forms.CharField(label="Ärende för årsbokslutet (diarienummer)", max_length=40)


class ActivityForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["activity", "area", "expected", "resources", "status", "outcome"]
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 2}),
            "expected": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }


class DecideForm(CleanTextMixin, forms.Form):
    decided_on = forms.DateField(label="Beslutsdatum", widget=forms.DateInput(attrs={"type": "date"}))
    decision_reference = forms.CharField(
        label="Beslut", max_length=300, help_text="Paragraf och sammanträde, t.ex. § 4, 2020-02-14."
    )


class CompareForm(forms.Form):
    a = forms.IntegerField(label="Version", min_value=1)
    b = forms.IntegerField(label="jämförd med version", min_value=1)
