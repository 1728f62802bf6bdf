"""Merge 100 packets of 500 scores each into a workspace, against a raw sqlite3 executemany of the same rows.

Both sides commit once per packet (the merge is one transaction per file) on files with the same pragmas.
Our side includes everything a real import does: reading the file, checking bytes, JSON, schema, checksum and
every row, comparing with the rows already there, and writing.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from interview_kit import packets  # noqa: E402
from interview_kit.model import Anchor, GuideQuestion  # noqa: E402
from interview_kit.store import Workspace  # noqa: E402

PACKETS = 100
ROWS = 500  # 50 candidates x 10 questions per panelist
QUESTIONS = 10
CANDIDATES = ROWS // QUESTIONS

GUIDE = [GuideQuestion(f"q{i}", "r", i, "teamwork", "behavioral", f"Tell me about a time {i}…",
                       ("What did you do?", "What happened?"),
                       (Anchor(1, "No example."), Anchor(3, "One example."), Anchor(5, "Example and result.")))
         for i in range(QUESTIONS)]


def make_packets(folder: Path) -> list[Path]:
    paths = []
    for p in range(PACKETS):
        pid = f"panelist-{p:03d}"
        doc = {
            "format": "interview-kit-packet", "version": 2, "kind": "scores", "exported_by": pid,
            "round": {"id": "bench-round", "title": "Bench round", "role": "service-desk-analyst",
                      "skills": [{"id": "teamwork", "weight": 1.0}]},
            "guide": [packets._guide_doc(q) for q in GUIDE],
            "candidates": [{"id": f"cand-{c:03d}", "name": f"Candidate {c}", "position": c} for c in range(CANDIDATES)],
            "panelists": [{"id": pid, "name": f"Panelist {p}"}],
            "scores": [
                {"candidate_id": f"cand-{c:03d}", "panelist_id": pid, "question_id": q.id, "rating": (c + p) % 5 + 1,
                 "note": f"Candidate {c} gave a specific example, with the outcome; panelist {p}.",
                 "updated_at": "2026-11-25T10:00:00.000000+00:00"}
                for c in range(CANDIDATES) for q in GUIDE
            ],
            "verdicts": [],
        }
        path = folder / f"p{p:03d}.ikit"
        packets.write(packets.sign(doc), path)
        paths.append(path)
    return paths


def bench_ours(folder: Path, files: list[Path], name: str = "merge.ikdb") -> float:
    ws = Workspace.open(folder / name)
    t0 = time.perf_counter()
    for f in files:
        report = packets.import_file(ws, f)
        assert report.ok and report.added == ROWS, report.summary()
    elapsed = time.perf_counter() - t0
    ws.close()
    return elapsed


def bench_raw(folder: Path, files: list[Path], name: str = "raw.db") -> float:
    rows_per_file = []
    for f in files:
        doc = json.loads(f.read_text("utf-8"))
        rows_per_file.append([(s["candidate_id"], s["panelist_id"], s["question_id"], s["rating"], s["note"],
                               s["updated_at"]) for s in doc["scores"]])
    conn = sqlite3.connect(folder / name, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE scores (candidate_id TEXT, panelist_id TEXT, question_id TEXT, rating INTEGER, "
                 "note TEXT, updated_at TEXT, PRIMARY KEY (candidate_id, panelist_id, question_id))")
    t0 = time.perf_counter()
    for rows in rows_per_file:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_packets(folder)
        # Alternate the two sides three times and take each side's median: disk noise favours neither.
        raws, ourss = [], []
        for run in range(3):
            raws.append(bench_raw(folder, files, f"raw{run}.db"))
            ourss.append(bench_ours(folder, files, f"merge{run}.ikdb"))
        raw, ours = statistics.median(raws), statistics.median(ourss)
    total = PACKETS * ROWS
    print(f"merge {PACKETS} packets x {ROWS} scores: {ours:.3f} s  ({total / ours:,.0f} rows/s)")
    print(f"raw sqlite3 executemany of the same rows: {raw:.3f} s  ({total / raw:,.0f} rows/s)")
    print(json.dumps({"name": "merge_rows_per_second", "value": round(total / ours), "unit": "rows/s",
                      "baseline": round(total / raw), "ratio": round(ours / raw, 3)}))


if __name__ == "__main__":
    main()
