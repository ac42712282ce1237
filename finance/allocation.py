"""The split: share a total between keys in proportion to their weights, exactly to the öre.

``split(total, weights)`` is pure (no database) and is the only place in the portal where money is
divided. It uses the largest-remainder method (Hamilton's method):

1. Work in whole units (öre by default): ``units = total / unit`` must be an integer.
2. Each key's exact share is ``units * weight / sum(weights)`` (a ``Fraction``, no float anywhere).
3. Every key first gets the floor of its exact share; the units left over (fewer than the number of
   keys) go one each to the keys with the largest fractional remainders.
4. **Tie-break** (equal remainders, e.g. 10 425 kr 50/50 in whole kronor): the key that comes first in
   the mapping's iteration order wins. Callers therefore pass their keys in a stable, documented order;
   the finance services always pass parties ordered by kind (region first) and then official code.

Guarantees: the amounts sum to ``total`` exactly; each amount is within one unit of its exact share
(strictly less than one unit away); a key with weight 0 gets 0; a negative total (a credit) is split as
its absolute value and negated, so credits mirror debits exactly.

The domain's "Done" example: ``split(Decimal("10425"), {"region": 1, "kommuner": 1}, unit=Decimal("1"))``
gives 5 213 + 5 212 (the seed's table wrote 5 212 + 5 212 and lost one krona). In öre (the default)
the same split is exact: 5 212,50 + 5 212,50.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction

ORE = Decimal("0.01")
KRONA = Decimal("1")


class AllocationError(ValueError):
    """Raised for input that cannot be split (negative weights, nothing to split by, öre fractions)."""


def split(
    total: Decimal, weights: Mapping[Hashable, int | Decimal | Fraction], *, unit: Decimal = ORE
) -> dict[Hashable, Decimal]:
    """Split ``total`` kronor between the keys of ``weights`` (see the module docstring)."""
    if not isinstance(total, Decimal):
        raise AllocationError("Beloppet måste vara ett Decimal-värde i kronor.")
    if unit <= 0:
        raise AllocationError("Avrundningsenheten måste vara positiv.")
    if not weights:
        raise AllocationError("Det finns ingen att fördela beloppet på.")
    exact_units = Fraction(total) / Fraction(unit)
    if exact_units.denominator != 1:
        raise AllocationError(f"Beloppet {total} går inte jämnt upp i enheten {unit}.")
    units = int(exact_units)
    fractions: dict[Hashable, Fraction] = {}
    for key, weight in weights.items():
        w = Fraction(weight)
        if w < 0:
            raise AllocationError(f"Vikten för {key} är negativ ({weight}).")
        fractions[key] = w
    weight_sum = sum(fractions.values(), Fraction(0))
    out_quantum = ORE if unit >= ORE else unit  # amounts always carry öre (2 decimals)
    if units == 0:
        return dict.fromkeys(fractions, Decimal(0).quantize(out_quantum))
    if weight_sum == 0:
        raise AllocationError("Alla vikter är noll: det finns inget att fördela efter.")

    sign = -1 if units < 0 else 1
    magnitude = abs(units)
    exact = {key: magnitude * w / weight_sum for key, w in fractions.items()}
    floors = {key: int(share) for key, share in exact.items()}  # int() floors non-negative Fractions
    left = magnitude - sum(floors.values())
    order = {key: index for index, key in enumerate(fractions)}
    by_remainder = sorted(fractions, key=lambda key: (-(exact[key] - floors[key]), order[key]))
    for key in by_remainder[:left]:
        floors[key] += 1
    return {key: (Decimal(sign * floors[key]) * unit).quantize(out_quantum) for key in fractions}
