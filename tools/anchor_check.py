"""Prove the anchors (issue 17 §3): a separate reader sees only a question's anchors and one sample answer and
gives the level; we compare with the reference levels.

    python tools/anchor_check.py sheet OUT.csv KEY.csv [--seed S] [--banks DIR] [--skill ID …]
        every sample answer of the banks, in the seed's order, as a blind sheet (question, anchors, answer, an
        empty "level" column) and a separate key (reference level and why) the reader must not see
    python tools/anchor_check.py score FILLED.csv KEY.csv [--json]
        exact agreement and agreement within one level with the reference, with counts, the mean signed
        difference, and the ten answers placed furthest from their reference

The figures come from the same function as practice mode (interview_kit.practice.calibrate).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from interview_kit import practice  # noqa: E402
from interview_kit.banks import load_library  # noqa: E402
from interview_kit.model import PracticeRating  # noqa: E402

SHEET = ["item", "skill", "question_id", "kind", "question", "anchor_1", "anchor_2", "anchor_3", "anchor_4",
         "anchor_5", "answer", "level"]
KEY = ["item", "question_id", "sample", "reference", "why"]


def sheet(args) -> int:
    library = load_library(extra_dirs=args.banks, include_user=False)
    questions = [q for q in library.questions() if not args.skill or q.skill in args.skill]
    items = practice.practice_set(questions, args.seed, size=None)
    with open(args.out, "w", newline="", encoding="utf-8") as f, open(args.key, "w", newline="",
                                                                        encoding="utf-8") as k:
        out, key = csv.writer(f), csv.writer(k)
        out.writerow(SHEET)
        key.writerow(KEY)
        for n, item in enumerate(items, start=1):
            q = item.question
            anchors = {a.level: a.text for a in q.anchors}
            out.writerow([n, q.skill, q.id, q.kind, q.text, *(anchors.get(i, "") for i in range(1, 6)),
                          item.sample.answer, ""])
            key.writerow([n, q.id, item.number, item.sample.level, item.sample.why])
    print(f"{len(items)} answers from {len(questions)} questions: {args.out} (for the reader), {args.key} (keep)")
    return 0


def score(args) -> int:
    with open(args.key, newline="", encoding="utf-8") as k:
        key = {row["item"]: row for row in csv.DictReader(k)}
    ratings, rows = [], []
    with open(args.filled, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            level = (row.get("level") or "").strip()
            if not level:
                continue
            if level not in {"1", "2", "3", "4", "5"} or row["item"] not in key:
                raise SystemExit(f"item {row['item']}: level must be 1 to 5, not {level!r}")
            ref = key[row["item"]]
            r = PracticeRating(ref["question_id"], int(ref["sample"]), int(ref["reference"]), int(level))
            ratings.append(r)
            rows.append((abs(r.rating - r.reference), row["item"], r))
    c = practice.calibrate(ratings)
    hardest = [{"item": item, "question_id": r.question_id, "sample": r.sample, "reference": r.reference,
                "reader": r.rating} for _, item, r in sorted(rows, key=lambda x: (-x[0], int(x[1])))[:10]
               if r.rating != r.reference]
    if args.json:
        json.dump({**c.as_dict(), "within_one_count": c.within_one_count, "hardest": hardest}, sys.stdout, indent=2)
        print()
        return 0
    print(f"{c.n} answers: exact {c.exact_count} ({c.exact:.1%}), within one level {c.within_one_count} "
          f"({c.within_one:.1%}), mean signed difference {c.bias:+.2f}")
    for h in hardest:
        print(f"  item {h['item']}: {h['question_id']} sample {h['sample']} — reference {h['reference']}, "
              f"reader {h['reader']}")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sheet")
    s.add_argument("out")
    s.add_argument("key")
    s.add_argument("--seed", type=int, default=17)
    s.add_argument("--banks", action="append", default=[], type=Path)
    s.add_argument("--skill", action="append", default=[])
    s.set_defaults(run=sheet)
    c = sub.add_parser("score")
    c.add_argument("filled")
    c.add_argument("key")
    c.add_argument("--json", action="store_true")
    c.set_defaults(run=score)
    args = p.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
