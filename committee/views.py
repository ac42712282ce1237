from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from common.access import ADMINISTRATOR, CASE_OFFICER, MEMBER, PARTY_REPRESENTATIVE, SECRETARIAT, access

from .models import Committee
from .selectors import committee_list, committee_parties_on, memberships_on, term_current

LOGGED_IN_ROLES = (SECRETARIAT, CASE_OFFICER, MEMBER, PARTY_REPRESENTATIVE, ADMINISTRATOR)


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
