"""A small world for the meetings tests: the GNS committee with its diary, members and substitutes, a member of
another committee, the secretariat, cases ready for decision with memos and documents (one secret)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case, Document
from cases.services import case_import, document_register, memo_save
from cases.tests.factories import DiaryFactory
from committee.models import Committee, Membership
from committee.tests.factories import CommitteeFactory, MembershipFactory, TermFactory
from common.models import Role, User
from common.pdf import render_pdf
from common.services import user_create

MEETING_DAY = dt.date(2020, 2, 14)  # a Friday


def pdf_bytes(title: str, pages: int = 1) -> bytes:
    return render_pdf(
        "cases/pdf/demo_document.html",
        {
            "title": title,
            "sender": "Bräcke kommun",
            "reference": "GNS/1/2020",
            "date": MEETING_DAY,
            "paragraphs": [f"Sida {n} av {title}." for n in range(pages)],
        },
    )


@dataclass
class World:
    committee: Committee
    other: Committee
    secretariat: User
    member: User
    substitute: User
    outsider: User  # member of another committee
    granted: User  # a member granted access to the secret document
    case: Case
    case2: Case
    other_case: Case
    secret: Document
    open_doc: Document

    def user(self, **kw) -> User:
        return user_create(**kw)


def _person(username: str, *roles: str) -> User:
    return user_create(
        username=username,
        first_name=username.capitalize(),
        last_name="Testsson",
        email=f"{username}@example.org",
        roles=roles,
    )


@pytest.fixture
def world(db) -> World:
    diary = DiaryFactory(prefix="GNS")
    committee = CommitteeFactory(short_name="GNS", allowed_meeting_weekdays="1,5", notice_days=7)
    committee.diary = diary
    committee.save()
    other = CommitteeFactory(short_name="ANN")
    other.diary = DiaryFactory(prefix="ANN", name="Annan nämnd")
    other.save()
    today = dt.date.today()
    term = TermFactory(committee=committee, starts_on=dt.date(2019, 1, 1), ends_on=today + dt.timedelta(days=3650))
    other_term = TermFactory(committee=other, starts_on=dt.date(2019, 1, 1), ends_on=today + dt.timedelta(days=3650))
    member = _person("ledamot", Role.MEMBER)
    substitute = _person("ersattare", Role.MEMBER)
    granted = _person("beviljad", Role.MEMBER)
    outsider = _person("utomstaende", Role.MEMBER)
    MembershipFactory(term=term, person=member, role=Membership.Role.CHAIR)
    MembershipFactory(term=term, person=substitute, role=Membership.Role.SUBSTITUTE)
    MembershipFactory(term=term, person=granted, role=Membership.Role.MEMBER)
    MembershipFactory(term=other_term, person=outsider, role=Membership.Role.MEMBER)
    secretariat = _person("sekreterare", Role.SECRETARIAT)
    case = case_import(diary=diary, title="Årsbokslut 2019", registered_on=dt.date(2020, 1, 20))
    case2 = case_import(diary=diary, title="Återstående medel från 2018", registered_on=dt.date(2020, 1, 27))
    other_case = case_import(diary=other.diary, title="Annan nämnds ärende", registered_on=dt.date(2020, 1, 27))
    for c in (case, case2, other_case):
        Case.objects.filter(pk=c.pk).update(status=Case.Status.READY_FOR_DECISION)
        c.refresh_from_db()
    open_doc = document_register(
        case=case,
        direction="internal",
        kind="report",
        date=dt.date(2020, 1, 31),
        description="GNS årsredovisning 2019",
        upload=SimpleUploadedFile("arsredovisning.pdf", pdf_bytes("Årsredovisning", 2), content_type="application/pdf"),
    )
    secret = document_register(
        case=case,
        direction="incoming",
        kind="report",
        date=dt.date(2020, 1, 31),
        counterpart="Konsult",
        description="Säkerhetsanalys av serverdriften",
        upload=SimpleUploadedFile("analys.pdf", pdf_bytes("Säkerhetsanalys"), content_type="application/pdf"),
        is_secret=True,
        secrecy_provision="OSL 18 kap. 8 §",
        secrecy_marked_on=dt.date(2020, 1, 31),
        secrecy_authority="Region Jämtland Härjedalen",
    )
    memo_save(
        case=case,
        by=secretariat,
        heading="Årsbokslut 2019 för nämnden",
        body_name=committee.name,
        memo_date=dt.date(2020, 2, 3),
        author=secretariat,
        background="Nämnden har inkommit med ett årsbokslut.",
        result="Utfallet är -50 tkr.",
        proposal="Årsbokslutet godkänns.\n\nÅrsbokslutet läggs till handlingarna.",
        decision_documents=[open_doc, secret],
    )
    from cases.services import document_grant_access

    document_grant_access(document=secret, user=granted, by=secretariat, reason="Ledamot, prövat")
    return World(
        committee=committee,
        other=other,
        secretariat=secretariat,
        member=member,
        substitute=substitute,
        outsider=outsider,
        granted=granted,
        case=case,
        case2=case2,
        other_case=other_case,
        secret=secret,
        open_doc=open_doc,
    )
