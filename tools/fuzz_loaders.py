"""The long fuzz run of every file loader: mutated real packets, sealed packets, candidate and paper-score CSVs.

    .venv/bin/python tools/fuzz_loaders.py [--cases 5000] [--loader NAME]

For each loader it prints the cases run, tracebacks (any exception other than the loader's own error: must be
0), refusals, accepted inputs, refusals that changed the workspace's bytes (must be 0) and the slowest case; the
last line is one JSON object with the table. Exit 1 if a traceback or a changed byte was seen. The same
mutations run in ``make test`` (``tests/test_loader_fuzz.py``, 300 cases each).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))


def run(name: str, cases: int, fx) -> dict:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import loader_fuzz

    make, call = loader_fuzz.LOADERS[name]
    counts = collections.Counter()
    tracebacks: collections.Counter = collections.Counter()
    slowest = 0.0

    @settings(max_examples=cases, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def one(data):
        nonlocal slowest
        raw = data.draw(make(fx))
        counts["cases"] += 1
        t0 = time.perf_counter()
        try:
            outcome, changed = call(fx, raw)
        except Exception as e:  # noqa: BLE001 — that is what we count
            frame = traceback.extract_tb(e.__traceback__)[-1]
            tracebacks[f"{type(e).__name__} at {Path(frame.filename).name}:{frame.lineno}: {str(e)[:80]}"] += 1
            counts["tracebacks"] += 1
            return
        finally:
            slowest = max(slowest, time.perf_counter() - t0)
        counts[outcome] += 1
        counts["changed_on_refusal"] += changed

    one()
    return {"loader": name, "cases": counts["cases"], "tracebacks": counts["tracebacks"],
            "refused": counts["refused"], "accepted": counts["accepted"],
            "bytes_changed_on_refusal": counts["changed_on_refusal"], "slowest_case_s": round(slowest, 3),
            "traceback_kinds": dict(tracebacks.most_common(10))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--loader", action="append", help="only this loader (repeatable)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ikit-fuzz-"))
    os.environ["INTERVIEW_KIT_DATA_DIR"] = str(folder / "data")  # never the user's key or workspace

    import loader_fuzz

    names = args.loader or list(loader_fuzz.LOADERS)
    table = []
    print(f"{'loader':16} {'cases':>7} {'tracebacks':>10} {'refused':>8} {'accepted':>8} {'changed':>8} {'slowest':>8}")
    for name in names:
        fx = loader_fuzz.build(folder / name.replace(" ", "-"))
        try:
            row = run(name, args.cases, fx)
        finally:
            fx.close()
        table.append(row)
        print(f"{name:16} {row['cases']:>7} {row['tracebacks']:>10} {row['refused']:>8} {row['accepted']:>8} "
              f"{row['bytes_changed_on_refusal']:>8} {row['slowest_case_s']:>7.3f}s")
        for kind, n in row["traceback_kinds"].items():
            print(f"    {n} × {kind}")
    print(json.dumps({"name": "fuzz_loaders", "cases_per_loader": args.cases, "loaders": table},
                     ensure_ascii=False))
    return 1 if any(r["tracebacks"] or r["bytes_changed_on_refusal"] for r in table) else 0


if __name__ == "__main__":
    sys.exit(main())
