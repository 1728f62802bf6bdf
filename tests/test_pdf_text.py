"""The text layer under every PDF: right-to-left detection and the fast subset encoding of embedded fonts."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from interview_kit.reports.text import SANS, font_path, has_rtl, register_fonts

ALPHABET = "abcXYZ 0123456789.,;—–·…“”‘’éèñüßÅØłçğ€£ΑβγДжшאבגدجح李明김😀\u00a0"


def test_right_to_left_is_found_where_unicode_says_a_letter_is_right_to_left():
    samples = ["Grace Kim", "Zoë", "שרה כהן", "محمد علي", "ﻣﺤﻤﺪ", "李明", "Ana 😀", "x\u05d0"]
    for text in samples:
        expected = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
        assert has_rtl(text) == expected, text


class _Doc:
    """Stands in for a PDF document: reportlab keys a font's subset state by the document object."""


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=1, max_size=25))
def test_the_fast_subset_encoding_gives_exactly_the_bytes_reportlab_would(strings):
    register_fonts()
    ours = pdfmetrics.getFont(SANS)
    theirs = TTFont("IKitSansReference", str(font_path(SANS)))
    doc_a, doc_b = _Doc(), _Doc()
    for text in strings + strings:  # the second pass goes through the fast path
        assert ours.splitString(text, doc_a) == theirs.splitString(text, doc_b)
    assert ours.state[doc_a].assignments == theirs.state[doc_b].assignments


def test_no_report_sets_text_through_paragraph_markup():
    """User text is drawn by flow.TextBlock as plain strings; a Paragraph would parse it as markup."""
    from pathlib import Path

    import interview_kit.reports as reports

    sources = {p.name: p.read_text(encoding="utf-8") for p in Path(reports.__file__).parent.glob("*.py")}
    offenders = [name for name, src in sources.items() if "Paragraph(" in src or "import Paragraph" in src]
    assert offenders == []


def test_a_line_too_long_for_its_room_is_cut_with_an_ellipsis_and_fits():
    from interview_kit.reports.text import fit, line_width

    register_fonts()
    title = "EHR implementation analyst — Spring 2027 · scorecard: " + "Alexandra Konstantinopoulou-Smythe " * 4
    cut = fit(title, 300, 8)
    assert cut.endswith("…") and title.startswith(cut[:-1])
    assert line_width(cut, 8) <= 300 < line_width(title, 8)
    assert fit("Grace Kim", 300, 8) == "Grace Kim"


#: Characters each font must embed; the Latin ones include composite glyphs (accents built from parts).
SUBSET_TEXT = {"IKitSans": "Grace Kim Zoë Søren Ångström Łódź ÅØ Ǻ ǅ ḯ Ѷ ΐ ﻣﺤﻤﺪ שרה €£—…“”",
               "IKitCJK": "李明陈张伟さくらカタカナ김민준﨑"}


def test_a_mapped_slimmed_font_embeds_exactly_the_subset_reportlab_makes_from_the_whole_file():
    from interview_kit.reports.text import _FILES, load_font

    for name in _FILES:
        load_font(name)
        ours = pdfmetrics.getFont(name).face
        theirs = TTFont(f"{name}Reference", str(font_path(name))).face
        text = SUBSET_TEXT.get(name, SUBSET_TEXT["IKitSans"])
        codes = sorted({ord(ch) for ch in text} & set(theirs.charToGlyph))
        assert len(codes) > 10, name
        assert ours.makeSubset(codes) == theirs.makeSubset(codes), name
        assert ours.charWidths == theirs.charWidths, name
        assert list(ours.hmetrics[g] for g in range(len(theirs.hmetrics))) == theirs.hmetrics, name


def test_the_cjk_fallback_font_is_loaded_only_when_a_text_needs_a_character_dejavu_lacks():
    import subprocess
    import sys

    code = """
from reportlab.pdfbase import pdfmetrics
from interview_kit.reports.text import CJK, register_fonts, runs
register_fonts()
runs("Zoë Ångström-Łukasiewicz, Дмитрий, محمد علي, שרה כהן ⚑ — “quoted”")
print(CJK in pdfmetrics.getRegisteredFontNames())
print(runs("Chen 陈") == [("IKitSans", "Chen "), ("IKitCJK", "陈")], CJK in pdfmetrics.getRegisteredFontNames())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True"]


def test_threads_that_need_the_cjk_font_at_once_register_it_once():
    """Two exports on worker threads may reach their first Chinese name together; a second registration would
    swap the font object under a document already using the first."""
    import subprocess
    import sys

    code = """
import threading
from reportlab.pdfbase import pdfmetrics
from interview_kit.reports import text
registered = []
real = pdfmetrics.registerFont
pdfmetrics.registerFont = lambda font: registered.append(font.fontName) or real(font)
start = threading.Barrier(4)
def export():
    start.wait()
    text.runs("陈珺")
threads = [threading.Thread(target=export) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(registered.count(text.CJK))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1"]
