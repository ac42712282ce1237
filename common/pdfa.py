"""What can be checked of an archival PDF without veraPDF (which cannot be installed here): the PDF/A-2u
requirements that the portal's PDFs could plausibly break, read with pypdf.

``pdfa_problems(content)`` returns the problems found, in Swedish, or an empty list:

- identification: XMP metadata with ``pdfaid:part`` 2 and ``pdfaid:conformance`` U, and a document
  title (``dc:title``);
- colour: an OutputIntent ``GTS_PDFA1`` with an embedded ICC profile;
- fonts: every font used on a page is embedded (``FontFile``/``FontFile2``/``FontFile3``) and maps its
  glyphs to Unicode (a ``ToUnicode`` CMap), which is what the "u" level adds to "b": the text can be
  searched, copied and read aloud;
- tags (the portal's own requirement on top of 2u, DOS-lagen): a structure tree, ``MarkInfo/Marked``,
  the document language;
- nothing PDF/A forbids: no encryption, no JavaScript, no launch actions, no embedded files.

Used by the tests of every stored PDF (invoices, protocols, extracts, annual reports) and by the
protocol's bench job."""

from __future__ import annotations

import io
import re


def _fonts(resources, seen: set) -> list:
    """The fonts of a resource dictionary and of the form XObjects it uses, each once."""
    found = []
    if not resources:
        return found
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        ref = getattr(font, "idnum", None) or id(font)
        if ref not in seen:
            seen.add(ref)
            found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", None) or id(xobject)
        if ref in seen:
            continue
        seen.add(ref)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            found.extend(_fonts(xobject.get("/Resources"), seen))
    return found


def pdfa_problems(content: bytes, *, language: str = "sv") -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    problems = []
    if reader.is_encrypted:
        return ["Filen är krypterad."]
    root = reader.trailer["/Root"]
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data() if metadata is not None else b""
    if not re.search(rb"pdfaid:part(>|=\")2\b", xmp):
        problems.append("XMP saknar pdfaid:part 2.")
    if not re.search(rb"pdfaid:conformance(>|=\")U\b", xmp):
        problems.append("XMP saknar pdfaid:conformance U.")
    if b"dc:title" not in xmp:
        problems.append("XMP saknar dokumenttitel (dc:title).")
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append("OutputIntent GTS_PDFA1 med ICC-profil saknas.")
    if "/StructTreeRoot" not in root:
        problems.append("Strukturträd (taggar) saknas.")
    if not (root.get("/MarkInfo") or {}).get("/Marked"):
        problems.append("MarkInfo/Marked saknas.")
    if root.get("/Lang") != language:
        problems.append(f"Dokumentets språk är {root.get('/Lang')!r}, inte {language!r}.")
    names = root.get("/Names") or {}
    if "/JavaScript" in names or "/EmbeddedFiles" in names or "/AA" in root:
        problems.append("JavaScript, inbäddade filer eller automatiska åtgärder är förbjudna.")
    if "/OpenAction" in root and "/JavaScript" in str(root["/OpenAction"].get_object()):
        problems.append("OpenAction med JavaScript är förbjudet.")
    seen: set = set()
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action and action.get_object().get("/S") in ("/Launch", "/JavaScript"):
                problems.append(f"Sida {number}: förbjuden åtgärd {action.get_object().get('/S')}.")
        for font in _fonts(page.get("/Resources"), seen):
            name = font.get("/BaseFont", "?")
            if "/ToUnicode" not in font:
                problems.append(f"Typsnittet {name} saknar ToUnicode (texten kan inte läsas som Unicode).")
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type3":
                continue  # drawn glyphs: nothing to embed
            if descriptor is None or not any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"Typsnittet {name} är inte inbäddat.")
    return problems
