"""§ numbers: continuous through the calendar year per committee, no gaps (``protocol.rules``).

Numbers of adjusted protocols (and of a protocol whose numbers were fixed by an immediate adjustment or
by the first approval) are 1..F and never change; the year's other drafts follow from F + 1 in the order
of their meetings. Every change happens under the lock of the (committee, year) series row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ..models import OutsideParagraphs, Paragraph, ParagraphSeries, Protocol
from ..rules import number_drafts, numbering_is_gapless
from ._common import lock_series


def _fixed_numbers(committee_id: int, year: int) -> list[int]:
    """The year's numbers that never move: adjusted (or fixed) paragraphs and those kept outside the portal."""
    fixed = Q(protocol__status=Protocol.Status.ADJUSTED) | Q(protocol__numbers_fixed=True)
    numbers = list(
        Paragraph.objects.filter(committee_id=committee_id, year=year).filter(fixed).values_list("number", flat=True)
    )
    for first_number, last_number in OutsideParagraphs.objects.filter(committee_id=committee_id, year=year).values_list(
        "first_number", "last_number"
    ):
        numbers.extend(range(first_number, last_number + 1))
    return numbers


def renumber(*, committee_id: int, year: int, first: Protocol | None = None) -> None:
    """Number the year's drafts again; ``first`` (a draft) is put before the others, because its numbers
    are about to be fixed. Caller holds a transaction."""
    series = lock_series(committee_id, year)
    offset = series.first_number - 1
    fixed_numbers = _fixed_numbers(committee_id, year)
    if not numbering_is_gapless([n - offset for n in fixed_numbers]):  # pragma: no cover - the invariant kept here
        raise RuntimeError(f"§-numren för {year} har luckor: {sorted(fixed_numbers)}")
    drafts = list(
        Protocol.objects.filter(committee_id=committee_id, year=year, status=Protocol.Status.DRAFT, numbers_fixed=False)
        .select_related("meeting")
        .order_by("meeting__date", "meeting__starts_at", "pk")
    )
    if first is not None:
        drafts.sort(key=lambda p: p.pk != first.pk)
    paragraphs = {
        protocol.pk: list(protocol.paragraphs.order_by("position").only("pk", "number", "position"))
        for protocol in drafts
    }
    numbers = number_drafts(
        fixed_count=offset + len(fixed_numbers), draft_sizes=[len(paragraphs[p.pk]) for p in drafts]
    )
    changed = []
    for protocol, protocol_numbers in zip(drafts, numbers, strict=True):
        for paragraph, number in zip(paragraphs[protocol.pk], protocol_numbers, strict=True):
            if paragraph.number != number:
                paragraph.number = number
                changed.append(paragraph)
    if changed:
        # Two steps, so the unique (committee, year, number) never sees a number twice in between.
        Paragraph.objects.filter(pk__in=[p.pk for p in changed]).update(number=None)
        Paragraph.objects.bulk_update(changed, ["number"])


@transaction.atomic
def paragraph_series_start(*, committee, year: int, first_number: int, by=None) -> ParagraphSeries:
    """The committee starts using the portal in the middle of ``year``: its first paragraph here gets
    ``first_number`` (the earlier ones are in protocols kept outside the portal). Refused once the year
    has paragraphs in the portal."""
    series = lock_series(committee.pk, year)
    if first_number < 1:
        raise ValidationError({"first_number": "Första paragrafnumret är minst 1."})
    if series.first_number == first_number:
        return series
    if (
        Paragraph.objects.filter(committee=committee, year=year).exists()
        or OutsideParagraphs.objects.filter(committee=committee, year=year).exists()
    ):
        raise ValidationError(
            {"first_number": f"Året {year} har redan paragrafer i portalen; numreringen kan inte flyttas."}
        )
    series.first_number = first_number
    series.save(update_fields=["first_number"])
    return series


@transaction.atomic
def outside_paragraphs_record(
    *, committee, year: int, count: int, kept_at: str, by=None, token=None
) -> OutsideParagraphs:
    """``count`` paragraphs of ``year`` were given in protocols kept outside the portal after the protocols
    adjusted here so far (e.g. meetings held while the committee moved to the portal). They take the next
    numbers of the series; the drafts of the year are numbered after them. A second call with the same
    ``token`` (the form submitted twice) returns the first record: the series row's lock orders the two,
    and the unique token decides."""
    series = lock_series(committee.pk, year)
    if token is not None:
        existing = OutsideParagraphs.objects.filter(token=token).first()
        if existing is not None:
            return existing
    errors = {}
    if count < 1 or count > 999:
        errors["count"] = "Ange hur många paragrafer protokollen utanför portalen har (1–999)."
    if not (kept_at or "").strip():
        errors["kept_at"] = "Ange var protokollen förvaras, t.ex. sammanträdesdagar och arkiv."
    if errors:
        raise ValidationError(errors)
    first_number = series.first_number + len(_fixed_numbers(committee.pk, year))
    outside = OutsideParagraphs(
        committee=committee,
        year=year,
        first_number=first_number,
        last_number=first_number + count - 1,
        kept_at=kept_at.strip(),
        recorded_by=by,
        token=token,
    )
    outside.full_clean()
    outside.save()
    renumber(committee_id=committee.pk, year=year)
    return outside
