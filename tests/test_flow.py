"""Text and grid flowables: how user text is broken into lines, split across pages and drawn."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_kit.reports.flow import Grid, GridStyle, Look, Span, TextBlock, WritingLines, layout
from interview_kit.reports.text import register_fonts

LOOK = Look(size=9, leading=12)


@pytest.fixture(autouse=True, scope="module")
def fonts():
    register_fonts()


def _lines(content, width, look=LOOK):
    spans = tuple(Span(c) if isinstance(c, str) else c for c in (content if isinstance(content, list) else [content]))
    return ["".join(piece[3] for piece in line) for line in layout(spans, look, width)]


def _line_widths(content, width):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    spans = (Span(content),)
    return [sum(stringWidth(p[3], p[0], p[1]) for p in line) for line in layout(spans, LOOK, width)]


def test_markup_in_user_text_is_laid_out_as_the_characters_typed():
    text = '<b onclick="x">&amp; </para><para>Injected'
    assert " ".join(_lines(text, 1000)) == text


def test_lines_break_at_spaces_and_keep_every_word_in_order():
    note = "Called the charge nurse at 3 a.m., rolled back the interface and wrote up the downtime log."
    lines = _lines(note, 120)
    assert len(lines) > 1
    assert " ".join(lines) == note


def test_a_forced_line_break_starts_a_new_line():
    assert _lines("Strengths: calm\nConcerns: vague on testing", 1000) == ["Strengths: calm",
                                                                          "Concerns: vague on testing"]


def test_a_word_wider_than_the_line_is_cut_rather_than_overflowing():
    url = "https://wiki.example-hospital.org/ehr/go-live/downtime-procedures/night-shift"
    widths = _line_widths(url, 80)
    assert len(widths) > 1 and max(widths) <= 80
    assert "".join(_lines(url, 80)) == url


def test_chinese_without_spaces_breaks_between_characters():
    text = "在急诊科上线时与护士长一起制定了停机流程并培训了夜班人员"
    lines = _lines(text, 60)
    assert len(lines) > 1 and "".join(lines) == text
    assert max(_line_widths(text, 60)) <= 60


def test_chinese_punctuation_never_starts_a_line():
    text = "在急诊科上线时与护士长一起制定了停机流程。之后每周检查一次工单数量。三个月内减少了一半。"
    for width in range(40, 200, 3):
        assert not any(line.startswith("。") for line in _lines(text, width)), width


def test_bold_chinese_is_marked_heavy_because_the_fallback_font_has_no_bold_face():
    (line,) = layout((Span("Zoë 李明", bold=True),), LOOK, 1000)
    assert [(p[0], p[3], p[5]) for p in line] == [("IKitSans-Bold", "Zoë ", False), ("IKitCJK", "李明", True)]


def test_spans_keep_their_own_weight_and_colour():
    spans = (Span("Grace Kim: 4", bold=True), Span(" — "), Span("specific example", color="#9a3412"))
    (line,) = layout(spans, LOOK, 1000)
    assert [(p[0], p[2], p[3]) for p in line] == [("IKitSans-Bold", LOOK.color, "Grace Kim: 4"),
                                                  ("IKitSans", LOOK.color, " — "),
                                                  ("IKitSans", "#9a3412", "specific example")]


def test_a_long_hebrew_note_reads_top_to_bottom_in_the_order_it_was_written():
    words = ["שלום", "עולם", "אחד", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה"]
    lines = _lines(" ".join(words), 70)
    assert len(lines) > 1
    drawn = [w[::-1] for w in words]  # Hebrew is drawn right to left: each word's letters reversed
    assert drawn[0] in lines[0] and drawn[-1] in lines[-1]  # ...but the lines go top to bottom in order
    assert lines[0].split()[-1] == drawn[0]  # the first word is at the right


def test_right_to_left_names_listed_as_separate_spans_keep_their_order():
    line = _lines(["Panel: ", "שרה כהן", ", ", "דוד לוי", " +0.19 (12)"], 1000)[0]
    assert line == "Panel: " + "ןהכ הרש" + ", " + "יול דוד" + " +0.19 (12)"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzÅéß李明김0123456789.,;-", min_size=1, max_size=14),
                min_size=1, max_size=40),
       st.floats(min_value=40, max_value=400))
def test_no_line_is_wider_than_the_space_and_no_character_is_lost(words, width):
    text = " ".join(words)
    assert max(_line_widths(text, width)) <= width + 1e-6
    assert "".join(_lines(text, width)).replace(" ", "") == text.replace(" ", "")


def test_a_block_splits_across_pages_line_by_line_without_losing_any():
    block = TextBlock(" ".join(f"Evidence sentence {i}." for i in range(60)), LOOK)
    _, height = block.wrap(200, 10_000)
    first, rest = block.split(200, height / 3)
    assert first.wrap(200, 10_000)[1] <= height / 3
    first.width = rest.width = 200
    rest.wrap(200, 10_000)
    assert first.text().split() + rest.text().split() == block.text().split()


def _grid(rows, header=True):
    return Grid(rows, [80, 200], LOOK, style=GridStyle(header=header))


def test_a_grid_splits_between_rows_and_repeats_its_header():
    rows = [["Panelist", "Summary"]] + [[f"P{i}", "Clear, calm, specific."] for i in range(30)]
    grid = _grid(rows)
    _, height = grid.wrap(280, 10_000)
    first, rest = grid.split(280, height / 2)
    h1 = first.wrap(280, 10_000)[1]
    assert h1 <= height / 2
    assert len(first.laid()) + len(rest.laid()) == len(rows) + 1  # the header is in both parts
    assert rest.laid()[0] == grid.laid()[0]


def test_a_row_taller_than_the_page_is_split_inside_the_row():
    summary = " ".join(f"Sentence {i} of a very long verdict summary." for i in range(200))
    grid = _grid([["Panelist", "Summary"], ["Grace Kim", summary]])
    _, height = grid.wrap(280, 10_000)
    first, rest = grid.split(280, 300)
    assert first.wrap(280, 10_000)[1] <= 300
    assert rest.wrap(280, 10_000)[1] < height
    words = [" ".join(p[3] for p in line) for part in (first, rest) for _, line in part.laid()[1][1]]
    assert " ".join(words).split() == summary.split()


def test_nothing_of_a_grid_is_placed_where_not_even_two_lines_fit():
    grid = _grid([["Panelist", "Summary"], ["Grace Kim", "Long " * 200]])
    grid.wrap(280, 10_000)
    assert grid.split(280, 20) == []


def _writing_lines(next_height):
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Spacer

    lines = WritingLines(0, "#d1d5db", then=[Spacer(100, next_height)], page_room=700)
    lines.canv = Canvas(io.BytesIO())
    return lines


def test_writing_lines_fill_the_foot_of_a_page_the_next_question_cannot_use():
    assert _writing_lines(next_height=300).wrap(400, 200)[1] == 192  # 12 lines of 16 pt


def test_writing_lines_leave_the_room_when_the_next_question_fits():
    assert _writing_lines(next_height=150).wrap(400, 200)[1] == 0


def test_writing_lines_do_not_fill_a_page_for_a_question_that_will_not_fit_on_any():
    assert _writing_lines(next_height=900).wrap(400, 200)[1] == 0
