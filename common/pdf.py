"""PDF rendering with WeasyPrint from templates under ``templates/<app>/pdf/``.

Every PDF template extends ``pdf/base.html``, which links the shared print stylesheet
(``static/css/print.css``: A4, page numbers, running header, the shipped Source Sans 3 font).
Archival documents (protocols, extracts, annual reports) are rendered as PDF/A-2b, tagged.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

ARCHIVAL_VARIANT = "pdf/a-2b"


def render_pdf(template_name: str, context: dict, *, archival: bool = False, request=None) -> bytes:
    from weasyprint import HTML  # imported lazily: it is heavy and only needed here

    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/")
    options = {"pdf_variant": ARCHIVAL_VARIANT, "pdf_tags": True} if archival else {}
    return document.write_pdf(**options)
