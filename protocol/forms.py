import uuid

from django import forms

from common.forms import CleanTextMixin

from .models import Attendee, Ballot, Paragraph

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParagraphForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Paragraph
        fields = [
            "title",
            "summary",
            "proposal",
            "motions",
            "decision",
            "case_outcome",
            "extract_recipients",
            "decision_documents",
            "is_public",
            "secrecy_note",
        ]
        labels = {
            "title": "Rubrik",
            "summary": "Sammanfattning",
            "proposal": "Förslag till beslut",
            "motions": "Yrkanden",
            "decision": "Beslut",
            "case_outcome": "Ärendet efter beslutet",
            "extract_recipients": "Expedieras till",
            "decision_documents": "Beslutsunderlag",
            "is_public": "Offentlig paragraf",
            "secrecy_note": "Sekretessgrund (om inte offentlig)",
        }
        help_texts = {
            "decision": "Som standard förslaget till beslut. Skriv om beslutet när nämnden beslutade något annat.",
            "motions": "Vem yrkade vad, t.ex. ”Anna Andersson (S) yrkar bifall till förslaget.”",
            "extract_recipients": "En mottagare per rad. Med e-postadress inom <> skickas utdraget, "
            "t.ex. Sekretariatet <sekretariatet@regionjh.se>.",
            "decision_documents": "En handling per rad.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "motions": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 4}),
            "extract_recipients": forms.Textarea(attrs={"rows": 3}),
            "decision_documents": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = True
        self.fields["decision"].error_messages["required"] = "Skriv beslutet."
        self.fields["title"].error_messages["required"] = "Ange rubriken."


class VoteForm(forms.Form):
    yes_means = forms.CharField(
        label="Ja betyder", max_length=300, error_messages={"required": "Skriv vad ja betyder."}
    )
    no_means = forms.CharField(
        label="Nej betyder", max_length=300, error_messages={"required": "Skriv vad nej betyder."}
    )

    def __init__(self, *args, serving: list[Attendee], **kwargs):
        super().__init__(*args, **kwargs)
        self.serving = serving
        for attendee in serving:
            self.fields[f"choice_{attendee.pk}"] = forms.ChoiceField(
                label=attendee.name,
                choices=Ballot.Choice.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Ange hur {attendee.name} röstade."},
            )

    def choices(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"choice_{a.pk}"] for a in self.serving}


class ReservationForm(CleanTextMixin, forms.Form):
    attendee = forms.ModelChoiceField(
        label="Ledamot som reserverar sig",
        queryset=Attendee.objects.none(),
        error_messages={"required": "Välj vem som reserverar sig."},
    )
    grounds = forms.CharField(
        label="Skriftlig motivering (frivilligt)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].queryset = attendees


class ConflictForm(forms.Form):
    attendee = forms.ModelChoiceField(
        label="Ledamot med jäv", queryset=Attendee.objects.none(), error_messages={"required": "Välj ledamoten."}
    )
    substitute = forms.ModelChoiceField(
        label="Ersättare som tjänstgör i paragrafen (frivilligt)", queryset=Attendee.objects.none(), required=False
    )

    def __init__(self, *args, attendees, substitutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].queryset = attendees
        self.fields["substitute"].queryset = substitutes


class ReplacementForm(forms.Form):
    substitute = forms.ModelChoiceField(
        label="Ersättare", queryset=Attendee.objects.none(), error_messages={"required": "Välj ersättaren."}
    )
    replaces = forms.ModelChoiceField(
        label="Tjänstgör för", queryset=Attendee.objects.none(), error_messages={"required": "Välj ledamoten."}
    )
    from_position = forms.TypedChoiceField(label="Från och med paragraf", coerce=int, choices=())

    def __init__(self, *args, substitutes, members, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = substitutes
        self.fields["replaces"].queryset = members
        self.fields["from_position"].choices = [(p.position, f"§{p.number} {p.title}") for p in paragraphs]


class OtherAttendeeForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label="Namn", max_length=200, error_messages={"required": "Ange namnet."})
    description = forms.CharField(
        label="Funktion", max_length=200, required=False, help_text="T.ex. nämndsekreterare, föredragande."
    )
    left_after = forms.TypedChoiceField(
        label="Lämnade efter paragraf", coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_after"].choices = [("", "Närvarande hela mötet")] + [
            (p.position, f"§{p.number} {p.title}") for p in paragraphs
        ]


class AdjustersForm(CleanTextMixin, forms.Form):
    people = forms.MultipleChoiceField(
        label="Justerare", widget=forms.CheckboxSelectMultiple, error_messages={"required": "Välj minst en justerare."}
    )
    adjustment_on = forms.DateField(label="Tid för justering", widget=DATE_WIDGET, required=False)
    adjustment_place = forms.CharField(
        label="Plats för justering", max_length=200, required=False, help_text="T.ex. digital justering."
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(str(a.person_id), a.name) for a in candidates]


class ApproveForm(forms.Form):
    password = forms.CharField(
        label="Ditt lösenord",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Ange ditt lösenord för att justera."},
        help_text="Du justerar protokollet med din egen inloggning: ange lösenordet igen.",
    )


class PostingForm(forms.Form):
    posted_on = forms.DateField(
        label="Anslaget hos parten",
        widget=DATE_WIDGET,
        error_messages={"required": "Ange datumet.", "invalid": "Skriv datumet som ÅÅÅÅ-MM-DD."},
    )


class DelegatedDecisionForm(CleanTextMixin, forms.Form):
    subject = forms.CharField(label="Beslut", max_length=500, error_messages={"required": "Beskriv beslutet."})
    decided_by = forms.CharField(
        label="Beslutsfattare", max_length=200, error_messages={"required": "Ange vem som beslutade."}
    )
    delegation_point = forms.CharField(
        label="Punkt i delegationsordningen", max_length=50, error_messages={"required": "Ange punkten, t.ex. 3.2."}
    )
    decided_on = forms.DateField(
        label="Beslutsdatum",
        widget=DATE_WIDGET,
        error_messages={"required": "Ange datumet.", "invalid": "Skriv datumet som ÅÅÅÅ-MM-DD."},
    )
    case_number = forms.CharField(
        label="Diarienummer (frivilligt)", max_length=40, required=False, help_text="T.ex. GNS/3/2020."
    )


class OutsideParagraphsForm(CleanTextMixin, forms.Form):
    committee = forms.ChoiceField(
        label="Nämnd", error_messages={"required": "Välj nämnd.", "invalid_choice": "Välj en av nämnderna."}
    )
    year = forms.IntegerField(
        label="År",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Ange året.",
            "invalid": "Skriv året med fyra siffror.",
            "min_value": "Året ska vara 2000 eller senare.",
            "max_value": "Året ska vara 2100 eller tidigare.",
        },
    )
    count = forms.IntegerField(
        label="Antal paragrafer",
        min_value=1,
        max_value=999,
        help_text="De får numren direkt efter årets senast justerade paragraf.",
        error_messages={
            "required": "Ange antalet paragrafer.",
            "invalid": "Skriv antalet med siffror.",
            "min_value": "Minst en paragraf.",
            "max_value": "Högst 999 paragrafer.",
        },
    )
    kept_at = forms.CharField(
        label="Var protokollen förvaras",
        max_length=300,
        help_text="T.ex. sammanträdesdagarna och arkivet där protokollen finns.",
        error_messages={"required": "Ange var protokollen förvaras."},
    )

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("token", uuid.uuid4())
        self.committees = {str(c.pk): c for c in committees}
        self.fields["committee"].choices = [(str(c.pk), f"{c.short_name} – {c.name}") for c in committees]
