from django import forms


class AccessibilityReportForm(forms.Form):
    name = forms.CharField(label="Namn (frivilligt)", max_length=200, required=False)
    email = forms.EmailField(
        label="E-post (frivilligt)",
        required=False,
        help_text="Om du vill att vi svarar dig.",
        error_messages={"invalid": "Skriv e-postadressen i formen namn@exempel.se."},
    )
    page_url = forms.CharField(
        label="Sida där problemet finns",
        max_length=500,
        help_text="Adressen till sidan, eller beskriv var på webbplatsen den finns.",
        error_messages={"required": "Ange vilken sida problemet finns på."},
    )
    description = forms.CharField(
        label="Beskriv problemet",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Beskriv problemet så att vi kan åtgärda det."},
    )
