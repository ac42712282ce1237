"""Sample URL kwargs for the access-rule test (tests/test_access_rules.py).

Every URL pattern with parameters needs an entry here, keyed by its full URL name
("namespace:name"). The value is a function that receives ``demo`` (the loaded demo data, see
``DemoObjects`` in test_access_rules.py: ``demo.committee`` = GNS, ``demo.party`` = Östersunds
kommun, ``demo.user("sekreterare")``) and returns the kwargs for ``reverse()``. You may also query
the ORM directly. Pick objects from the demo data (``manage.py demo``) that the demo users of each
role may see, so the test can check 200 for allowed roles, e.g. a case assigned to "handlaggare"
and an invoice of Östersund (the party of "part-ostersund").

    SAMPLES["cases:detail"] = lambda demo: {"pk": Case.objects.first().pk}
"""

from __future__ import annotations

from collections.abc import Callable


def _a_mail():
    """A mail of the mail log (one is recorded through the outbox if the demo data has none)."""
    from common.models import OutgoingMail
    from common.outbox import outbox_mail_enqueue

    return OutgoingMail.objects.order_by("pk").first() or outbox_mail_enqueue(
        to=["ledamot@example.org"], subject="Kallelse", body="Välkommen till sammanträdet.", context="prov:1"
    )


def _demo_meeting():
    """The 2020-02-14 meeting of the demo data (published, with its agenda from seed 002)."""
    import datetime as dt

    from meetings.models import Meeting

    return Meeting.objects.get(committee__short_name="GNS", date=dt.date(2020, 2, 14))


def _demo_meeting_item():
    return _demo_meeting().items.filter(case__isnull=False).order_by("position").first()


def _demo_meeting_document():
    """A document without secrecy on a public item of the demo meeting."""
    from meetings.models import AgendaItemDocument

    return (
        AgendaItemDocument.objects.filter(
            item__meeting=_demo_meeting(), item__is_public=True, document__is_secret=False
        )
        .order_by("pk")
        .first()
        .document
    )


SAMPLES: dict[str, Callable] = {
    # common (password reset with a token that is not valid: the view still renders its page)
    "password_reset_confirm": lambda demo: {"uidb64": "MQ", "token": "set-password"},
    "operations:mail_detail": lambda demo: {"pk": _a_mail().pk},
    # parties
    "parties:detail": lambda demo: {"pk": demo.party.pk},
    "parties:update": lambda demo: {"pk": demo.party.pk},
    "parties:population_create": lambda demo: {"pk": demo.party.pk},
    # committee
    "committee:detail": lambda demo: {"short_name": demo.committee.short_name},
    "committee:membership_create": lambda demo: {"short_name": demo.committee.short_name},
    "committee:party_join": lambda demo: {"short_name": demo.committee.short_name},
}


# cases (the diary): GNS/8/2019 "Projekt Digital transformation" is assigned to "handlaggare" in the demo data
# and has non-secret documents with files, so the case officer may use every case URL on it.
def _gns_8_2019():
    from cases.models import Case

    return Case.objects.get(diary__prefix="GNS", sequence=8, year=2019)


def _gns_8_2019_document():
    return _gns_8_2019().documents.filter(is_secret=False, files__isnull=False).order_by("number").first()


def _published_document():
    from cases.models import Document

    return Document.objects.filter(published_file__isnull=False).order_by("pk").first()


def _a_request():
    from disclosure.models import DisclosureRequest

    return DisclosureRequest.objects.order_by("pk").first()


SAMPLES.update(
    {
        **{
            f"cases:{name}": lambda demo: {"pk": _gns_8_2019().pk}
            for name in (
                "detail",
                "edit",
                "status",
                "close",
                "history",
                "document_add",
                "memo_detail",
                "memo_edit",
                "memo_pdf",
            )
        },
        **{
            f"cases:{name}": lambda demo: {"pk": _gns_8_2019_document().pk}
            for name in (
                "document_detail",
                "document_download",
                "document_replace",
                "document_secrecy",
                "document_readers",
                "document_ediary",
            )
        },
        "cases:publication": lambda demo: {"pk": _gns_8_2019().pk},
        "public_diary:detail": lambda demo: {"pk": _gns_8_2019().pk},
        "public_diary:file": lambda demo: {"pk": _published_document().pk},
        "public_request:create": lambda demo: {"pk": _gns_8_2019().pk},
        "disclosure:detail": lambda demo: {"pk": _a_request().pk},
    }
)


# --- projects and finance (issue 4, "Money") -------------------------------------------------------
def _demo_project():
    from projects.models import Project

    return Project.objects.get(name="Digital transformation")


def _demo_reservation():
    from finance.models import Reservation

    return Reservation.objects.order_by("pk").first()


def _ostersund_invoice(demo):
    """An issued invoice of Östersund (the party of "part-ostersund"): the party portal answers 200."""
    from finance.models import Invoice

    return Invoice.objects.filter(party=demo.party).exclude(status=Invoice.Status.DRAFT).order_by("pk").first()


