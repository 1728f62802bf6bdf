"""Large rounds and large workspaces (issue 15): every goal figure, each against its baseline, in one run.

The workspace: 500 rounds, 20,000 candidates, 1.2M scores (5 panelists × 12 questions per candidate, every
score with a note, every scorecard submitted), with one round each of 50, 100, 200 and 400 candidates and 496
rounds of about 39. It is built once through the store API (bulk rows in one transaction per round, the way a
packet merge writes them) and cached under the temp folder; delete the folder (printed) to build it again.

One line per figure (JSON, with its goal and whether it is met), then the last line: one JSON object per the
bench contract, whose value is the worst figure's share of its goal (≤ 1 means every goal is met).

    python bench/scale.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from interview_kit import store  # noqa: E402
from interview_kit.model import Candidate, GuideQuestion, Panelist, RoleSkill  # noqa: E402
from interview_kit.store import Workspace  # noqa: E402

BUILD = 1  # bump when the generated workspace changes
ROUNDS, CANDIDATES, PANEL, QUESTIONS = 500, 20_000, 5, 12
BIG = (50, 100, 200, 400)
CACHE = Path(tempfile.gettempdir()) / f"interview-kit-bench-scale-b{BUILD}-s{store.SCHEMA_VERSION}"

FIRST = ("Amara", "José", "Wei", "Priya", "Marcus", "Zoë", "Layla", "Søren", "Nadia", "Chen", "Olu", "Ingrid",
         "Mateo", "Aiko", "Fatima", "Dmitri", "Grace", "Tomás", "Yusuf", "Hana")
LAST = ("Okafor", "Álvarez", "Chen 陈", "Natarajan", "O'Neill", "Ångström", "Haddad حداد", "Nielsen", "Kowalski",
        "Jing", "Adeyemi", "Berg", "García", "Tanaka", "Rahman", "Ivanov", "Kim", "Silva", "Demir", "Sato")
SKILLS = (("customer-service", "Customer service"), ("teamwork", "Teamwork"), ("adaptability", "Adaptability"),
          ("problem-solving", "Problem solving"))
QUESTION_TEXT = (
    "Tell me about a time a clinician was frustrated with a system you supported.",
    "Describe a go-live weekend when something broke. What did you do first?",
    "Tell me about a time you had to say no to a supervisor's request.",
    "Imagine the vendor slips the interface by a week before cut-over. What do you do?",
    "Tell me about a change you led that people resisted.",
    "Describe how you explained a downtime procedure to night-shift nurses.",
    "Tell me about a mistake you made in a build and how you found it.",
    "How do you decide which of three urgent tickets to take first?",
    "Tell me about a time you worked with a difficult colleague on a deadline.",
    "Describe a root cause you found that others had missed.",
    "Tell me about feedback you received that changed how you work.",
    "Imagine a surgeon asks you to bypass a safety alert. What do you say?",
)
NOTE_WORDS = ("calm", "specific", "escalated", "printer", "pharmacy", "nurse", "vendor", "downtime", "ticket",
              "owned", "vague", "listened", "tip", "sheet", "pilot", "huddle", "label", "interface", "budget",
              "clear", "example", "measured", "result", "probed", "twice", "blamed", "fixed", "trained", "shift",
              "manager", "surgeon", "alert", "workaround", "documented", "follow-up", "empathy", "priorities")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _note(rng: random.Random) -> str:
    return " ".join(rng.choice(NOTE_WORDS) for _ in range(rng.randint(6, 12))).capitalize() + "."


def build(path: Path) -> dict:
    """Make the workspace; returns {"big": {size: round id}, "rater": panelist id} (also kept in its meta)."""
    rng = random.Random(20270901)
    sizes = list(BIG) + [0] * (ROUNDS - len(BIG))
    rest = CANDIDATES - sum(BIG)
    for i in range(len(BIG), ROUNDS):
        sizes[i] = rest // (ROUNDS - len(BIG)) + (1 if i - len(BIG) < rest % (ROUNDS - len(BIG)) else 0)
    ws = Workspace.open(path)
    pool = [ws.ensure_panelist(f"{_name(rng)} {i}") for i in range(40)]
    stamp = "2027-03-01T09:00:00.000000+00:00"
    big: dict[int, str] = {}
    t0 = time.perf_counter()
    for r, size in enumerate(sizes):
        with ws.transaction():
            rnd = ws.create_round(f"Service desk intake {2027 - r // 50}-{r:03d} ({size} candidates)",
                                  "service-desk-analyst", [RoleSkill(s, 1.0 + (i == 0), n) for i, (s, n) in
                                                           enumerate(SKILLS)])
            ws.set_guide(rnd.id, [GuideQuestion(f"q{j:02d}", rnd.id, j, SKILLS[j // 3][0],
                                                "situational" if "Imagine" in QUESTION_TEXT[j] else "behavioral",
                                                QUESTION_TEXT[j]) for j in range(QUESTIONS)])
            ws.lock_round(rnd.id)
            panel = rng.sample(pool, PANEL)
            ws.adopt_panelists(rnd.id, panel)
            cands = [Candidate(str(uuid.UUID(int=rng.getrandbits(128))), rnd.id, _name(rng), "", k)
                     for k in range(size)]
            ws.adopt_candidates(rnd.id, cands)
            scores, verdicts = [], []
            for c in cands:
                ability = rng.uniform(1.5, 4.8)
                for p in panel:
                    lean = (hash(p.id) % 3 - 1) * 0.4
                    ratings = [min(5, max(1, round(ability + lean + rng.gauss(0, 0.7)))) for _ in range(QUESTIONS)]
                    scores += [(c.id, p.id, f"q{j:02d}", ratings[j], _note(rng), stamp) for j in range(QUESTIONS)]
                    mean = sum(ratings) / QUESTIONS
                    rec = "strong_yes" if mean >= 4.2 else "yes" if mean >= 3 else "no" if mean >= 2 else "strong_no"
                    verdicts.append((c.id, p.id, rec, "Paper scorecard, entered complete.", stamp, None, None, stamp))
            ws.write_score_rows(scores)
            ws.write_verdict_rows(verdicts)  # submitted_at set: these scorecards count in every result
        if size in BIG and size not in big:
            big[size] = rnd.id
        if r % 50 == 49:
            print(f"  built {r + 1} rounds ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    rater = ws.ensure_panelist("Bench Rater")
    # This copy's user is a lead who is not on the big rounds' panels: the panel view and reports show them every
    # submitted scorecard (a nameless copy would see none, and the figures would flatter us).
    ws.set_meta("me", rater.id)
    info = {"big": big, "rater": rater.id, "pool": [p.id for p in pool]}
    ws.set_meta("bench_scale", json.dumps(info))
    ws.close()
    return info


def workspace() -> tuple[Path, dict]:
    path = CACHE / "large.ikdb"
    if path.exists():
        with Workspace.open(path) as ws:
            info = ws.meta("bench_scale")
        if info:
            return path, json.loads(info)
        for f in CACHE.glob("large.ikdb*"):
            f.unlink()
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"building the large workspace in {CACHE} (once)…", file=sys.stderr)
    t0 = time.perf_counter()
    info = build(path)
    print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return path, info


# ------------------------------------------------------------------------------------------------- figures

FIGURES: list[dict] = []


BEST: dict[str, float] = {}  # the fastest sample of the last median_ms call, reported beside the median


def figure(name: str, value: float, unit: str, baseline: float, goal: float, what: str,
           best: float | None = None) -> None:
    """``goal`` bounds ``value / baseline`` (a goal in ms is a baseline of that many ms and a goal of 1)."""
    ratio = value / baseline if baseline else float("inf")
    share = ratio / goal
    FIGURES.append({"name": name, "value": round(value, 3), "unit": unit, "baseline": round(baseline, 3),
                    "ratio": round(ratio, 3), "goal": goal, "ok": share <= 1, "what": what})
    if best is not None:
        FIGURES[-1]["best"] = round(best, 3)
    print(json.dumps(FIGURES[-1], ensure_ascii=False), flush=True)


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    BEST["last"] = min(times) * 1000
    return statistics.median(times) * 1000


def in_process(path: Path, info: dict) -> None:
    from PySide6.QtWidgets import QApplication

    from interview_kit import independence
    from interview_kit.reports import data
    from interview_kit.ui.context import AppContext
    from interview_kit.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    ws = Workspace.open(path)
    big = {int(k): v for k, v in info["big"].items()}

    # report --json, in process (gather + document + serialise), 200 and 400 candidates.
    def report(rid: str) -> str:
        return json.dumps(data.report_json(data.gather(ws, rid, viewer=independence.LEAD, include_withdrawn=True)), ensure_ascii=False,
                          indent=2)

    def report_parts(rid: str, runs: int = 5) -> dict[str, float]:
        """The median of each step of :func:`report`, timed apart."""
        steps: dict[str, list[float]] = {"gather": [], "document": [], "serialise": []}
        for _ in range(runs):
            t0 = time.perf_counter()
            d = data.gather(ws, rid, viewer=independence.LEAD, include_withdrawn=True)
            t1 = time.perf_counter()
            doc = data.report_json(d)
            t2 = time.perf_counter()
            json.dumps(doc, ensure_ascii=False, indent=2)
            t3 = time.perf_counter()
            for name, ms in zip(steps, ((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000)):
                steps[name].append(ms)
        return {name: statistics.median(ms) for name, ms in steps.items()}

    report(big[200])  # warm the page cache
    t200, t400 = [], []
    for _ in range(7):  # alternated, so that the machine's load falls on both sizes alike
        for rid, out in ((big[200], t200), (big[400], t400)):
            t0 = time.perf_counter()
            report(rid)
            out.append((time.perf_counter() - t0) * 1000)
    r200, r400 = statistics.median(t200), statistics.median(t400)
    figure("report_json_400_ms", r400, "ms", 1000, 1, "report --json on 400 candidates vs the 1 s goal", min(t400))
    figure("report_json_400_vs_200", r400, "ms", r200, 2.3, "report --json: 400 candidates vs 200 (near-linear)")
    size_kb = len(report(big[200]).encode()) / 1024
    print(f"  report --json on 200 candidates: {size_kb:.0f} KB", file=sys.stderr)
    for size in (200, 400):  # where the time goes (stderr only: the figures above are the whole report)
        parts = report_parts(big[size])
        print(f"  report --json on {size} candidates: " + ", ".join(f"{k} {v:.0f} ms" for k, v in parts.items()),
              file=sys.stderr)

    # search: a word in 1.2M notes, as a panelist on some of the rounds.
    viewer = info["pool"][0]
    words = ("printer", "surgeon", "workaround", "pharmacy nurse", "Okafor", "downtime procedure")
    for w in words:
        ws.search(w, viewer=viewer)
    search_ms = statistics.median(median_ms(lambda w=w: ws.search(w, viewer=viewer), 5) for w in words)
    figure("search_ms", search_ms, "ms", 50, 1, f"search (median over {len(words)} queries, ≤50 hits of each kind) "
           "vs the 50 ms goal")
    fts = ws.conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%\\_fts%' ESCAPE '\\'").fetchone()[0]
    total = ws.conn.execute("SELECT sum(pgsize) FROM dbstat").fetchone()[0]
    print(f"  search index on disk: {fts / 2**20:.0f} MB of {total / 2**20:.0f} MB "
          f"({fts / total:.0%} of the workspace)", file=sys.stderr)

    # The main window over the large workspace, the 200-candidate round selected.
    ctx = AppContext(ws)
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    app.processEvents()

    def rounds_list() -> None:
        window.rounds_model.reload()
        window.rounds.viewport().repaint()
        app.processEvents()

    rounds_list()
    figure("rounds_list_ms", median_ms(rounds_list, 9), "ms", 50, 1,
           "rounds list reloaded and painted, 500 rounds, vs the 50 ms goal", BEST["last"])

    window.select_round(big[200])
    app.processEvents()
    cands = ws.candidates(big[200])
    guide = ws.guide(big[200])
    rater = info["rater"]
    counter = iter(range(10**9))

    def rate() -> None:
        i = next(counter)
        cand = cands[i % len(cands)]
        ws.set_score(cand.id, rater, guide[i % len(guide)].id, i % 5 + 1, f"bench rating {i}")
        ctx.scores_changed.emit(cand.id)
        app.processEvents()

    for _ in range(5):
        rate()

    def show_panel() -> None:
        window.show_view("panel")
        app.processEvents()  # lays out and paints the window with the panel view in it

    # Panel view shown for the 200-candidate round, after it last showed another round (so it gathers).
    shown = []
    for _ in range(7):
        window.select_round(big[50])
        window.show_view("panel")
        window.show_view("rounds")
        window.select_round(big[200])
        app.processEvents()
        t0 = time.perf_counter()
        show_panel()
        shown.append((time.perf_counter() - t0) * 1000)
    figure("panel_shown_200_ms", statistics.median(shown), "ms", 150, 1,
           "panel view shown (gathered and painted) for 200 candidates vs the 150 ms goal", min(shown))
    me = independence.viewer(ws, big[200])
    gathered = median_ms(lambda: data.gather(ws, big[200], viewer=me), 7)
    print(f"  panel view on 200 candidates: the gather alone {gathered:.0f} ms of the {statistics.median(shown):.0f} "
          "ms shown (the rest: models, layout, paint)", file=sys.stderr)
    # Ratings with the panel view never opened, and once it has been opened on that round (the rater is back on
    # the rounds/interview side), in alternating blocks so that the machine's load falls on both alike.
    def samples(n: int) -> list[float]:
        out = []
        for _ in range(n):
            t0 = time.perf_counter()
            rate()
            out.append((time.perf_counter() - t0) * 1000)
        return out

    closed, opened = [], []
    for _ in range(4):
        panel = window._panel  # back to "never opened": the view is built on first use
        if panel is not None:
            window.stack.removeWidget(panel)
            panel.deleteLater()
            window._panel = None
        window.show_view("rounds")
        app.processEvents()
        closed += samples(15)
        window.show_view("panel")
        app.processEvents()
        window.show_view("rounds")
        app.processEvents()
        opened += samples(15)
    closed, opened = statistics.median(closed), statistics.median(opened)
    figure("rating_panel_open_vs_closed", opened, "ms", closed, 1.5,
           "one rating with the panel view opened on the 200-candidate round vs never opened")
    window.close()
    ctx.close()


def _max_rss_child(code: str, *args: str) -> float:
    """Peak resident memory (MB) of a child process running ``code``: its VmHWM, the high-water mark of its own
    memory. Not getrusage's ru_maxrss: a child started from this (by then large) process counts the parent's
    resident memory from before its exec, which made both children read the parent's size."""
    runner = code + ("\nprint('VMHWM', next(ln for ln in open('/proc/self/status') if ln.startswith('VmHWM'))"
                     ".split()[1])\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-c", runner, *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {proc.stderr.strip()[-800:]}")
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("VMHWM"))
    return int(line.split()[1]) / 1024  # VmHWM is in kB


