"""Median latency of one score edit through the store, against a raw sqlite3 upsert + commit.

Both sides write to a file on the same disk with the same pragmas (WAL, synchronous=FULL), so the ratio shows
what the store adds on top of SQLite's own cost of a durable commit.
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

from interview_kit.model import GuideQuestion, RoleSkill  # noqa: E402
from interview_kit.store import Workspace  # noqa: E402

EDITS = 400


def bench_store(folder: Path, name: str) -> list[float]:
    ws = Workspace.open(folder / name)
    rnd = ws.create_round("Bench", "service-desk-analyst", [RoleSkill("adaptability")])
    ws.set_guide(rnd.id, [GuideQuestion(f"q{i}", "", i, "adaptability", "behavioral", "Tell me…") for i in range(12)])
    ws.lock_round(rnd.id)
    cand = ws.add_candidate(rnd.id, "Jordan Ellis")
    me = ws.ensure_panelist("Sam Patel")
    times = []
    for i in range(EDITS):
        t0 = time.perf_counter()
        ws.set_score(cand.id, me.id, f"q{i % 12}", i % 5 + 1, f"note {i}")
        times.append(time.perf_counter() - t0)
    ws.close()
    return times


def bench_raw(folder: Path, name: str) -> list[float]:
    conn = sqlite3.connect(folder / name, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE scores (candidate_id TEXT, panelist_id TEXT, question_id TEXT, rating INTEGER, note TEXT, "
        "updated_at TEXT, PRIMARY KEY (candidate_id, panelist_id, question_id))"
    )
    sql = ("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (candidate_id, panelist_id, question_id) "
           "DO UPDATE SET rating = excluded.rating, note = excluded.note, updated_at = excluded.updated_at")
    times = []
    for i in range(EDITS):
        t0 = time.perf_counter()
        # Autocommit: the statement is its own transaction, committed (and fsynced) before execute returns.
        conn.execute(sql, ("c", "p", f"q{i % 12}", i % 5 + 1, f"note {i}", "2026-11-25T00:00:00.000000+00:00"))
        times.append(time.perf_counter() - t0)
    conn.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent) as tmp:
        folder = Path(tmp)
        # Alternate the two sides so disk warm-up favours neither.
        raw, ours = [], []
        for run in range(2):
            raw += bench_raw(folder, f"raw{run}.db")
            ours += bench_store(folder, f"store{run}.ikdb")
    ours_ms = statistics.median(ours) * 1000
    raw_ms = statistics.median(raw) * 1000
    print(f"store.set_score   median {ours_ms:.3f} ms  p95 {sorted(ours)[int(len(ours) * .95)] * 1000:.3f} ms")
    print(f"raw sqlite3       median {raw_ms:.3f} ms  p95 {sorted(raw)[int(len(raw) * .95)] * 1000:.3f} ms")
    print(json.dumps({"name": "autosave_median_latency", "value": round(ours_ms, 4), "unit": "ms",
                      "baseline": round(raw_ms, 4), "ratio": round(ours_ms / raw_ms, 3)}))


if __name__ == "__main__":
    main()
