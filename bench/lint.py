"""`banks lint` on a 3,000-question bank folder (issue 14: it ran past 120 s), against reading the same
files with tomllib in the same run.

The bank is generated: questions built from health-IT parts (a setting, an event, a system, a team) so that
they share most of their common words the way real banks do, with every 25th question a near copy of an
earlier one (a word changed), so the near-duplicate search has real pairs to find. Every question has
probes, five anchors and three sample answers. The bank is 30 skill files of 100 questions (one file per
skill, as banks are written; near copies cross files).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_kit import banks  # noqa: E402

QUESTIONS = 3000
FILES = 30
RUNS = 3

SETTINGS = ["a go-live", "an upgrade", "a downtime", "a night shift", "a cut-over weekend", "a pilot ward",
            "an audit week", "a merger", "a migration", "a vendor outage", "an interface backlog",
            "a release freeze", "a training week", "a system retirement", "a data clean-up"]
EVENTS = ["stopped sending results", "dropped orders", "showed the wrong allergies", "slowed to a crawl",
          "duplicated patient records", "lost a day of notes", "printed labels twice", "locked out nurses",
          "sent alerts to the wrong team", "mislabelled specimens", "failed its backup", "missed a dose change",
          "broke the bed board", "hid discharge summaries", "garbled radiology reports"]
SYSTEMS = ["lab interface", "pharmacy module", "bed board", "order set", "radiology feed", "theatre list",
           "blood bank link", "discharge letter", "barcode scanner", "patient portal", "billing feed",
           "vaccination register", "dictation tool", "referral inbox", "ward dashboard"]
TEAMS = ["the emergency department", "pharmacy", "the maternity ward", "outpatients", "the ICU",
         "theatres", "the renal unit", "the blood bank", "community nursing", "the children's ward",
         "medical records", "the stroke unit", "radiology", "the oncology day unit", "the service desk"]
ANSWER = ("So, this was at {team} during {setting}: the {system} {event}, and I called the ward manager first "
          "to ask what the night staff needed, then I checked the queue, wrote down what I had seen, and "
          "agreed a time for the next update with the charge nurse. After that I worked through the messages "
          "one by one with the analyst on call, and when it was fixed I went back to the ward to check that "
          "the nurses could see the results again, and I wrote a short note for the morning team.")


def question(i: int, rng: random.Random) -> dict:
    setting, event, system, team = (rng.choice(SETTINGS), rng.choice(EVENTS), rng.choice(SYSTEMS),
                                    rng.choice(TEAMS))
    text = f"Tell me about {setting} when the {system} {event} for {team}, case {i}."
    return {"id": f"bench-{i:04d}", "kind": "behavioral", "text": text,
            "probes": ["What was your part?", "What did you do next?", "What happened then?"],
            "anchors": {str(level): f"Level {level} answer about the {system} at {team}, naming {level} "
                        "concrete actions the candidate took and who they told." for level in range(1, 6)},
            "samples": [{"level": lvl, "answer": ANSWER.format(team=team, setting=setting, system=system,
                                                               event=event),
                         "why": f"Names the actions that level {lvl} describes."} for lvl in (2, 3, 5)]}


def bank_files(n: int, files: int) -> list[str]:
    rng = random.Random(17)
    qs = [question(i, rng) for i in range(n)]
    for i in range(25, n, 25):  # a near copy of an earlier question: one word changed
        qs[i]["text"] = qs[i - 20]["text"].replace("Tell me about", "Describe")
    per = n // files
    return [skill_toml(f"bench-{k:02d}", qs[k * per:(k + 1) * per]) for k in range(files)]


def skill_toml(skill_id: str, qs: list[dict]) -> str:
    out = [f"id = {json.dumps(skill_id)}", 'name = "Bench skill"', 'definition = "Generated."',
           'why_it_matters = "Speed."', ""]
    for q in qs:
        out += ["[[questions]]", f"id = {json.dumps(q['id'])}", f"kind = {json.dumps(q['kind'])}",
                f"text = {json.dumps(q['text'])}", f"probes = {json.dumps(q['probes'])}", "",
                "[questions.anchors]"]
        out += [f"{k} = {json.dumps(v)}" for k, v in q["anchors"].items()]
        for s in q["samples"]:
            out += ["", "[[questions.samples]]", f"level = {s['level']}", f"answer = {json.dumps(s['answer'])}",
                    f"why = {json.dumps(s['why'])}"]
        out.append("")
    return "\n".join(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "banks"
        (folder / "skills").mkdir(parents=True)
        paths = []
        for k, text in enumerate(bank_files(QUESTIONS, FILES)):
            paths.append(folder / "skills" / f"bench-{k:02d}.toml")
            paths[-1].write_text(text, encoding="utf-8")
        parse, lint = [], []
        findings = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            for path in paths:
                tomllib.loads(path.read_text(encoding="utf-8"))
            parse.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            findings = banks.lint_paths([folder])
            lint.append(time.perf_counter() - t0)
        ours, bare = statistics.median(lint), statistics.median(parse)
        size = sum(p.stat().st_size for p in paths)
    dupes = sum(f.rule == "near-duplicate" for f in findings)
    print(f"banks lint on {QUESTIONS} questions in {FILES} files ({size / 1048576:.1f} MiB): {ours:.2f} s, "
          f"{len(findings)} findings, {dupes} near-duplicates")
    print(f"tomllib alone on the same file: {bare:.2f} s")
    print(json.dumps({"name": "banks_lint_3000_questions", "value": round(ours, 3), "unit": "s",
                      "baseline": round(bare, 3), "ratio": round(ours / bare, 2)}))


if __name__ == "__main__":
    main()
