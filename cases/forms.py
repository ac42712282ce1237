from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from common.access import OFFICER_ROLES
from common.forms import CleanTextMixin, FastSelect, ModelMultipleChoiceField, PartyChoiceField, UserChoiceField
from common.models import User
from common.selectors import users_with_role
from parties.models import Party

from . import numbers
from .files import ALLOWED_LABEL, max_bytes
from .models import Case, Diary, Document

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def officer_queryset():
    return users_with_role(*OFFICER_ROLES).order_by("last_name", "first_name")


class OfficerChoiceField(forms.ModelChoiceField):
    widget = FastSelect
    default_error_messages = {"invalid_choice": "Handläggaren finns inte. Välj en handläggare i listan."}

    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username}" + (f" ({obj.title})" if obj.title else "")


class CaseRegisterForm(CleanTextMixin, forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    diary = forms.ModelChoiceField(
        label="Diarium",
        queryset=Diary.objects.order_by("prefix"),
        empty_label=None,
        error_messages={"invalid_choice": "Diariet finns inte. Välj ett diarium i listan."},
    )
    title = forms.CharField(
        label="Ärendemening", max_length=500, help_text="Kort och sökbar, t.ex. ”Projekt Digital transformation”."
    )
    description = forms.CharField(label="Beskrivning", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    officer = OfficerChoiceField(label="Handläggare", queryset=User.objects.none(), required=False)
    initiating_party = forms.ModelChoiceField(
        label="Initierande part",
        queryset=Party.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": "Parten finns inte. Välj en part i listan."},
    )

    def __init__(self, *args, diaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_queryset()
        if diaries is not None:
            self.fields["diary"].queryset = diaries.order_by("prefix")
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            first = self.fields["diary"].queryset.first()
            if first is not None:
                self.initial.setdefault("diary", first.pk)


class CaseEditForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label="Ärendemening", max_length=500)
    description = forms.CharField(label="Beskrivning", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    officer = OfficerChoiceField(label="Handläggare", queryset=User.objects.none(), required=False)
    initiating_party = forms.ModelChoiceField(
        label="Initierande part",
        queryset=Party.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": "Parten finns inte. Välj en part i listan."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_queryset()


class CaseStatusForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(
        label="Ny status", choices=[c for c in Case.Status.choices if c[0] != Case.Status.CLOSED]
    )


class CaseCloseForm(CleanTextMixin, forms.Form):
    mistake = forms.BooleanField(label="Felregistrerat (numret förblir förbrukat och ges aldrig igen)", required=False)
    reason = forms.CharField(label="Skäl för avslut", widget=forms.Textarea(attrs={"rows": 3}))


class FileField(forms.FileField):
    default_error_messages = {
        "required": "Välj en fil.",
        "empty": "Filen är tom.",
        "invalid": "Ingen fil skickades. Kontrollera formulärets kodning.",
    }


def _file_help() -> str:
    return f"Tillåtna filtyper: {ALLOWED_LABEL}. Högst {max_bytes() // (1024 * 1024)} MB."


class DocumentForm(CleanTextMixin, forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    direction = forms.ChoiceField(label="Riktning", choices=Document.Direction.choices)
    kind = forms.ChoiceField(label="Handlingstyp", choices=Document.Kind.choices, initial=Document.Kind.LETTER)
    date = forms.DateField(
        label="Datum (inkom eller upprättad)",
        widget=DATE,
        help_text="Dagen handlingen kom in eller upprättades; den får vara tidigare än i dag.",
    )
    counterpart_party = forms.ModelChoiceField(
        label="Avsändare eller mottagare ur partsregistret",
        queryset=Party.objects.order_by("name"),
        required=False,
        empty_label="Ingen part – skriv namnet nedan",
        help_text="En part fylls i som myndighet.",
        error_messages={"invalid_choice": "Parten finns inte. Välj en part i listan."},
    )
    counterpart = forms.CharField(
        label="Avsändare eller mottagare",
        max_length=300,
        required=False,
        help_text="Krävs för inkommande (avsändare) och utgående (mottagare) handlingar.",
    )
    counterpart_kind = forms.ChoiceField(
        label="Avsändaren eller mottagaren är",
        choices=[("", "Välj …"), *[c for c in Document.CounterpartKind.choices if c[0]]],
        required=False,
        help_text="En privatpersons namn visas aldrig i det offentliga diariet, bara ”Privatperson”.",
    )
    description = forms.CharField(label="Kort beskrivning", max_length=500)
    description_public = forms.BooleanField(
        label="Beskrivningen är fri från personuppgifter (visas då i e-diariet även för en privatperson)",
        required=False,
    )
    file = FileField(label="Fil", required=False)
    publish = forms.ChoiceField(
        label="Publicera filen i e-diariet",
        choices=[
            ("default", "Enligt handlingstypens standard (beslut, tjänsteskrivelser, protokoll och utdrag publiceras)"),
            ("yes", "Ja – jag har kontrollerat att filen är fri från personuppgifter"),
            ("no", "Nej"),
        ],
        initial="default",
        required=False,
    )
    is_secret = forms.BooleanField(label="Handlingen omfattas av sekretess", required=False)
    secrecy_provision = forms.CharField(
        label="Sekretessbestämmelse", max_length=200, required=False, help_text="T.ex. OSL 18 kap. 8 §."
    )
    secrecy_authority = forms.CharField(label="Myndighet som sekretessmarkerar", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("token", uuid.uuid4())

    def clean(self):
        data = super().clean()
        direction = data.get("direction")
        party = data.get("counterpart_party")
        if party is not None and not data.get("counterpart"):
            data["counterpart"] = party.name
        if data.get("counterpart") and not data.get("counterpart_kind"):
            # Pre-filled when the portal can tell: a party of the register, or a name with an authority's or
            # a company's word ("kommun", "AB" ...). Any other name is asked for, never guessed.
            from .counterparts import classify_counterpart
            from .selectors import party_by_name

            guess = classify_counterpart(data["counterpart"])
            if party is not None or party_by_name(data["counterpart"]) is not None:
                data["counterpart_kind"] = Document.CounterpartKind.AUTHORITY
            elif guess in (Document.CounterpartKind.AUTHORITY, Document.CounterpartKind.COMPANY):
                data["counterpart_kind"] = guess
            else:
                self.add_error(
                    "counterpart_kind",
                    "Välj om avsändaren/mottagaren är en myndighet, ett företag eller en privatperson.",
                )
        if direction in (Document.Direction.INCOMING, Document.Direction.OUTGOING) and not data.get("counterpart"):
            label = "avsändare" if direction == Document.Direction.INCOMING else "mottagare"
            self.add_error("counterpart", f"Ange handlingens {label} (OSL 5 kap. 2 §).")
        if data.get("is_secret") and data.get("publish") == "yes":
            self.add_error("publish", "En handling med sekretess kan inte publiceras i e-diariet.")
        if data.get("publish") == "yes" and not data.get("file"):
            self.add_error("publish", "Välj en fil att publicera, eller publicera inte.")
        if data.get("is_secret"):
            if not data.get("secrecy_provision"):
                self.add_error("secrecy_provision", "Ange sekretessbestämmelsen, t.ex. OSL 18 kap. 8 §.")
            if not data.get("secrecy_authority"):
                self.add_error("secrecy_authority", "Ange myndigheten som gör sekretessmarkeringen.")
        return data


class DocumentReplaceFileForm(CleanTextMixin, forms.Form):
    file = FileField(label="Ny fil")
    comment = forms.CharField(label="Kommentar", max_length=300, required=False, help_text="Varför filen ersätts.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()


class DocumentSecrecyForm(CleanTextMixin, forms.Form):
    provision = forms.CharField(label="Sekretessbestämmelse", max_length=200, help_text="T.ex. OSL 18 kap. 8 §.")
    authority = forms.CharField(label="Myndighet", max_length=300)
    marked_on = forms.DateField(label="Datum för markeringen", widget=DATE)


class DocumentGrantForm(CleanTextMixin, forms.Form):
    user = forms.ModelChoiceField(
        label="Användare",
        queryset=User.objects.filter(is_active=True).order_by("last_name", "first_name"),
        error_messages={"invalid_choice": "Användaren finns inte."},
    )
    reason = forms.CharField(label="Skäl", max_length=300, required=False)


class MemoForm(CleanTextMixin, forms.Form):
    heading = forms.CharField(label="Rubrik", max_length=500)
    body_name = forms.CharField(label="Organ", max_length=300)
    memo_date = forms.DateField(label="Datum", widget=DATE)
    unit = forms.CharField(label="Enhet", max_length=200)
    author = OfficerChoiceField(label="Handläggare", queryset=User.objects.none())
    background = forms.CharField(label="Bakgrund", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    significance = forms.CharField(label="Betydelse", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    result = forms.CharField(label="Resultat", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    proposal_heading = forms.CharField(label="Rubrik för förslaget", max_length=200, initial="Förslag till beslut")
    proposal = forms.CharField(
        label="Förslag till beslut",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Skilj beslutspunkterna åt med en tom rad; flera punkter numreras automatiskt.",
    )
    decision_documents = ModelMultipleChoiceField(
        label="Beslutsunderlag",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Handlingen hör inte till ärendet."},
    )
    extract_recipients = forms.CharField(
        label="Utdrag till", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="En mottagare per rad."
    )
    signatories = forms.CharField(
        label="Underskrifter",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="En per rad: namn, befattning – t.ex. ”Hans Svensson, Regiondirektör”.",
    )

    def __init__(self, *args, case: Case, documents: list[Document], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = officer_queryset()
        self.fields["decision_documents"].queryset = Document.objects.filter(case=case).order_by("number")
        labels = {d.pk: f"{d.number}. {d.description} ({d.date:%Y-%m-%d})" for d in documents}
        self.fields["decision_documents"].label_from_instance = lambda d: labels.get(d.pk, str(d.number))


class CaseFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label="Sök", required=False, help_text="Diarienummer (t.ex. GNS/3/2019) eller ord.")
    year = forms.TypedChoiceField(label="År", required=False, coerce=int, empty_value=None, widget=FastSelect)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Alla"), *Case.Status.choices], widget=FastSelect
    )
    officer = UserChoiceField(
        label="Handläggare",
        queryset=User.objects.none(),
        required=False,
        empty_label="Alla",
        error_messages={"invalid_choice": "Handläggaren finns inte."},
    )
    party = PartyChoiceField(
        label="Part",
        queryset=Party.objects.order_by("name"),
        required=False,
        empty_label="Alla",
        error_messages={"invalid_choice": "Parten finns inte."},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Alla"), *[(y, y) for y in years]]
        self.fields["officer"].queryset = officer_queryset()


class SearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(
        label="Sök i diariet",
        required=False,
        help_text="Diarienummer, ord i ärenden, tjänsteskrivelser och handlingar.",
    )


class PublicFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label="Diarienummer eller ord i ärendemeningen", required=False)
    date_from = forms.DateField(label="Registrerat från", required=False, widget=DATE)
    date_to = forms.DateField(label="Registrerat till", required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "Slutdatumet ligger före startdatumet.")
        return data


class DiaryNumberField(forms.CharField):
    """A text field that accepts a diary number in any common spelling and cleans to DiaryNumber."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return numbers.parse(value)


class ImportForm(CleanTextMixin, forms.Form):
    diary = forms.ModelChoiceField(label="Diarium", queryset=Diary.objects.order_by("prefix"), empty_label=None)
    file = FileField(
        label="CSV-fil",
        help_text=(
            "Kolumner: diarienummer; datum (ÅÅÅÅ-MM-DD); ärendemening; status; "
            "handläggare (användarnamn, e-post eller namn)."
        ),
    )

    def __init__(self, *args, diaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if diaries is not None:
            self.fields["diary"].queryset = diaries.order_by("prefix")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError("Filen är för stor.")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Välj en CSV-fil (.csv).")
        return upload


class DocumentEdiaryForm(CleanTextMixin, forms.Form):
    """How a document shows in the e-diary: who the counterpart is and whether the description is free of
    personal data."""

    counterpart_kind = forms.ChoiceField(
        label="Avsändaren eller mottagaren är",
        choices=[c for c in Document.CounterpartKind.choices if c[0]],
        help_text="En privatpersons namn visas aldrig i det offentliga diariet, bara ”Privatperson”.",
    )
    description_public = forms.BooleanField(
        label="Beskrivningen är fri från personuppgifter (visas då i e-diariet även för en privatperson)",
        required=False,
    )


class CasePublicationForm(CleanTextMixin, forms.Form):
    withheld = forms.BooleanField(
        label="Ärendet publiceras inte i e-diariet (visas bara med nummer och datum)", required=False
    )
    reason = forms.CharField(
        label="Skäl",
        max_length=300,
        required=False,
        help_text="T.ex. ”Personalärende”. Visas inte för allmänheten.",
    )

    def clean(self):
        data = super().clean()
        if data.get("withheld") and not data.get("reason"):
            self.add_error("reason", "Ange varför ärendet inte publiceras, t.ex. ”Personalärende”.")
        return data
