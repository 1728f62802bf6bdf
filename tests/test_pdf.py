"""PDF scorecards, round summaries and blank guides, read back with pypdf."""

import io
import unicodedata

import pypdf
import pytest

from interview_kit import demo, independence
from interview_kit.model import Anchor, GuideQuestion, RoleSkill
from interview_kit.reports import data, pdf
from interview_kit.reports.text import visual
from interview_kit.store import Workspace

HOSTILE = [
    "<b>Bold</b> & Co",
    'Siobhán O\'Brien "Bob"',
    "Zoë Ångström-Łukasiewicz",
    "李明",
    "山田 太郎",
    "张喆 陈珺",  # characters outside GB2312, common in names
    "山﨑 髙橋",  # a compatibility ideograph and an IBM extension character in Japanese surnames
    "김민준",
    "</para><para>Injected",
    "Ana 😀 Lee",
]
RTL = ["محمد علي", "שרה כהן"]


def _text(pdf_bytes: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def demo_ws(tmp_path, library):
    ws = Workspace.open(tmp_path / "demo.ikdb")
    demo.build_demo(ws, library)
    yield ws
    ws.close()


def _round(ws):
    return data.gather(ws, ws.find_round(demo.DEMO_TITLE).id, viewer=independence.LEAD)


def test_scorecard_names_the_candidate_every_skill_panelist_and_the_decision(demo_ws):
    rid = demo_ws.find_round(demo.DEMO_TITLE).id
    marcus = demo_ws.find_candidate("Marcus O'Neill", rid)
    demo_ws.record_decision(marcus.id, "decline", "Panel agreed the change-resistance evidence was decisive.",
                            "Dr. Maya Lindqvist")
    d = _round(demo_ws)
    text = _text(pdf.Scorecard(d, marcus.id).to_bytes())
    assert "Marcus O'Neill" in text
    for s in d.round.skills:
        assert s.label.split()[0] in text
    for p in d.panel:
        assert p.name in text
    assert "Decline" in text and "change-resistance evidence was decisive" in " ".join(text.split())
    assert "Page 1 of" in text and "CONFIDENTIAL" in text


def test_round_pdf_has_the_summary_and_every_scorecard(demo_ws):
    d = _round(demo_ws)
    text = _text(pdf.RoundSummary(d, scorecards=True).to_bytes())
    assert "overall agreement is" in text and "Candidates by weighted overall" in text and "Method" in text
    for c in d.candidates:
        assert text.count(c.name) >= 2


def test_blank_guide_has_every_question_its_id_and_tick_boxes(demo_ws):
    d = _round(demo_ws)
    text = _text(pdf.BlankGuide(d).to_bytes())
    for q in d.guide:
        assert q.id in text
    assert "☐" in text and "Strong yes" in text


def test_short_scorecard_leaves_the_notes_out(demo_ws):
    d = _round(demo_ws)
    cid = d.candidates[0].id
    full, short = (_text(pdf.Scorecard(d, cid, short=s).to_bytes()) for s in (False, True))
    assert "Questions and notes" in full and "Questions and notes" not in short


def _hostile_round(tmp_path, names, note=""):
    ws = Workspace.open(tmp_path / "hostile.ikdb")
    guide = [GuideQuestion(f"q{i}", "", i, "teamwork", "behavioral", f"Tell me about handover {i} & <i>why</i>.",
                           ("What did you do?", "What happened?"),
                           (Anchor(1, "No example."), Anchor(3, "One example."), Anchor(5, "Example & result.")))
             for i in range(2)]
    rnd = ws.create_round("Hostile <round> & names", "service-desk-analyst", [RoleSkill("teamwork", 1, "Teamwork")])
    ws.set_guide(rnd.id, guide)
    ws.lock_round(rnd.id)
    panel = [ws.ensure_panelist(n) for n in names[:2]]
    for p in panel:
        ws.join_panel(rnd.id, p.id)
    cands = [ws.add_candidate(rnd.id, n) for n in names]
    for c in cands:
        for p in panel:
            for q in guide:
                ws.set_score(c.id, p.id, q.id, 4, note or f"{c.name} said <script>alert(1)</script> & left")
            ws.set_verdict(c.id, p.id, "yes", "Clear examples.")
            ws.submit(c.id, p.id)  # results print submitted scorecards only
    return ws, rnd


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_neither_crash_nor_inject_and_round_trip_exactly(tmp_path, name):
    ws, rnd = _hostile_round(tmp_path, [name, "Grace Kim"])
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    cand = d.candidates[0]
    text = _text(pdf.Scorecard(d, cand.id).to_bytes())
    assert name in text
    assert "<script>alert(1)</script>" in text  # the note is shown literally, not interpreted
    ws.close()


@pytest.mark.parametrize("name", RTL)
def test_right_to_left_names_are_drawn_shaped_in_visual_order_and_extract_back(tmp_path, name):
    ws, rnd = _hostile_round(tmp_path, [name, "Grace Kim"])
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    text = _text(pdf.Scorecard(d, d.candidates[0].id).to_bytes())
    # Drawn shaped and in visual order; a PDF reader gives the logical order back (Arabic in its
    # presentation forms, which NFKC folds to the letters typed).
    assert visual(name) != name
    assert name in unicodedata.normalize("NFKC", text)
    ws.close()


def test_long_notes_flow_across_pages_without_loss(tmp_path):
    long_note = " ".join(f"Evidence sentence {i} about the 3 a.m. downtime call, with the unit and the outcome."
                         for i in range(120))
    ws, rnd = _hostile_round(tmp_path, ["Jordan Ellis", "Grace Kim"], note=long_note)
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    doc = pdf.Scorecard(d, d.candidates[0].id).to_bytes()
    reader = pypdf.PdfReader(io.BytesIO(doc))
    assert len(reader.pages) >= 3
    text = " ".join(_text(doc).split())
    assert "Evidence sentence 119 about" in text
    ws.close()


def test_twelve_question_four_panelist_scorecard(tmp_path, library):
    from interview_kit import plans

    role = library.roles["service-desk-analyst"]
    ws = Workspace.open(tmp_path / "w.ikdb")
    rnd = ws.create_round("Service desk — nights", role.id, plans.named_skills(library, role.skills), role_name=role.name)
    ws.set_guide(rnd.id, plans.to_guide(plans.draw(library, role.skills, 2, 3, role=role.id).questions, rnd.id))
    ws.lock_round(rnd.id)
    cand = ws.add_candidate(rnd.id, "Nadia Haddad")
    panel = [ws.ensure_panelist(n) for n in ("Grace Kim", "Omar Haddad", "Lucía Fernández", "Tom Becker")]
    for i, p in enumerate(panel):
        ws.join_panel(rnd.id, p.id)
        for j, q in enumerate(ws.guide(rnd.id)):
            ws.set_score(cand.id, p.id, q.id, (i + j) % 5 + 1, f"{p.name}: specific example {j}.")
        ws.set_verdict(cand.id, p.id, "yes", "Clear, calm, specific.")
        ws.submit(cand.id, p.id)
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    doc = pdf.Scorecard(d, cand.id).to_bytes()
    text = _text(doc)
    assert len(d.guide) == 12 and all(p.name in text for p in panel)
    assert "Q12." in text
    ws.close()


def test_paper_size_follows_the_option(demo_ws):
    d = _round(demo_ws)
    for paper, width in (("letter", 612), ("a4", 595)):
        reader = pypdf.PdfReader(io.BytesIO(pdf.BlankGuide(d, paper=paper).to_bytes()))
        assert round(float(reader.pages[0].mediabox.width)) == width


def test_fonts_are_embedded_and_no_builtin_cid_font_is_used(demo_ws):
    d = _round(demo_ws)
    reader = pypdf.PdfReader(io.BytesIO(pdf.RoundSummary(d).to_bytes()))
    fonts = {}
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            fonts[f["/BaseFont"]] = f
    assert fonts and all("/FontFile2" in (f.get("/FontDescriptor") or {}) or "/DescendantFonts" in f
                         for f in fonts.values())
    assert not any(str(name).endswith(("STSong-Light", "HeiseiMin-W3", "HYSMyeongJo-Medium")) for name in fonts)


def test_cli_writes_pdfs_for_a_round_a_candidate_and_the_guide(tmp_path, capsys):
    from interview_kit.cli import main

    db = tmp_path / "demo.ikdb"
    assert main(["--db", str(db), "demo"]) == 0
    for args, out in ((["report", demo.DEMO_TITLE], "round.pdf"), (["report", "Jordan Ellis"], "jordan.pdf"),
                      (["guide", demo.DEMO_TITLE], "guide.pdf")):
        target = tmp_path / out
        assert main(["--db", str(db), *args, "--pdf", str(target)]) == 0
        assert target.read_bytes()[:5] == b"%PDF-"
    assert main(["--db", str(db), "report", "Jordan Ellis", "--pdf", str(tmp_path / "no" / "x.pdf")]) == 1


def test_a_verdict_summary_longer_than_a_page_continues_on_the_next(tmp_path):
    summary = " ".join(f"Summary sentence {i} on how they handled the unit's objections." for i in range(150))
    ws, rnd = _hostile_round(tmp_path, ["Jordan Ellis", "Grace Kim"])
    cand = ws.candidates(rnd.id)[0]
    panelist = ws.ensure_panelist("Jordan Ellis")
    ws.amend(cand.id, panelist.id)
    ws.set_verdict(cand.id, panelist.id, "yes", summary)
    ws.submit(cand.id, panelist.id)
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    text = " ".join(_text(pdf.Scorecard(d, cand.id, short=True).to_bytes()).split())
    assert "Summary sentence 0 on" in text and "Summary sentence 149 on" in text
    ws.close()


def test_round_pdf_reports_progress_per_scorecard_as_pages_are_laid_out(demo_ws):
    d = _round(demo_ws)
    calls = []
    pdf.RoundSummary(d, scorecards=True, progress=lambda i, n: calls.append((i, n)) or True).to_bytes()
    assert calls == [(i, len(d.candidates)) for i in range(len(d.candidates))]


def test_cancelling_a_round_pdf_stops_the_build(demo_ws):
    d = _round(demo_ws)
    calls = []
    doc = pdf.RoundSummary(d, scorecards=True, progress=lambda i, n: calls.append(i) or i < 1)
    with pytest.raises(pdf.Cancelled):
        doc.to_bytes()
    assert calls == [0, 1]


def test_a_round_with_many_skills_continues_its_means_in_a_second_table_instead_of_squeezing_them(tmp_path,
                                                                                                    library):
    from interview_kit import plans
    from interview_kit.reports.flow import Grid

    skills = [RoleSkill(s, 1, library.skills[s].name) for s in list(library.skills)[:12]]
    ws = Workspace.open(tmp_path / "many.ikdb")
    rnd = ws.create_round("Twelve skills", "service-desk-analyst", skills)
    ws.set_guide(rnd.id, plans.to_guide(plans.draw(library, skills, 1, 5).questions, rnd.id))
    ws.lock_round(rnd.id)
    ws.add_candidate(rnd.id, "Jordan Ellis")
    doc = pdf.RoundSummary(data.gather(ws, rnd.id, viewer=independence.LEAD))
    grids = [f for f in doc.story() if isinstance(f, Grid)]
    headings = [h for g in grids for h in g.cells[0]]
    assert [h for h in headings if h.startswith("S")] == [f"S{k}" for k in range(1, 13)]
    assert all(w >= 28 for g in grids for w in g.widths[1:])  # every column but "#" has room for "3.5"
    assert all(round(sum(g.widths)) <= round(doc.width) for g in grids)
    ws.close()


def test_a_big_panel_is_headed_p1_p2_with_the_names_in_the_legend(tmp_path):
    names = ["Alexandra Konstantinopoulou", "Grace Kim", "Omar Haddad", "Lucía Fernández", "Tom Becker", "Maya Lindqvist"]
    ws, rnd = _hostile_round(tmp_path, ["Jordan Ellis"])
    for n in names:
        ws.join_panel(rnd.id, ws.ensure_panelist(n).id)
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    text = " ".join(_text(pdf.Scorecard(d, d.candidates[0].id).to_bytes()).split())
    assert len(d.panel) == 7 and "P7" in text
    assert all(f"P{i} {p.name}" in text for i, p in enumerate(d.panel, 1))
    ws.close()


def test_the_overall_chart_of_a_long_round_continues_across_pages_from_the_first(demo_ws):
    from interview_kit import scoring
    from interview_kit.reports.charts import OverallChart

    d = _round(demo_ws)
    ranked = scoring.compare(d.results) * 20  # 60 rows
    chart = OverallChart(ranked)
    _, height = chart.wrap(500, 10_000)
    first, rest = chart.split(500, height / 2)
    assert first.wrap(500, 10_000)[1] <= height / 2
    assert len(first.ranked) + len(rest.ranked) == len(ranked)


def test_every_page_of_a_round_pdf_says_its_number_and_the_true_total(demo_ws):
    reader = pypdf.PdfReader(io.BytesIO(pdf.RoundSummary(_round(demo_ws), scorecards=True).to_bytes()))
    total = len(reader.pages)
    assert total > 3
    for number, page in enumerate(reader.pages, 1):
        assert page.extract_text().rstrip().endswith(f"Page {number} of {total}")


def test_a_finished_page_is_handed_over_compressed_not_held_until_the_count_is_known(demo_ws, monkeypatch):
    held = []

    class Watching(pdf.NumberedCanvas):
        def showPage(self):  # noqa: N802
            super().showPage()
            pages = self._doc.Pages.pages
            held.append((len(pages), sum(isinstance(p.stream, str) for p in pages)))

    monkeypatch.setattr(pdf, "NumberedCanvas", Watching)
    pdf.RoundSummary(_round(demo_ws), scorecards=True).to_bytes()
    assert len(held) > 3
    assert held == [(n, 0) for n in range(1, len(held) + 1)]  # each page handed over at its end, compressed


def test_a_round_pdf_makes_each_scorecard_only_when_the_layout_reaches_it(demo_ws, monkeypatch):
    made, seen = [], []
    story = pdf.scorecard_story
    monkeypatch.setattr(pdf, "scorecard_story", lambda *a, **kw: made.append(1) or story(*a, **kw))

    def progress(done, total):
        seen.append((done, len(made)))
        return True

    d = _round(demo_ws)
    pdf.RoundSummary(d, scorecards=True, progress=progress).to_bytes()
    assert seen == [(i, i) for i in range(len(d.candidates))]  # scorecard i is made after i is reached
