"""report --csv: formula cells neutralised, UTF-8 with a byte-order mark."""

import csv
import io

from interview_kit import demo
from interview_kit.cli import main
from interview_kit.reports.data import csv_cell
from interview_kit.store import Workspace


def test_formula_like_cells_get_a_leading_apostrophe_and_others_pass_unchanged():
    for text in ("=HYPERLINK(\"http://x\",\"y\")", "+SUM(A1:A9)", "-2+3", "@cmd", "\tTab", "\rCR"):
        assert csv_cell(text) == "'" + text
    for text in ("Zoë Brooks", "李明", "محمد <b>&</b>", "Strong, calm — 5/5", "", "NA"):
        assert csv_cell(text) == text
    assert csv_cell(3) == 3


def test_report_csv_neutralises_formulas_and_starts_with_a_bom(demo_path, tmp_path, capsys):
    with Workspace.open(demo_path) as ws:
        rnd = ws.find_round(demo.DEMO_TITLE)
        cand = ws.candidates(rnd.id)[0]
        ws.rename_candidate(cand.id, "=cmd|' /C calc'!A0")
        p = ws.panelist_by_name("Tom Becker")
        q = ws.guide(rnd.id)[0]
        ws.amend(cand.id, p.id, reason="note fix")
        ws.set_score(cand.id, p.id, q.id, 4, "+1 for the go-live plan — and -2 for testing")
        ws.submit(cand.id, p.id)
    out = tmp_path / "report.csv"
    assert main(["--db", str(demo_path), "report", demo.DEMO_TITLE, "--csv", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    mine = [r for r in rows if r["candidate_id"] == cand.id]
    assert {r["candidate"] for r in mine} == {"'=cmd|' /C calc'!A0"}
    assert any(r["note"] == "'+1 for the go-live plan — and -2 for testing" for r in mine)
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
