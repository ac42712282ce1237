"""Pure pieces: Markdown through nh3's allow-list, the figure fields, flags for changed figures, the
word diff and the tkr rounding."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from annual.figures import Figure, changed_since, figure_text, tkr, unknown_tokens, used_values
from annual.narrative import clean_source, render, word_diff

FIGURES = {"resultat": Figure("resultat", "Årets resultat", Decimal("-50000")), "ar": Figure("ar", "Året", 2019, "")}


def test_script_style_and_handlers_are_removed_and_said():
    text, removed = clean_source(
        'Bra år.<script>alert("x")</script>\n\n<style>p{color:red}</style><a href="#" onclick="evil()">länk</a>'
        " [x](javascript:alert(1))"
    )
    assert "script" not in text.lower() and "style" not in text.lower() and "onclick" not in text
    assert "javascript" not in text.lower()
    assert removed == ["skript", "formatmallar (style)", "attribut för skript eller stil", "skriptlänkar"]


def test_render_keeps_only_the_allow_list_and_fills_fields():
    html = render("## Rubrik\n\n**Fet** <img src=x onerror=alert(1)> <iframe></iframe>\n\n- [[resultat]]", FIGURES)
    assert "<strong>Fet</strong>" in html
    assert "<img" not in html and "<iframe" not in html and "onerror" not in html and "<h2" not in html
    assert '<li><span class="figure">−50 tkr</span></li>' in html


def test_unknown_fields_are_found_and_used_values_remembered():
    assert unknown_tokens("[[resultat]] och [[vinst]]", FIGURES) == ["vinst"]
    assert used_values("Året [[ar]]: [[resultat]], igen [[resultat]]", FIGURES) == {"ar": "2019", "resultat": "-50000"}


def test_a_figure_changed_since_the_text_was_written_is_flagged():
    used = {"resultat": "-52000", "ar": "2019"}
    changed = changed_since(used, FIGURES)
    assert [(c.key, c.then, c.now) for c in changed] == [("resultat", "−52 tkr", "−50 tkr")]
    assert changed_since({"resultat": "-50000"}, FIGURES) == []


def test_word_diff_marks_removed_and_added_words():
    pieces = word_diff("Utfallet är bra i år", "Utfallet är mycket bra i år")
    assert ("added", "mycket ") in pieces or ("added", "mycket") in pieces
    assert "".join(t for op, t in pieces if op != "removed") == "Utfallet är mycket bra i år"
    assert "".join(t for op, t in pieces if op != "added") == "Utfallet är bra i år"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
def test_tkr_is_the_nearest_thousand_and_printed_with_the_minus_sign(value):
    rounded = tkr(value)
    assert abs(rounded * 1000 - value) <= 500
    assert figure_text(value, "tkr").endswith(" tkr")
    assert figure_text(value, "tkr").startswith("−") == (rounded < 0)


def test_a_missing_figure_is_shown_as_missing_never_zero():
    assert figure_text(None, "tkr") == "[saknas]"
