"""Pure rules of the meeting plan: the committee's allowed weekdays and the notice period."""

from __future__ import annotations

import datetime as dt

WEEKDAY_NAMES = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]


def allowed_weekdays(setting: str) -> frozenset[int]:
    """The weekdays (1 = Monday … 7 = Sunday) of ``Committee.allowed_meeting_weekdays`` ("1,5"); empty = all."""
    days = set()
    for part in (setting or "").replace(" ", "").split(","):
        if part.isdigit() and 1 <= int(part) <= 7:
            days.add(int(part))
    return frozenset(days or range(1, 8))


def breaks_weekday_rule(setting: str, date: dt.date) -> bool:
    return date.isoweekday() not in allowed_weekdays(setting)


def weekday_rule_text(setting: str) -> str:
    days = sorted(allowed_weekdays(setting))
    if len(days) == 7:
        return "alla veckodagar"
    names = [WEEKDAY_NAMES[d - 1] + "ar" for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " eller " + names[-1]


def notice_days_before(*, meeting_date: dt.date, sent_on: dt.date) -> int:
    """Whole days between the day the notice went out and the meeting day."""
    return (meeting_date - sent_on).days


def notice_is_late(*, meeting_date: dt.date, sent_on: dt.date, required_days: int) -> bool:
    return notice_days_before(meeting_date=meeting_date, sent_on=sent_on) < required_days