SAMPLES.update(
    {
        **{
            f"projects:{name}": lambda demo: {"pk": _demo_project().pk}
            for name in ("detail", "participant_add", "cost_item_create", "cost_record")
        },
        **{
            f"finance:{name}": lambda demo: {"pk": _ostersund_invoice(demo).pk}
            for name in (
                "invoice_detail",
                "invoice_issue",
                "invoice_paid",
                "invoice_credit",
                "invoice_pdf",
                "invoice_discard",
            )
        },
        "projects:cost_item_population": lambda demo: {"pk": _demo_project().cost_items.order_by("pk").first().pk},
        "finance:project_invoice": lambda demo: {"pk": _demo_project().pk},
        "finance:project_issue": lambda demo: {"pk": _demo_project().pk},
        "finance:opening_balance": lambda demo: {"short_name": demo.committee.short_name},
        "finance:reservation_use": lambda demo: {"pk": _demo_reservation().pk},
        "finance:reservations": lambda demo: {"short_name": demo.committee.short_name},
        **{
            f"finance:{name}": lambda demo: {"short_name": demo.committee.short_name, "year": 2020}
            for name in ("year", "budget_edit", "outcome_edit", "outcome_prefill", "base_propose", "base_issue_all")
        },
        "party:invoice": lambda demo: {"pk": _ostersund_invoice(demo).pk},
        "party:invoice_pdf": lambda demo: {"pk": _ostersund_invoice(demo).pk},
    }
)

SAMPLES.update(
    {
        **{
            f"meetings:{name}": lambda demo: {"pk": _demo_meeting().pk}
            for name in (
                "detail",
                "packet",
                "agenda",
                "edit",
                "move",
                "cancel",
                "publish",
                "notices",
                "case_add",
                "item_add",
            )
        },
        **{
            f"meetings:{name}": lambda demo: {"pk": _demo_meeting().pk, "item_id": _demo_meeting_item().pk}
            for name in ("item_edit", "item_move", "item_remove")
        },
        "meetings:document": lambda demo: {"pk": _demo_meeting().pk, "document_id": _demo_meeting_document().pk},
        "meetings:plan_edit": lambda demo: {"short_name": demo.committee.short_name, "year": 2020},
        **{f"public_meetings:{name}": lambda demo: {"pk": _demo_meeting().pk} for name in ("detail", "ics", "packet")},
        "public_meetings:document": lambda demo: {
            "pk": _demo_meeting().pk,
            "document_id": _demo_meeting_document().pk,
        },
        "public_meetings:calendar": lambda demo: {"short_name": demo.committee.short_name},
    }
)


def _demo_protocol():
    """The adjusted protocol of 2020-02-14 (protocol/demo.py): public, with its stored PDF and extracts."""
    from protocol.models import Protocol

    return Protocol.objects.select_related("meeting").get(meeting__date="2020-02-14", committee__short_name="GNS")


def _demo_paragraph():
    return _demo_protocol().paragraphs.filter(case__isnull=False, is_public=True).order_by("position").first()


SAMPLES.update(
    {
        "protocol:draft": lambda demo: {"meeting_id": _demo_protocol().meeting_id},
        **{
            f"protocol:{name}": lambda demo: {"pk": _demo_protocol().pk}
            for name in ("detail", "attendance", "adjusters", "adjust", "pdf")
        },
        "protocol:paragraph": lambda demo: {"pk": _demo_protocol().pk, "paragraph_id": _demo_paragraph().pk},
        "protocol:extract_pdf": lambda demo: {"paragraph_id": _demo_paragraph().pk},
    }
)


# annual: the decided 2019 report (public) for reading, the 2020 draft for the secretariat's pages.
def _annual(year: int):
    from annual.models import AnnualReport

    return AnnualReport.objects.get(committee__short_name="GNS", year=year, edition=1)


def _draft_ids(demo) -> dict:
    report = _annual(2020)
    return {"pk": report.pk}


SAMPLES.update(
    {
        "annual:detail": lambda demo: {"pk": _annual(2019).pk},
        "annual:pdf": lambda demo: {"pk": _annual(2019).pk},
        **{
            f"annual:{name}": _draft_ids
            for name in (
                "pdf_order",
                "pdf_status",
                "preview_pdf",
                "section_add",
                "case_set",
                "activities",
                "decide",
                "correct",
            )
        },
        **{
            f"annual:{name}": lambda demo: {**_draft_ids(demo), "section_pk": _annual(2020).sections.first().pk}
            for name in ("section_edit", "section_history")
        },
        **{
            f"annual:{name}": lambda demo: {
                "pk": _annual(2019).pk,
                "activity_pk": _annual(2019).activities.order_by("pk").first().pk,
            }
            for name in ("activity_edit", "activity_delete")
        },
    }
)
