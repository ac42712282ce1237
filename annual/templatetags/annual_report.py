"""The annual report's repeated blocks built in Python (``templates/annual/_report_body.html``).

A draft at ten times a real committee has over a hundred sections, a hundred projects with their parties'
shares and a hundred activities: through template loops that is thousands of variable lookups and filter
calls per view (about half of the page's CPU). These tags give the same markup from one pass over the
rows, escaping every value as the template would (``common.fasthtml``). Presentation only: the
figures come from ``annual.selectors.report_data``.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.fasthtml import esc as _e
from common.fasthtml import esc_lines as _lines
from common.fasthtml import iso_date as _date
from common.templatetags.fasturl import fast_reverse
from projects.templatetags.money import thousands as _thousands

register = template.Library()


@register.simple_tag
def section_head(s, report, editable: bool, pdf: bool) -> SafeString:
    """A section's heading, its editing links (draft page), the notice of changed figures and the text."""
    sec = s.section
    number, title = _e(sec.number), _e(sec.title)
    if sec.number and "." not in sec.number:
        parts = [f'<h2 class="section-heading">{number} {title}</h2>']
    else:
        parts = [f'<h3 class="section-heading">{f"{number} " if sec.number else ""}{title}</h3>']
    if editable and not pdf:
        edit = fast_reverse("annual:section_edit", (report.pk, sec.pk))
        tools = (
            f'<p class="section-tools"><a href="{_e(edit)}">Redigera<span class="visually-hidden"> {title}</span></a>'
        )
        if sec.version:
            history = fast_reverse("annual:section_history", (report.pk, sec.pk))
            plural = "" if sec.version == 1 else "er"
            tools += (
                f' · <a href="{_e(history)}">{sec.version} version{plural}'
                f'<span class="visually-hidden"> av {title}</span></a>'
            )
        parts.append(tools + "</p>")
    if s.changed and not pdf:
        items = "".join(f"<li>{_e(c.label)}: {_e(c.then)} när texten skrevs, nu {_e(c.now)}</li>" for c in s.changed)
        parts.append(
            '<div class="notice" role="note"><p><strong>Siffror har ändrats sedan texten skrevs</strong> – '
            f"läs igenom texten:</p>\n    <ul>{items}</ul></div>"
        )
    if sec.body:
        parts.append(f'<div class="narrative">{_e(s.html)}</div>')
    elif not pdf:
        parts.append('<p class="muted">Ingen text än.</p>')
    return mark_safe("\n  ".join(parts))  # noqa: S308 - every value above is escaped by _e


@register.simple_tag(takes_context=True)
def report_sections(context, data, editable: bool, pdf: bool) -> SafeString:
    """Every section: its heading, tools and text, and after the text of the few sections that have one the
    computed block (``templates/annual/_report_block.html``, rendered in the same context)."""
    block = None
    parts = []
    for s in data.sections:
        parts.append(f'<section id="avsnitt-{s.section.pk}" class="annual-section">\n  ')
        parts.append(section_head(s, data.report, editable, pdf))
        if s.block:
            if block is None:
                block = context.template.engine.get_template("annual/_report_block.html")
            with context.push(s=s):
                parts.append(block.render(context))
        parts.append("\n</section>\n")
    return mark_safe("".join(parts))  # noqa: S308 - the heads are escaped, the blocks rendered with autoescape


@register.simple_tag
def project_rows(projects) -> SafeString:
    """The body rows of the year's project table."""
    rows = []
    for p in projects:
        project = p.project
        case = f" ({_e(project.case_number)})" if project.case_number else ""
        rows.append(
            f'<tr><th scope="row">{_e(project.name)}{case}</th><td>{_e(p.phase)}</td>'
            f"<td>{_date(project.starts_on)}–{_date(project.ends_on)}</td>"
            f'<td class="num">{_thousands(p.cost_year)}</td><td class="num">{_thousands(p.cost_total)}</td>'
            f'<td class="num">{_thousands(p.budget)}</td></tr>'
        )
    return mark_safe("\n      ".join(rows))  # noqa: S308 - every value above is escaped by _e


@register.simple_tag
def share_tables(projects, year) -> SafeString:
    """Per project with invoiced shares: the table of the parties' shares of the year's costs."""
    tables = []
    for p in projects:
        if not p.shares:
            continue
        name = _e(p.project.name)
        rows = "".join(
            f'<tr><th scope="row">{_e(party.name)}</th><td class="num">{_thousands(amount)}</td></tr>'
            for party, amount in p.shares
        )
        tables.append(
            f'<div class="table-wrap" role="region" tabindex="0" aria-label="Parternas andelar i {name}">\n'
            '  <table class="shares">\n'
            f"    <caption>{name}: parternas andelar av kostnaderna {_e(year)} (fakturerat, kronor)</caption>\n"
            '    <thead><tr><th scope="col">Part</th><th scope="col" class="num">Andel</th></tr></thead>\n'
            f"    <tbody>{rows}</tbody>\n"
            "  </table>\n"
            "  </div>"
        )
    return mark_safe("\n  ".join(tables))  # noqa: S308 - every value above is escaped by _e


@register.simple_tag
def activity_rows(activities) -> SafeString:
    """The body rows of the appendix of the business plan's activities."""
    return mark_safe(  # noqa: S308 - every value is escaped (_lines escapes before adding <br>)
        "".join(
            f'<tr><th scope="row">{_lines(a.activity)}</th><td>{_e(a.area)}</td>'
            f"<td>{_lines(a.expected)}</td><td>{_e(a.resources)}</td><td>{_e(a.get_status_display())}</td>"
            f"<td>{_lines(a.outcome)}</td></tr>"
            for a in activities
        )
    )


@register.simple_tag
def section_options(sections) -> SafeString:
    """The options of "Placera efter" (where a new section goes): every section, the last one selected."""
    last = len(sections) - 1
    return mark_safe(  # noqa: S308 - the section's name is escaped by _e
        "".join(
            f'<option value="{s.section.pk}"{" selected" if i == last else ""}>{_e(str(s.section))}</option>'
            for i, s in enumerate(sections)
        )
    )
