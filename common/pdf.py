"""PDF rendering with WeasyPrint from templates under ``templates/<app>/pdf/``.

Every PDF template extends ``pdf/base.html``, which links the shared print stylesheet
(``static/css/print.css``: A4, page numbers, running header, the shipped Source Sans 3 font).
Every PDF is tagged (``pdf_tags``: headings, tables, lists and paragraphs as a structure tree, the
document's <title> as its title and ``lang="sv"`` as its language; DOS-lagen covers documents published
on the web too). Archival documents (protocols, extracts, annual reports, invoices) are also PDF/A-2u
(every glyph mapped to Unicode; checked by ``common.pdfa.pdfa_problems``).
The running header and footer are drawn in the page margins (pdf/base.html), which a tagged PDF marks
as artifacts: there is no hidden copy of them in the text.

One WeasyPrint ``FontConfiguration`` serves every PDF of the process: a new one per document (what
WeasyPrint does by default) loads the system fonts and the ``@font-face`` fonts again each time,
costs about 13 ms and its memory is never given back (WeasyPrint issues 2130 and 2319: a worker
grew by about 0.25 MB per PDF). With the shared one the font files of ``@font-face`` are written
once, to one temporary folder, and memory stays flat. Pango's font map is not thread-safe, so
renders within one process take turns (a lock); processes (gunicorn and Celery workers) render in
parallel as before.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.template.loader import render_to_string

ARCHIVAL_VARIANT = "pdf/a-2u"

_lock = threading.Lock()
_font_config = None


def _shared_font_config():
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


def render_pdf(template_name: str, context: dict, *, archival: bool = False, request=None) -> bytes:
    from weasyprint import HTML  # imported lazily: it is heavy and only needed here

    html = render_to_string(template_name, context, request=request)
    options = {"pdf_tags": True, "pdf_variant": ARCHIVAL_VARIANT} if archival else {"pdf_tags": True}
    with _lock:
        document = HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/")
        return document.write_pdf(font_config=_shared_font_config(), **options)
