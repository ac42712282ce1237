"""Who serves (tjänstgör) in which paragraph: pure, from the attendance list and the conflicts of interest.

A member serves from the start when present, until a substitute replaces them (``serves_from``, a
paragraph's position: substitutes enter only between items) and never in a paragraph where they have a
conflict of interest. A substitute serves when replacing someone from that paragraph on, or for the one
paragraph where they replace a member with a conflict of interest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Seat:
    id: int
    kind: str  # "member", "substitute", "other"
    present: bool
    replaces_id: int | None = None
    serves_from: int | None = None


def serving_at(seats: Iterable[Seat], position: int, conflicts: Iterable[tuple[int, int | None]] = ()) -> set[int]:
    """The ids of the attendees serving in the paragraph at ``position``; ``conflicts`` are the
    paragraph's (member id, substitute id or None)."""
    seats = list(seats)
    conflicts = list(conflicts)
    conflicted = {member for member, _ in conflicts}
    conflict_subs = {sub for _, sub in conflicts if sub is not None}
    replaced_now = {
        s.replaces_id
        for s in seats
        if s.kind == "substitute" and s.present and s.replaces_id and (s.serves_from or 1) <= position
    }
    serving = set()
    for seat in seats:
        if seat.id in conflicted:
            continue
        if (
            seat.kind == "member"
            and seat.present
            and seat.id not in replaced_now
            or (
                seat.kind == "substitute"
                and seat.present
                and ((seat.replaces_id and (seat.serves_from or 1) <= position) or seat.id in conflict_subs)
            )
        ):
            serving.add(seat.id)
    return serving
