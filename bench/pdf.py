"""Milliseconds per scorecard and the time for a 100-candidate round PDF, against a bare reportlab document
with the same page count made in the same run (plain paragraphs in a built-in font, no tables or charts).

The round has 10 questions and 4 panelists; every note is a different string (sentences recombined per
candidate, panelist and question), so nothing is laid out once and reused unless a real round would reuse it
too (the questions, names and labels).
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pypdf  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402

from interview_kit import banks, independence, plans  # noqa: E402
from interview_kit.reports import data, flow, pdf  # noqa: E402
from interview_kit.store import Workspace  # noqa: E402

CANDIDATES = 100
PANEL = ("Grace Kim", "Omar Haddad", "Lucía Fernández", "Tom Becker")
#: Note sentences, combined differently for every candidate, panelist and question: no two notes are the same
#: string, so nothing is laid out once and reused the way a question's text rightly is.
SENTENCES = (
    "Gave a specific example from the pharmacy go-live",
    "named the charge nurse and the vendor analyst they involved",
    "said what changed afterwards in the downtime procedure",
    "was vague about their own part until probed twice",
    "described the escalation path and why they chose it",
    "measured the result with ticket volumes over six weeks",
    "acknowledged a mistake in the first cut-over plan",
    "kept the ward manager informed by a daily huddle",
    "could not say how the clinicians took the change",
    "wrote a one-page tip sheet that the night shift used",
    "negotiated a smaller pilot on two units first",
    "listened to the objections before proposing anything",
)


def note(c: int, i: int, j: int) -> str:
    picks = [SENTENCES[(c * 7 + i * 5 + j * 3 + k * 4) % len(SENTENCES)] for k in range(2 + (c + j) % 3)]
    return f"{'; '.join(picks)} (candidate {c}, question {j + 1})."


def build_round(path: Path) -> data.RoundData:
    library = banks.load_library(include_user=False)
    role = library.roles["ehr-implementation-analyst"]
    ws = Workspace.open(path)
    rnd = ws.create_round("Bench round", role.id, plans.named_skills(library, role.skills), role_name=role.name)
    ws.set_guide(rnd.id, plans.to_guide(plans.draw(library, role.skills, 2, 1, role=role.id).questions, rnd.id))
    ws.lock_round(rnd.id)
    panel = [ws.ensure_panelist(n) for n in PANEL]
    guide = ws.guide(rnd.id)
    with ws.transaction():
        for p in panel:
            ws.join_panel(rnd.id, p.id)
        for c in range(CANDIDATES):
            cand = ws.add_candidate(rnd.id, f"Candidate {c:03d}")
            for i, p in enumerate(panel):
                for j, q in enumerate(guide):
                    ws.set_score(cand.id, p.id, q.id, (c + i + j) % 5 + 1, note(c, i, j))
                ws.set_verdict(cand.id, p.id, ("no", "yes", "strong_yes", "yes")[i],
                               f"Consistent, specific answers; {note(c, i, 99).lower()}")
                ws.submit(cand.id, p.id)  # only submitted scorecards are printed as results
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    ws.close()
    return d


def bare(pages: int) -> float:
    styles = getSampleStyleSheet()
    story = []
    for i in range(pages):
        story += [Paragraph(f"Page {i} " + "Plain text of a bare document. " * 60, styles["Normal"]), PageBreak()]
    t0 = time.perf_counter()
    SimpleDocTemplate(io.BytesIO()).build(story)
    return time.perf_counter() - t0


def pages_of(doc: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(doc)).pages)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = build_round(Path(tmp) / "bench.ikdb")
    pdf.Scorecard(d, d.candidates[0].id).to_bytes()  # fonts loaded, caches warm
    times = []
    for c in d.candidates[:20]:
        t0 = time.perf_counter()
        one = pdf.Scorecard(d, c.id).to_bytes()
        times.append(time.perf_counter() - t0)
    per_card = statistics.median(times)
    card_pages = pages_of(one)
    card_bare = statistics.median(bare(card_pages) for _ in range(5))
    round_times = []
    for _ in range(3):
        flow.layout.cache_clear()  # each run lays out its notes afresh, as a first export would
        t0 = time.perf_counter()
        whole = pdf.RoundSummary(d, scorecards=True).to_bytes()
        round_times.append(time.perf_counter() - t0)
    round_time = statistics.median(round_times)
    round_pages = pages_of(whole)
    round_bare = statistics.median(bare(round_pages) for _ in range(3))
    print(f"scorecard ({card_pages} pages, 10 questions, 4 panelists): {per_card * 1000:.0f} ms median; "
          f"bare document of {card_pages} pages: {card_bare * 1000:.0f} ms ({per_card / card_bare:.2f}x)")
    print(f"100-candidate round ({round_pages} pages): {round_time:.2f} s median of 3; bare document of the same "
          f"page count: {round_bare:.2f} s ({round_time / round_bare:.2f}x)")
    print(json.dumps({"name": "pdf_round_100_candidates", "value": round(round_time, 3), "unit": "s",
                      "baseline": round(round_bare, 3), "ratio": round(round_time / round_bare, 3)}))


if __name__ == "__main__":
    main()