PDF_CHILD = """
import sys
from interview_kit.cli import main
assert main(["--db", sys.argv[1], "report", sys.argv[2], "--pdf", sys.argv[3]]) == 0
"""

BARE_PDF_CHILD = """
import io, sys
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
styles = getSampleStyleSheet()
story = []
for i in range(int(sys.argv[1])):
    story += [Paragraph(f"Page {i} " + "Plain text of a bare document. " * 60, styles["Normal"]), PageBreak()]
SimpleDocTemplate(io.BytesIO()).build(story)
"""


def subprocesses(path: Path, info: dict) -> None:
    import pypdf
    import startup

    # First paint: large workspace vs demo workspace vs a bare window, alternated, startup.RUNS runs each (the real
    # entry point and the bare window, timed as bench/startup.py times them).
    with tempfile.TemporaryDirectory() as tmp:
        demo_db = Path(tmp) / "demo.ikdb"
        env = startup.child_env(Path(tmp))
        subprocess.run([sys.executable, "-m", "interview_kit.cli", "--db", str(demo_db), "demo"], env=env,
                       check=True, capture_output=True)
        bare_ms, demo_ms, large_ms = (t * 1000 for t in startup.alternate(
            [("bare window", startup.BARE_COMMAND, env), ("demo workspace", startup.app_command(demo_db), env),
             ("500-round workspace", startup.app_command(path), env)], startup.RUNS))
        figure("first_paint_large_vs_demo", large_ms, "ms", demo_ms, 1.2,
               "first paint on the 500-round workspace vs on the demo workspace")
        figure("first_paint_demo_vs_bare", demo_ms, "ms", bare_ms, 1.8,
               "first paint on the demo vs a bare PySide6 window")

        # report --pdf peak memory on 200 candidates vs a bare reportlab document of the same pages.
        out = Path(tmp) / "round.pdf"
        big = {int(k): v for k, v in info["big"].items()}
        ours = _max_rss_child(PDF_CHILD, str(path), big[200], str(out))
        pages = len(pypdf.PdfReader(out).pages)
        bare_mb = _max_rss_child(BARE_PDF_CHILD, str(pages))
        figure("pdf_200_peak_mb", ours, "MB", bare_mb, 2.0,
               f"report --pdf peak memory, 200 candidates ({pages} pages) vs a bare reportlab document")


def main() -> None:
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs",
          file=sys.stderr)
    path, info = workspace()
    mb = path.stat().st_size / 2**20
    print(f"workspace {path} ({mb:.0f} MB): {ROUNDS} rounds, {CANDIDATES} candidates, "
          f"{CANDIDATES * PANEL * QUESTIONS:,} scores", file=sys.stderr)
    in_process(path, info)
    subprocesses(path, info)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", file=sys.stderr)
    worst = max(FIGURES, key=lambda f: f["ratio"] / f["goal"])
    share = worst["ratio"] / worst["goal"]
    print(json.dumps({"name": "scale_worst_share_of_goal", "value": round(share, 3), "unit": "× goal",
                      "baseline": 1.0, "ratio": round(share, 3), "worst": worst["name"],
                      "met": sum(f["ok"] for f in FIGURES), "figures": len(FIGURES)}))


if __name__ == "__main__":
    main()
