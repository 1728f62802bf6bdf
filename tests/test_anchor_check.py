"""tools/anchor_check.py: a blind sheet for a separate reader, and the reader's levels scored against the key."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRACTICE_BANKS = Path(__file__).parent / "data" / "practice_banks"
spec = importlib.util.spec_from_file_location("anchor_check", ROOT / "tools" / "anchor_check.py")
anchor_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(anchor_check)


def test_the_sheet_hides_the_levels_and_the_key_holds_them(tmp_path):
    sheet, key = tmp_path / "sheet.csv", tmp_path / "key.csv"
    assert anchor_check.main(["sheet", str(sheet), str(key), "--banks", str(PRACTICE_BANKS),
                              "--skill", "strategic-thinking"]) == 0
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert len(rows) == 6 and all(r["level"] == "" and r["answer"] and r["anchor_5"] for r in rows)
    assert "reference" not in rows[0] and "why" not in rows[0]
    keys = list(csv.DictReader(key.open(encoding="utf-8")))
    assert sorted(int(k["reference"]) for k in keys) == [1, 2, 3, 3, 5, 5]


def test_the_score_counts_exact_and_within_one_against_a_hand_count(tmp_path, capsys):
    sheet, key, filled = tmp_path / "sheet.csv", tmp_path / "key.csv", tmp_path / "filled.csv"
    anchor_check.main(["sheet", str(sheet), str(key), "--banks", str(PRACTICE_BANKS), "--skill", "teamwork"])
    refs = {k["item"]: int(k["reference"]) for k in csv.DictReader(key.open(encoding="utf-8"))}
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    # The reader: item 1 one level high, item 2 two levels off (towards the middle), the other four exact.
    rows[0]["level"] = str(refs["1"] + 1 if refs["1"] < 5 else refs["1"] - 1)
    rows[1]["level"] = str(refs["2"] + 2 if refs["2"] <= 3 else refs["2"] - 2)
    for r in rows[2:]:
        r["level"] = str(refs[r["item"]])
    with filled.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=rows[0].keys())
        w.writeheader()
        w.writerows(rows)
    capsys.readouterr()
    assert anchor_check.main(["score", str(filled), str(key), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["n"], out["exact_count"], out["within_one_count"]) == (6, 4, 5)
    assert [h["item"] for h in out["hardest"]] == ["2", "1"]
