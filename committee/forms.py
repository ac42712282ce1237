from django import forms
from django.utils import timezone

from common.db import swedish
from common.forms import CleanTextMixin
from common.models import User
from parties.models import Party

from .models import Membership, Term
from .selectors import term_current

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class MembershipForm(CleanTextMixin, forms.Form):
    """Appoint a member or substitute. Saving goes through ``membership_create``."""

    person = PersonChoiceField(
        label="Person",
        queryset=User.objects.none(),
        error_messages={"required": "Välj vem uppdraget gäller."},
    )
    term = forms.ModelChoiceField(
        label="Mandatperiod", queryset=Term.objects.none(), error_messages={"required": "Välj mandatperiod."}
    )
    role = forms.ChoiceField(
        label="Uppdrag",
        choices=[("", "---------"), *Membership.Role.choices],
        error_messages={"required": "Välj uppdrag."},
    )
    on_behalf_of = forms.ModelChoiceField(
        label="Utsedd av",
        queryset=Party.objects.none(),
        help_text="Den part som har utsett personen.",
        error_messages={"required": "Välj vilken part som utsett personen."},
    )
    political_party = forms.CharField(
        label="Parti",
        max_length=10,
        help_text="Partibeteckning, t.ex. S, M, C, V, KD, L, MP, SD.",
        error_messages={"required": "Ange partibeteckning."},
    )
    starts_on = forms.DateField(
        label="Från", required=False, widget=DATE_WIDGET, help_text="Tomt = mandatperiodens början."
    )
    ends_on = forms.DateField(
        label="Till", required=False, widget=DATE_WIDGET, help_text="Tomt = mandatperiodens slut."
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(is_active=True).order_by(
            swedish("last_name"), swedish("first_name"), "username"
        )
        self.fields["term"].queryset = Term.objects.filter(committee=committee).order_by("-starts_on")
        current = term_current(committee=committee, date=timezone.localdate())
        if current is not None:
            self.fields["term"].initial = current.pk
        self.fields["on_behalf_of"].queryset = Party.objects.filter(
            committee_memberships__committee=committee
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "Slutdatumet kan inte ligga före startdatumet.")
        return cleaned


class CommitteePartyForm(CleanTextMixin, forms.Form):
    """Let a party join the committee. Saving goes through ``committee_party_join``."""

    party = forms.ModelChoiceField(
        label="Part", queryset=Party.objects.none(), error_messages={"required": "Välj part."}
    )
    joined_on = forms.DateField(
        label="Inträde",
        widget=DATE_WIDGET,
        error_messages={"required": "Ange datum för inträdet.", "invalid": "Ange ett datum."},
    )
    left_on = forms.DateField(label="Utträde", required=False, widget=DATE_WIDGET, help_text="Tomt = tills vidare.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.order_by(swedish("name"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("joined_on"), cleaned.get("left_on")
        if start and end and end < start:
            self.add_error("left_on", "Utträdet kan inte ligga före inträdet.")
        return cleaned
