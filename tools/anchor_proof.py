"""Prove the anchors (issue 17 §3): can a reader who sees only a question's anchors and one sample answer give
the sample's reference level?

    python tools/anchor_proof.py blind OUT_DIR KEY.json [--parts N]   # items without levels, in N parts
    python tools/anchor_proof.py score OUT_DIR KEY.json                # the readers' levels vs the references

``blind`` writes ``OUT_DIR/part-K.md`` (what a reader gets: question, anchors 1-5, the answer — never the level
or the "why") and ``KEY.json`` (item id → question id and reference level), which belongs outside OUT_DIR: the
readers never see it. A reader writes
``answers-K.jsonl``, one ``{"item": ID, "level": 1-5, "confidence": 1-3}`` per line. ``score`` prints exact
agreement, agreement within one level, the confusion table, the questions whose samples missed, and the ten
answers that were hardest to place (furthest from the reference, then least confident). Last line: one JSON
object (the bench contract), so the figure can be quoted as measured.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from collections import Counter
from pathlib import Path

BANKS = Path(__file__).resolve().parents[1] / "question_banks" / "skills"


def _items(skills: set[str] | None = None, questions: set[str] | None = None) -> list[dict]:
    items = []
    for path in sorted(BANKS.glob("*.toml")):
        if skills and path.stem not in skills:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for q in data.get("questions", []):
            if questions and q["id"] not in questions:
                continue
            anchors = {int(k): v for k, v in (q.get("anchors") or {}).items()}
            for n, sample in enumerate(q.get("samples", [])):
                items.append({"question": q["id"], "skill": data["id"], "kind": q["kind"], "text": q["text"],
                              "anchors": anchors, "answer": sample["answer"].strip(), "level": sample["level"],
                              "sample": n})
    return items


def blind(out: Path, key_file: Path, parts: int, seed: int, skills: set[str] | None = None,
          questions: set[str] | None = None) -> None:
    items = _items(skills, questions)
    random.Random(seed).shuffle(items)
    out.mkdir(parents=True, exist_ok=True)
    key = {}
    chunks: list[list[str]] = [[] for _ in range(parts)]
    for i, it in enumerate(items):
        item_id = f"A{i + 1:04d}"
        key[item_id] = {"question": it["question"], "sample": it["sample"], "level": it["level"]}
        anchors = "\n".join(f"  {lv}. {it['anchors'][lv]}" for lv in sorted(it["anchors"]))
        chunks[i % parts].append(
            f"## {item_id}\n\nQuestion ({it['kind']}): {it['text']}\n\nAnchors:\n{anchors}\n\n"
            f"Answer:\n> {it['answer']}\n")
    for k, chunk in enumerate(chunks, 1):
        (out / f"part-{k}.md").write_text(
            f"# Blind rating, part {k} of {parts}: {len(chunk)} answers\n\n" + "\n".join(chunk), encoding="utf-8")
    key_file.write_text(json.dumps(key, indent=1), encoding="utf-8")
    print(f"{len(items)} sample answers in {parts} parts under {out}")


def score(out: Path, key_file: Path) -> None:
    key = json.loads(key_file.read_text(encoding="utf-8"))
    given: dict[str, dict] = {}
    for f in sorted(out.glob("answers-*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                given[row["item"]] = row
    rated = [i for i in key if i in given]
    if not rated:
        sys.exit("no answers yet")
    diffs = {i: int(given[i]["level"]) - key[i]["level"] for i in rated}
    exact = sum(1 for d in diffs.values() if d == 0)
    within = sum(1 for d in diffs.values() if abs(d) <= 1)
    n = len(rated)
    print(f"rated {n} of {len(key)} sample answers")
    print(f"exact agreement with the reference level: {exact}/{n} = {exact / n:.1%}")
    print(f"within one level: {within}/{n} = {within / n:.1%}")
    print(f"mean signed difference (reader - reference): {sum(diffs.values()) / n:+.2f}")
    table = Counter((key[i]["level"], int(given[i]["level"])) for i in rated)
    print("confusion (rows reference 1-5, columns reader 1-5):")
    for ref in range(1, 6):
        print(f"  {ref}: " + " ".join(f"{table[(ref, r)]:3d}" for r in range(1, 6)))
    missed = Counter(key[i]["question"] for i in rated if diffs[i] != 0)
    print("questions with a missed sample: " + ", ".join(f"{q}×{c}" for q, c in sorted(missed.items())))
    hardest = sorted(rated, key=lambda i: (-abs(diffs[i]), int(given[i].get("confidence", 3)), i))[:10]
    print("hardest to place:")
    for i in hardest:
        print(f"  {i} {key[i]['question']} sample {key[i]['sample'] + 1}: reference {key[i]['level']}, "
              f"read {given[i]['level']} (confidence {given[i].get('confidence', '?')})")
    print(json.dumps({"name": "anchor_proof_exact_agreement", "value": round(exact / n, 4), "unit": "fraction",
                      "baseline": 0.85, "ratio": round(exact / n / 0.85, 3)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("blind")
    b.add_argument("out", type=Path)
    b.add_argument("key", type=Path)
    b.add_argument("--parts", type=int, default=3)
    b.add_argument("--seed", type=int, default=17)
    b.add_argument("--skills", default="", help="comma-separated skill ids (default: all)")
    b.add_argument("--questions", default="", help="comma-separated question ids (default: all)")
    s = sub.add_parser("score")
    s.add_argument("out", type=Path)
    s.add_argument("key", type=Path)
    args = ap.parse_args()
    if args.cmd == "blind":
        blind(args.out, args.key, args.parts, args.seed, set(filter(None, args.skills.split(","))) or None,
              set(filter(None, args.questions.split(","))) or None)
    else:
        score(args.out, args.key)


if __name__ == "__main__":
    main()
