"""Narrative text: Markdown written in the browser, rendered through nh3's allow-list, with figure fields.

``clean_source`` removes what has no place in a report (scripts, style sheets, event handlers, frames)
from what the user typed and says what it removed; ``render`` turns Markdown into HTML that only
contains the allowed tags, then fills the figure fields (``[[resultat]]``) with their values.
Everything that reaches a page or a PDF has passed through ``nh3.clean``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .figures import TOKEN, Figure

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_DANGEROUS = [
    (re.compile(r"<\s*script\b.*?(<\s*/\s*script\s*>|$)", re.I | re.S), "skript"),
    (re.compile(r"<\s*style\b.*?(<\s*/\s*style\s*>|$)", re.I | re.S), "formatmallar (style)"),
    (re.compile(r"<\s*(iframe|object|embed|form|input|link|meta)\b[^>]*>", re.I), "inbäddat innehåll"),
    (re.compile(r"\s(on[a-z]+|style)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I), "attribut för skript eller stil"),
    (re.compile(r"javascript\s*:", re.I), "skriptlänkar"),
]


def clean_source(text: str) -> tuple[str, list[str]]:
    """``text`` without scripts, styles and event handlers, and what was removed (Swedish, for a note)."""
    removed = []
    text = text.replace("\r\n", "\n")
    for pattern, what in _DANGEROUS:
        text, count = pattern.subn("", text)
        if count and what not in removed:
            removed.append(what)
    return text.strip(), removed


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=1024)
def _markdown_html(text: str) -> str:
    """Markdown → allowed HTML, remembered per text in the process: a draft report renders every section
    on each view (over a hundred in the bench data), and the result depends on the text alone."""
    return sanitise(markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html"))


def render(text: str, figures: dict[str, Figure] | None) -> SafeString:
    """Markdown → allowed HTML with the figure fields filled in (``figures`` None: fields left as written)."""
    html = _markdown_html(text)
    if figures is not None:

        def fill(match: re.Match) -> str:
            figure = figures.get(match.group(1))
            if figure is None:
                return f'<span class="figure figure-unknown">[okänt fält {escape(match.group(1))}]</span>'
            return f'<span class="figure">{escape(figure.text)}</span>'

        html = TOKEN.sub(fill, html)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 above; the figure texts are escaped


def as_text(text: str, figures: dict[str, Figure]) -> str:
    """Plain text with the fields filled in (for comparing versions as they read)."""
    return TOKEN.sub(lambda m: figures[m.group(1)].text if m.group(1) in figures else m.group(0), text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The difference between two texts word by word: ("same" | "removed" | "added", text) pieces."""
    import difflib

    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                pieces.append(("removed", "".join(a[i1:i2])))
            if j2 > j1:
                pieces.append(("added", "".join(b[j1:j2])))
    return [p for p in pieces if p[1]]
