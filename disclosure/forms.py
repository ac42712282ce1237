from __future__ import annotations

import uuid

from django import forms

from cases.forms import FileField
from common.forms import CleanTextMixin

from .models import DisclosureRequest

WHOLE_CASE = ""


class RequestForm(CleanTextMixin, forms.Form):
    """The public form: nothing about who the requester is or why is required (TF 2 kap. 18 §)."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    document = forms.ChoiceField(label="Handling", required=False)
    wanted = forms.CharField(
        label="Vad vill du ta del av?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="T.ex. ”hela ärendet” eller vilka handlingar. Högst 4 000 tecken.",
        error_messages={
            "required": "Skriv vad du vill ta del av.",
            "max_length": "Skriv högst 4 000 tecken (du skrev %(show_value)d).",
        },
    )
    format = forms.ChoiceField(
        label="Hur vill du få handlingen?",
        choices=DisclosureRequest.Format.choices,
        initial=DisclosureRequest.Format.ELECTRONIC,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label="Namn (frivilligt)",
        max_length=200,
        required=False,
        help_text="Du behöver inte tala om vem du är eller varför du vill ta del av handlingen.",
    )
    email = forms.EmailField(
        label="E-post (behövs bara för svar per e-post)",
        required=False,
        error_messages={"invalid": "Skriv e-postadressen i formen namn@exempel.se."},
    )
    postal_address = forms.CharField(
        label="Postadress (behövs bara för papperskopia)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {str(d.pk): d for d in documents}
        self.fields["document"].choices = [(WHOLE_CASE, "Hela ärendet eller flera handlingar")] + [
            (str(d.pk), f"{d.reference} – {d.description}") for d in documents
        ]
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())

    def clean(self):
        data = super().clean()
        fmt = data.get("format")
        if fmt == DisclosureRequest.Format.ELECTRONIC and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Ange en e-postadress om du vill ha kopian per e-post, eller välj en annan form.")
        if fmt == DisclosureRequest.Format.PAPER and not data.get("postal_address"):
            self.add_error("postal_address", "Ange en postadress om du vill ha en papperskopia.")
        return data

    @property
    def chosen_document(self):
        return self.documents.get(self.cleaned_data.get("document") or "")


class AnswerForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Beslut",
        choices=[c for c in DisclosureRequest.Outcome.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Välj hur begäran besvaras."},
    )
    legal_ground = forms.CharField(
        label="Lagrum (vid avslag eller maskering)",
        max_length=300,
        required=False,
        help_text="T.ex. OSL 18 kap. 8 §. Överklagandehänvisning till kammarrätten läggs till i svaret.",
    )
    message = forms.CharField(
        label="Meddelande till den som begärt", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    masked_file = FileField(label="Maskerad kopia (vid delvis utlämnande)", required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") in ("partial", "refused") and not data.get("legal_ground"):
            self.add_error("legal_ground", "Ange lagrummet för sekretessen, t.ex. OSL 18 kap. 8 §.")
        if data.get("outcome") == "partial" and not data.get("masked_file"):
            self.add_error("masked_file", "Ladda upp den maskerade kopian som lämnas ut.")
        return data
