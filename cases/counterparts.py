"""Who a sender or recipient is, guessed from the name alone: used once, by the migration that gave the
documents registered before counterpart kinds existed a kind, and by registration when the registrar
leaves the kind to the portal and the name is that of a party.

The guess errs on the side of masking: a name is an authority or organisation, or a company, only when
it carries an unmistakable word for one ("kommun", "Region", "nämnd", "AB" ...); every other name is
taken to be a private person's, so at worst an organisation is shown as "Privatperson" in the public
diary until the registrar corrects it, and never the other way round.
"""

from __future__ import annotations

import re

AUTHORITY = "authority"
COMPANY = "company"
PRIVATE = "private"
NONE = ""

# Company forms as separate words: AB, HB, KB, "Aktiebolag", "Ek. för." and foreign forms.
_COMPANY = re.compile(
    r"(?:^|[\s,(])(?:AB|HB|KB|Aktiebolag|Handelsbolag|Kommanditbolag|Ek\.?\s*för\.?|Ekonomisk förening|"
    r"Ltd|Limited|Inc|GmbH|Oy|AS|ASA|A/S|ApS|BV|SA|LLC|Konsult\w*|Konsultbolaget)(?:$|[\s,.)])",
    re.IGNORECASE,
)
# Words that only an authority or organisation carries in its name (whole words or word endings).
_AUTHORITY = re.compile(
    r"\b(?:kommun|kommuns|kommunen|region|regionen|regionens|landsting\w*|länsstyrelsen\w*|"
    r"\w*nämnd\w*|\w*styrelse\w*|\w*förvaltning\w*|\w*myndighet\w*|\w*verket|\w*inspektionen|"
    r"\w*förbund\w*|\w*förening\w*|\w*råd(?:et)?|kammarrätten|förvaltningsrätten|\w*domstol\w*|"
    r"tingsrätt\w*|hovrätt\w*|riksdag\w*|regeringen|departement\w*|\w*kansli\w*|\w*sekretariat\w*|"
    r"universitet\w*|högskola\w*|\w*skola\w*|\w*enhet(?:en)?|\w*avdelning\w*|projektledning\w*|"
    r"arbetsgrupp\w*|styrgrupp\w*|polis\w*|försäkringskassan|skatteverket|riksarkivet|SKR|"
    r"Sveriges Kommuner och Regioner|parterna|partnerskap\w*|stiftelse\w*|kyrka\w*|församling\w*)\b",
    re.IGNORECASE,
)


def classify_counterpart(name: str, *, party_names: frozenset[str] = frozenset()) -> str:
    """The kind of a counterpart from its name: "" for no name, "authority" for a party of the register
    or a name with an authority's word, "company" for a company form, otherwise "private"."""
    name = " ".join((name or "").split())
    if not name:
        return NONE
    if name.casefold() in {p.casefold() for p in party_names}:
        return AUTHORITY
    if _AUTHORITY.search(name):
        return AUTHORITY
    if _COMPANY.search(name):
        return COMPANY
    return PRIVATE
