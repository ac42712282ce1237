from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from common.access import LOGGED_IN_ROLES, MANAGERS, access, may_manage_committee, require
from common.forms import apply_service_errors

from .forms import CommitteePartyForm, MembershipForm
from .models import Committee
from .selectors import committee_list, committee_parties_on, memberships_on, term_current
from .services import committee_party_join, membership_create


@access(*LOGGED_IN_ROLES)
def committee_list_view(request):
    return render(request, "committee/committee_list.html", {"committees": committee_list()})


@access(*LOGGED_IN_ROLES)
def committee_detail_view(request, short_name: str):
    committee = get_object_or_404(Committee.objects.select_related("host_party"), short_name=short_name)
    today = timezone.localdate()
    return render(
        request,
        "committee/committee_detail.html",
        {
            "committee": committee,
            "parties": committee_parties_on(committee=committee, date=today),
            "term": term_current(committee=committee, date=today),
            "memberships": memberships_on(committee=committee, date=today),
        },
    )


@access(*MANAGERS)
def membership_create_view(request, short_name: str):
    committee = get_object_or_404(Committee, short_name=short_name)
    require(may_manage_committee(request.user, committee))
    form = MembershipForm(request.POST if request.method == "POST" else None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_create(committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"{membership.person} är registrerad som {membership.get_role_display().lower()}."
            )
            return redirect("committee:detail", short_name=committee.short_name)
    return render(request, "committee/membership_form.html", {"form": form, "committee": committee})


@access(*MANAGERS)
def committee_party_join_view(request, short_name: str):
    committee = get_object_or_404(Committee, short_name=short_name)
    require(may_manage_committee(request.user, committee))
    form = CommitteePartyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            joined = committee_party_join(committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"{joined.party} är part i {committee.short_name} från {joined.joined_on:%Y-%m-%d}."
            )
            return redirect("committee:detail", short_name=committee.short_name)
    return render(request, "committee/committee_party_form.html", {"form": form, "committee": committee})
