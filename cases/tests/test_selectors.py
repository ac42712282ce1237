import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cases import selectors, services
from cases.selectors import CaseFilters, PublicFilters

from .factories import CaseFactory, DiaryFactory, DocumentFactory, officer, secretariat, user_with
from .helpers import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """Two officers' cases and one secret document with a file and searchable text."""
    diary = DiaryFactory()
    hanna, olle = officer(), officer()
    mine = CaseFactory(
        diary=diary,
        title="Förstudie kring samverkan om gemensam IT-serverdrift",
        officer=hanna,
        registered_on=dt.date(2019, 2, 4),
    )
    theirs = CaseFactory(
        diary=diary,
        title="Gemensam löneadministration",
        officer=olle,
        registered_on=dt.date(2019, 4, 8),
        description="Åre kommun och regionen utreder lönetjänsten",
    )
    with django_capture_on_commit_callbacks(execute=True):
        secret = DocumentFactory(
            case=mine,
            description="Säkerhetsanalys serverhallar",
            counterpart="Konsultbolaget AB",
            upload=upload("analys.txt", "Brandväggsregler och sårbarheter i serverhallen".encode()),
            is_secret=True,
            secrecy_provision="OSL 18 kap. 8 §",
            secrecy_authority="Region Jämtland Härjedalen",
        )
        public = DocumentFactory(case=mine, description="Slutrapport förstudie", upload=upload("r.txt", b"serverdrift"))
    return {
        "diary": diary,
        "hanna": hanna,
        "olle": olle,
        "mine": mine,
        "theirs": theirs,
        "secret": secret,
        "public": public,
    }


def test_officer_sees_only_assigned_cases_secretariat_all(world):
    assert list(selectors.case_list(user=world["hanna"])) == [world["mine"]]
    assert set(selectors.case_list(user=secretariat())) == {world["mine"], world["theirs"]}
    assert list(selectors.case_list(user=user_with("member"))) == []
    with pytest.raises(Http404):
        selectors.case_get(user=world["hanna"], pk=world["theirs"].pk)


@pytest.mark.parametrize("query", ["GNS/02/2019", "gns/2/2019", "GNS 2/2019", "2/2019"])
def test_find_by_number_in_any_spelling(world, query):
    assert list(selectors.case_list(user=secretariat(), filters=CaseFilters(query=query))) == [world["theirs"]]


@pytest.mark.parametrize("query", ["löneadministration", "lönetjänst", "LÖNE", "Åre"])
def test_find_by_words_in_title_and_description(world, query):
    assert list(selectors.case_list(user=secretariat(), filters=CaseFilters(query=query))) == [world["theirs"]]


def test_filters_year_status_officer(world):
    user = secretariat()
    assert list(selectors.case_list(user=user, filters=CaseFilters(officer_id=world["olle"].pk))) == [world["theirs"]]
    assert list(selectors.case_list(user=user, filters=CaseFilters(year=2018))) == []
    services.case_status_change(case=world["mine"], status="in_preparation")
    assert list(selectors.case_list(user=user, filters=CaseFilters(status="in_preparation"))) == [world["mine"]]


def test_secret_document_text_finds_the_case_only_for_entitled_users(world):
    query = CaseFilters(query="brandväggsregler")
    assert list(selectors.case_list(user=secretariat(), filters=query)) == [world["mine"]]
    assert list(selectors.case_list(user=world["hanna"], filters=query)) == []  # officer, not granted
    assert selectors.document_search(user=world["hanna"], query="brandväggsregler") == []
    assert selectors.document_search(user=world["hanna"], query="säkerhetsanalys") == []
    services.document_grant_access(document=world["secret"], user=world["hanna"])
    assert list(selectors.case_list(user=world["hanna"], filters=query)) == [world["mine"]]
    assert [d.pk for d in selectors.document_search(user=world["hanna"], query="brandväggsregler")] == [
        world["secret"].pk
    ]


def test_documents_are_masked_for_the_not_entitled(world):
    docs = {d.pk: d for d in selectors.case_documents(user=world["hanna"], case=world["mine"])}
    masked = docs[world["secret"].pk]
    assert masked.masked and masked.visible_files == []
    assert "Säkerhetsanalys" not in masked.description and "Konsultbolaget" not in masked.counterpart
    assert masked.extracted_text == "" and masked.secrecy_provision == "OSL 18 kap. 8 §"
    assert not docs[world["public"].pk].masked and docs[world["public"].pk].visible_files
    with pytest.raises(PermissionDenied):
        selectors.document_file_for_download(user=world["hanna"], document_id=world["secret"].pk)
    with pytest.raises(RuntimeError):
        masked.save()  # a masked copy can never overwrite the real row
    full = {d.pk: d for d in selectors.case_documents(user=secretariat(), case=world["mine"])}
    assert full[world["secret"].pk].description == "Säkerhetsanalys serverhallar"


def test_public_diary_lists_everything_masks_secrets(world):
    assert set(selectors.public_case_list()) == {world["mine"], world["theirs"]}
    assert list(selectors.public_case_list(filters=PublicFilters(query="gns/02/2019"))) == [world["theirs"]]
    assert list(selectors.public_case_list(filters=PublicFilters(query="serverdrift"))) == [world["mine"]]
    # the public search covers the case's own text only, never document text
    assert list(selectors.public_case_list(filters=PublicFilters(query="brandväggsregler"))) == []
    assert list(selectors.public_case_list(filters=PublicFilters(date_from=dt.date(2019, 3, 1)))) == [world["theirs"]]
    case, documents = selectors.public_case_get(pk=world["mine"].pk)
    secret = next(d for d in documents if d.pk == world["secret"].pk)
    assert secret.masked and secret.description == selectors.MASKED_DESCRIPTION
    assert all(d.visible_files == [] for d in documents)


