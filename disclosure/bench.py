"""Benchmark data and pages for requests for public documents (see common/bench.py).

Scale 1: 40 requests a year over the diary's ten years (400), all answered but the last 20, which
wait in the secretariat's queue. Runs after the diary (order 15)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from common.bench import dataset, page
from common.models import Role

from .models import DisclosureRequest, RequestCounter

PER_YEAR = 40
OPEN = 20


@dataset(16)
def build_requests(ctx) -> None:
    registrar = ctx.user(Role.SECRETARIAT)
    cases = list(Case.objects.order_by("year", "sequence").values_list("pk", "year", "registered_on"))
    if not cases:
        return
    per_year = PER_YEAR * ctx.scale
    by_year: dict[int, list] = {}
    for pk, year, registered_on in cases:
        by_year.setdefault(year, []).append((pk, registered_on))
    requests = []
    for year, year_cases in sorted(by_year.items()):
        for sequence in range(1, per_year + 1):
            pk, registered_on = year_cases[(sequence * 7) % len(year_cases)]
            received = timezone.make_aware(dt.datetime.combine(registered_on, dt.time(9)) + dt.timedelta(days=30))
            requests.append(
                DisclosureRequest(
                    year=year,
                    sequence=sequence,
                    received_at=received,
                    case_id=pk,
                    wanted="Samtliga handlingar i ärendet.",
                    format=DisclosureRequest.Format.ELECTRONIC,
                    email=f"begaran{sequence}@example.org",
                    token=uuid.uuid4(),
                    outcome=DisclosureRequest.Outcome.RELEASED,
                    answered_at=received + dt.timedelta(hours=20),
                    answered_by=registrar,
                    answer_text="Handlingarna bifogas.",
                )
            )
    for request in requests[-OPEN:]:
        request.outcome, request.answered_at, request.answered_by, request.answer_text = "", None, None, ""
    DisclosureRequest.objects.bulk_create(requests, batch_size=2000)
    RequestCounter.objects.bulk_create([RequestCounter(year=y, last_sequence=per_year) for y in by_year])
    ctx.data["bench_request"] = DisclosureRequest.objects.filter(outcome="").order_by("received_at").first()


@page("e-diarium: begär ut handling")
def request_form_page(ctx) -> str:
    return reverse("public_request:create", args=[ctx.data["bench_case"].pk])


@page("e-diarium: begäranden, kö", role="secretariat")
def queue_page(ctx) -> str:
    return reverse("disclosure:queue")


@page("e-diarium: begäranden, besvarade", role="secretariat")
def answered_page(ctx) -> str:
    return reverse("disclosure:queue") + "?visa=besvarade"


@page("e-diarium: begäran", role="secretariat")
def request_page(ctx) -> str:
    return reverse("disclosure:detail", args=[ctx.data["bench_request"].pk])
