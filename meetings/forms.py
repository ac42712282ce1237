"""Forms of the meeting pages: input and Swedish messages only; saving goes through meetings.services."""

from django import forms

from cases.models import Case, Document
from common.forms import CleanTextMixin, ModelMultipleChoiceField
from common.models import User

from .models import AgendaItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.title}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username}" + (f", {obj.title}" if obj.title else "")


def _committee_cases(committee):
    return Case.objects.filter(diary_id=committee.diary_id).select_related("diary").order_by("-year", "-sequence")


class DecisionFieldsMixin(forms.Form):
    decision_case = CaseChoiceField(
        label="Ärende", queryset=Case.objects.none(), required=False, help_text="Ärendet där beslutet fattades."
    )
    decision_reference = forms.CharField(
        label="Beslut", max_length=200, required=False, help_text="Paragrafen, t.ex. §31 eller §4 2020-02-14."
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_case"].queryset = _committee_cases(committee)


class MeetingPlanForm(CleanTextMixin, DecisionFieldsMixin):
    year = forms.IntegerField(
        label="År", min_value=2000, max_value=2100, error_messages={"required": "Ange vilket år planen gäller."}
    )
    decided_on = forms.DateField(label="Beslutsdatum", required=False, widget=DATE)
    note = forms.CharField(label="Anteckning", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["year", "decision_case", "decision_reference", "decided_on", "note"]


class MeetingForm(CleanTextMixin, forms.Form):
    date = forms.DateField(label="Datum", widget=DATE, error_messages={"required": "Ange datum."})
    starts_at = forms.TimeField(label="Börjar", widget=TIME, error_messages={"required": "Ange starttid."})
    ends_at = forms.TimeField(label="Slutar", widget=TIME, required=False)
    place = forms.CharField(label="Plats", max_length=300, required=False)


class MeetingCreateForm(MeetingForm):
    committee = forms.ModelChoiceField(
        label="Nämnd", queryset=None, empty_label=None, error_messages={"required": "Välj nämnd."}
    )
    field_order = ["committee", "date", "starts_at", "ends_at", "place"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class MeetingMoveForm(MeetingForm, DecisionFieldsMixin):
    field_order = ["date", "starts_at", "ends_at", "place", "decision_case", "decision_reference"]


class MeetingCancelForm(CleanTextMixin, DecisionFieldsMixin):
    reason = forms.CharField(
        label="Meddelande till ledamöterna", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgendaItemForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Typ",
        choices=[
            (AgendaItem.Kind.INFORMATION, AgendaItem.Kind.INFORMATION.label),
            (AgendaItem.Kind.DELEGATION, AgendaItem.Kind.DELEGATION.label),
            (AgendaItem.Kind.OTHER, AgendaItem.Kind.OTHER.label),
        ],
    )
    title = forms.CharField(label="Rubrik", max_length=500, error_messages={"required": "Ange en rubrik."})
    description = forms.CharField(label="Ärendebeskrivning", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    proposal = forms.CharField(label="Förslag till beslut", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    presenter = PersonChoiceField(label="Föredragande", queryset=User.objects.none(), required=False)
    presenter_name = forms.CharField(
        label="Föredragande (fritext)", max_length=300, required=False, help_text="T.ex. en extern gäst."
    )
    planned_start = forms.TimeField(label="Planerad tid", widget=TIME, required=False)
    planned_minutes = forms.IntegerField(label="Planerad längd (minuter)", min_value=1, max_value=600, required=False)
    is_public = forms.BooleanField(
        label="Offentlig punkt", required=False, initial=True, help_text="Ta bort bocken för en stängd punkt."
    )

    def __init__(self, *args, editing: AgendaItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = User.objects.filter(is_active=True).order_by("last_name", "first_name")
        if editing is not None:
            del self.fields["kind"]


class ItemDocumentsForm(forms.Form):
    documents = ModelMultipleChoiceField(
        label="Beslutsunderlag",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Handlingar i ärendet som följer med punkten.",
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = Document.objects.filter(pk__in=[d.pk for d in documents]).select_related(
            "case__diary"
        )
        self.fields["documents"].label_from_instance = lambda d: (
            f"{d.reference} {d.description}" + (" (sekretess)" if d.is_secret else "")
        )