def test_history_hides_secret_fields_from_the_not_entitled(world):
    services.document_update(document=world["secret"], description="Säkerhetsanalys serverhallar, reviderad")
    services.document_grant_access(document=world["public"], user=world["hanna"])  # irrelevant grant
    hanna_view = selectors.case_history(user=world["hanna"], case=world["mine"])
    text = repr([(c.what, c.changes) for c in hanna_view])
    assert "reviderad" not in text and "(dold)" in text
    secretariat_view = selectors.case_history(user=secretariat(), case=world["mine"])
    assert "reviderad" in repr([c.changes for c in secretariat_view])


def test_memo_is_the_source_of_an_agenda_item_with_secrets_masked(world):
    hanna = world["hanna"]
    services.memo_save(
        case=world["mine"],
        by=hanna,
        heading="Förstudie IT-serverdrift",
        body_name="GNS",
        memo_date=dt.date(2020, 2, 7),
        author=hanna,
        background="Bakgrund.",
        result="Resultat.",
        proposal="Förstudien godkänns.\n\nUppdra åt e-strategen att gå vidare.",
        decision_documents=[world["secret"], world["public"]],
    )
    member_view = selectors.memo_agenda_source(user=user_with("member"), case=world["mine"])
    assert member_view.description == "Bakgrund.\n\nResultat."
    assert member_view.proposal_points == ["Förstudien godkänns.", "Uppdra åt e-strategen att gå vidare."]
    masked = [d for d in member_view.decision_documents if d.masked]
    assert [d.pk for d in masked] == [world["secret"].pk] and "Säkerhetsanalys" not in masked[0].description
    assert selectors.memo_agenda_source(user=secretariat(), case=world["theirs"]) is None


def test_every_word_must_be_in_one_source_and_filters_combine(world):
    user = secretariat()

    def found(query, **filters):
        return list(selectors.case_list(user=user, filters=CaseFilters(query=query, **filters)))

    assert found("slutrapport serverdrift") == [world["mine"]]  # both in one document of the case
    assert found("gemensam serverdrift") == [world["mine"]]  # both in the case's own title
    assert found("löneadministration serverdrift") == []  # in two different cases
    assert found("serverdrift", year=2019) == [world["mine"]]
    assert found("serverdrift", year=2018) == []
    assert found("serverdrift", officer_id=world["olle"].pk) == []
    assert selectors.case_list(user=user, filters=CaseFilters(query="serverdrift")).count() == 1


def test_memo_text_finds_its_case(world):
    services.memo_save(
        case=world["theirs"],
        by=None,
        heading="Lönetjänst",
        body_name="Gemensamma nämnden",
        memo_date=dt.date(2019, 5, 2),
        author=world["olle"],
        proposal="Nämnden inrättar ett kompetenscentrum för löner.",
    )
    query = CaseFilters(query="kompetenscentrum")
    assert list(selectors.case_list(user=secretariat(), filters=query)) == [world["theirs"]]
    assert list(selectors.case_list(user=world["olle"], filters=query)) == [world["theirs"]]
    assert list(selectors.case_list(user=world["hanna"], filters=query)) == []  # not her case


def test_a_two_letter_word_finds_the_words_it_begins(world):
    """ "IT" finds "IT-serverdrift" (on PostgreSQL as a word prefix through the full-text index)."""
    assert list(selectors.case_list(user=secretariat(), filters=CaseFilters(query="IT"))) == [world["mine"]]


def test_secret_text_is_not_counted_for_the_not_entitled(world):
    """The paginator's count comes from the same query: a secret document's text adds nothing to it."""
    query = CaseFilters(query="sårbarheter")
    assert selectors.case_list(user=world["hanna"], filters=query).count() == 0
    assert selectors.case_list(user=secretariat(), filters=query).count() == 1
    assert selectors.case_list(user=user_with("member"), filters=query).count() == 0


@pytest.mark.postgres
@pytest.mark.parametrize(
    "filters",
    [
        CaseFilters(query="serverdrift"),
        CaseFilters(query="sårbarheter serverhallen"),
        CaseFilters(query="serverdrift", year=2019, status="registered"),
        CaseFilters(query="IT"),
    ],
    ids=["word", "two-words", "word-and-filters", "short-word"],
)
def test_word_search_and_its_count_are_served_by_indexes(world, filters):
    """With sequential scans priced out, PostgreSQL still finds plans for the page, its count and the
    document search that read no table of the search whole: an index serves every part of the match.
    (An OR of the case's own match with EXISTS over documents and memos has no such plan.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for user in (secretariat(), world["hanna"]):
        with CaptureQueriesContext(connection) as captured:
            cases = selectors.case_list(user=user, filters=filters)
            cases.count()
            list(cases[:50])
            selectors.document_search(user=user, query=filters.query)
        searches = [q["sql"] for q in captured.captured_queries if "search_" in q["sql"]]
        assert len(searches) == 3
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            for sql in searches:
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                for table in ("cases_case", "cases_document", "cases_memo", "cases_casesearchvector"):
                    assert f"Seq Scan on {table}" not in plan, plan


@pytest.mark.django_db
def test_diary_years_are_the_years_with_cases_newest_first():
    assert selectors.diary_years() == []
    diary = DiaryFactory(prefix="GNS")
    for year in (2018, 2021, 2018, 2019):
        CaseFactory(diary=diary, registered_on=dt.date(year, 3, 1))
    assert selectors.diary_years() == [2021, 2019, 2018]
