"""An adjusted protocol never changes (KL 5 kap. 69–70 §§, TF 2 kap. 10 §): PostgreSQL refuses every UPDATE,
DELETE and INSERT that would change an adjusted protocol, its attendance, paragraphs, votes, reservations,
conflicts and adjusters, or a paragraph adjusted immediately; approvals, notices and extracts are never
changed or deleted; a party's recorded posting date never changes. See common/immutable.py."""

from django.db import migrations

from common.immutable import RefuseDelete, RefuseInsert, RefuseUpdate

ADJUSTED = "Protokollet är justerat och kan inte ändras. En rättelse görs genom ett nytt beslut."


def _adjusted(protocol_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM protocol_protocol pr WHERE pr.id = {protocol_id} AND pr.status = 'adjusted')"


def _paragraph_fixed(paragraph_id: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM protocol_paragraph pa JOIN protocol_protocol pr ON pr.id = pa.protocol_id "
        f"WHERE pa.id = {paragraph_id} AND (pr.status = 'adjusted' OR pa.immediately_adjusted_at IS NOT NULL))"
    )


def _vote_fixed(vote_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM protocol_vote v WHERE v.id = {vote_id} AND {_paragraph_fixed('v.paragraph_id')})"


# model, guard name, condition over a row alias (OLD or NEW)
CHILDREN = [
    ("protocol.Attendee", "protocol_attendee", lambda r: _adjusted(f"{r}.protocol_id")),
    ("protocol.Adjuster", "protocol_adjuster", lambda r: _adjusted(f"{r}.protocol_id")),
    (
        "protocol.Paragraph",
        "protocol_paragraph",
        lambda r: f"({r}.immediately_adjusted_at IS NOT NULL OR {_adjusted(f'{r}.protocol_id')})"
        if r == "OLD"
        else _adjusted(f"{r}.protocol_id"),
    ),
    ("protocol.Vote", "protocol_vote", lambda r: _paragraph_fixed(f"{r}.paragraph_id")),
    ("protocol.Ballot", "protocol_ballot", lambda r: _vote_fixed(f"{r}.vote_id")),
    ("protocol.Reservation", "protocol_reservation", lambda r: _paragraph_fixed(f"{r}.paragraph_id")),
    ("protocol.Conflict", "protocol_conflict", lambda r: _paragraph_fixed(f"{r}.paragraph_id")),
]


def _child_guards():
    for model, name, condition in CHILDREN:
        yield RefuseUpdate(model, name=f"{name}_upd", when=condition("OLD"), message=ADJUSTED)
        yield RefuseDelete(model, name=f"{name}_del", when=condition("OLD"), message=ADJUSTED)
        yield RefuseInsert(model, name=f"{name}_ins", when=condition("NEW"), message=ADJUSTED)


class Migration(migrations.Migration):
    dependencies = [("protocol", "0001_initial")]

    operations = [
        RefuseUpdate(
            "protocol.Protocol",
            name="protocol_protocol_upd",
            when="OLD.status = 'adjusted'",
            except_columns=["pdf", "public_pdf", "updated_at"],
            message=ADJUSTED,
        ),
        RefuseDelete("protocol.Protocol", name="protocol_protocol_del", when="OLD.status = 'adjusted'", message=ADJUSTED),
        *_child_guards(),
        RefuseUpdate("protocol.Approval", name="protocol_approval_upd", message="En justering ändras aldrig."),
        RefuseDelete("protocol.Approval", name="protocol_approval_del", message="En justering tas aldrig bort."),
        RefuseUpdate("protocol.NoticeBoardPost", name="protocol_notice_upd", message="Ett anslag ändras aldrig."),
        RefuseDelete("protocol.NoticeBoardPost", name="protocol_notice_del", message="Ett anslag tas aldrig bort."),
        RefuseUpdate(
            "protocol.PartyPosting",
            name="protocol_partyposting_upd",
            when="OLD.posted_on IS NOT NULL",
            columns=["notice", "party", "posted_on", "recorded_at", "recorded_by"],
            message="Partens anslagsdatum är registrerat och ändras inte.",
        ),
        RefuseDelete("protocol.PartyPosting", name="protocol_partyposting_del", message="Ett anslag tas aldrig bort."),
        RefuseUpdate("protocol.Extract", name="protocol_extract_upd", message="Ett protokollsutdrag ändras aldrig."),
        RefuseDelete("protocol.Extract", name="protocol_extract_del", message="Ett protokollsutdrag tas aldrig bort."),
        RefuseDelete(
            "protocol.DelegatedDecision",
            name="protocol_delegated_del",
            when="OLD.reported_in_id IS NOT NULL",
            message="Ett anmält delegationsbeslut tas aldrig bort.",
        ),
    ]
