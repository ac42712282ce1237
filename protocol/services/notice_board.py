"""The notice board: each party's posting date, and the reminders to the parties that have not posted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.access import is_secretariat_of
from common.models import User
from common.outbox import outbox_mail_enqueue
from parties.models import PartyRepresentative

from ..models import PartyPosting


@transaction.atomic
def party_posting_record(*, posting: PartyPosting, posted_on: dt.date, by: User) -> PartyPosting:
    """Record the day the notice went up on the party's own notice board: by the committee's secretariat
    or the party's representative. Recorded once; the same date again is harmless."""
    posting = PartyPosting.objects.select_for_update().select_related("notice", "party").get(pk=posting.pk)
    is_representative = PartyRepresentative.objects.filter(user=by, party_id=posting.party_id).exists()
    if not (is_secretariat_of(by, posting.notice.committee_id) or is_representative):
        raise ValidationError("Bara sekretariatet eller partens representant kan registrera partens anslag.")
    if posting.posted_on is not None:
        if posting.posted_on == posted_on:
            return posting
        raise ValidationError(
            {"posted_on": f"{posting.party} har redan registrerat anslaget {posting.posted_on:%Y-%m-%d}."}
        )
    if posted_on is None:
        raise ValidationError({"posted_on": "Ange datumet då anslaget sattes upp."})
    if posted_on < posting.notice.posted_on:
        raise ValidationError(
            {
                "posted_on": "Anslaget kan inte ha satts upp före justeringen tillkännagavs "
                f"({posting.notice.posted_on:%Y-%m-%d})."
            }
        )
    if posted_on > timezone.localdate():
        raise ValidationError({"posted_on": "Datumet kan inte ligga i framtiden."})
    posting.posted_on = posted_on
    posting.recorded_at = timezone.now()
    posting.recorded_by = by
    posting.full_clean()
    posting.save(update_fields=["posted_on", "recorded_at", "recorded_by"])
    return posting


@transaction.atomic
def notice_board_remind(*, today: dt.date | None = None) -> int:
    """Remind each party's representatives, once a day, to post notices still missing on their board.
    Rows are claimed with SKIP LOCKED, so two sweeps at once send each reminder once."""
    today = today or timezone.localdate()
    due = (
        PartyPosting.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(posted_on__isnull=True, notice__posted_on__lt=today)
        .exclude(last_reminded_on=today)
        .select_related("party", "notice__protocol__meeting", "notice__committee")
    )
    sent = 0
    for posting in due:
        addresses = [
            r.user.email
            for r in PartyRepresentative.objects.filter(party_id=posting.party_id).select_related("user")
            if r.user.email
        ]
        posting.last_reminded_on = today
        posting.save(update_fields=["last_reminded_on"])
        if not addresses:
            continue
        notice = posting.notice
        meeting_date = f"{notice.protocol.meeting.date:%Y-%m-%d}"
        outbox_mail_enqueue(
            to=addresses,
            subject=f"Påminnelse: anslå justeringen av {notice.committee.short_name}s protokoll {meeting_date}",
            body=(
                f"Hej,\n\nJusteringen av protokollet från {notice.committee.name} {meeting_date} "
                f"tillkännagavs {notice.posted_on:%Y-%m-%d}. {posting.party} har ännu inte registrerat att "
                "tillkännagivandet satts upp på partens anslagstavla. Överklagandetiden (tre veckor, KL 13 kap.) "
                "börjar först när alla parter har anslagit.\n\n"
                f"Registrera datumet i portalen: {reverse('protocol:party_postings')}\n"
            ),
            context=f"anslag:{posting.pk}",
        )
        sent += 1
    return sent
