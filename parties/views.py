from django.shortcuts import get_object_or_404, render

from common.access import ADMINISTRATOR, SECRETARIAT, access

from .models import Party
from .selectors import party_list, party_population_history


@access(SECRETARIAT, ADMINISTRATOR)
def party_list_view(request):
    return render(request, "parties/party_list.html", {"parties": party_list()})


@access(SECRETARIAT, ADMINISTRATOR)
def party_detail_view(request, pk: int):
    party = get_object_or_404(Party, pk=pk)
    return render(
        request,
        "parties/party_detail.html",
        {"party": party, "figures": party_population_history(party=party)},
    )
