"""Helpers shared by the diary's services: the history user, the locked number counter
and the case's search text."""

from __future__ import annotations

from common.access import OFFICER_ROLES

from ..models import Case, Diary, DiaryCounter

__all__ = ["OFFICER_ROLES"]


def _with_history_user(instance, by):
    if by is not None:
        instance._history_user = by
    return instance


def _counter_locked(*, diary: Diary, year: int) -> DiaryCounter:
    """The (diary, year) counter row, created if missing and locked until the transaction ends."""
    DiaryCounter.objects.bulk_create([DiaryCounter(diary=diary, year=year, last_sequence=0)], ignore_conflicts=True)
    return DiaryCounter.objects.select_for_update().get(diary=diary, year=year)


def _search_text_case(case: Case) -> str:
    # Lower-cased: SQLite's LIKE folds only ASCII, so both sides are lower-cased in Python (Å, Ä, Ö).
    return "\n".join([case.number, case.title, case.description]).lower()
