"""Crash tests: a real child process killed with SIGKILL at random moments, while scoring (through the calls the
interview view makes, notes included) and while importing packets. After each kill the workspace opens,
``integrity_check`` is ok, every acknowledged edit is there, and no packet is half imported.

The child prints one line per call that returned; a line the parent has read is an acknowledged edit.
"""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from interview_kit import packets
from interview_kit.store import Workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = int(os.environ.get("IKIT_CRASH_KILLS", "8"))
QUESTIONS = [f"q{i}" for i in range(12)]

SCORER = textwrap.dedent("""
    import sys
    from interview_kit.store import Workspace
    ws = Workspace.open(sys.argv[1])
    cand, me, start = sys.argv[2], sys.argv[3], int(sys.argv[4])
    qs = [f"q{i}" for i in range(12)]
    print("ready", flush=True)
    i = start
    while True:
        q = qs[i % 12]
        step = i % 4
        if step == 0:   # a note typed before the rating (the notes box autosaves)
            ws.set_pending_note(cand, me, q, f"edit {i}: spoke to the charge nurse, «calm»")
        elif step == 1:  # the rating, with the note
            ws.set_score(cand, me, q, i % 5 + 1, f"edit {i}: spoke to the charge nurse, «calm»")
        elif step == 2:  # undo of that first rating: the note goes back to pending
            ws.clear_score(cand, me, q, keep_note=f"edit {i}: undone")
        else:            # rated again
            ws.set_score(cand, me, q, None, f"edit {i}: not asked")
        print(i, flush=True)
        i += 1
""")


def _scoring_workspace(path):
    from interview_kit.model import GuideQuestion, RoleSkill

    with Workspace.open(path) as ws:
        rnd = ws.create_round("Go-live support — crash", "go-live-support-trainer", [RoleSkill("adaptability")])
        ws.set_guide(rnd.id, [GuideQuestion(q, "", i, "adaptability", "behavioral", f"Question {q}")
                              for i, q in enumerate(QUESTIONS)])
        ws.lock_round(rnd.id)
        cand = ws.add_candidate(rnd.id, "Oluwaseun Adeyemi")
        me = ws.ensure_panelist("Sam Patel")
        return cand.id, me.id


def _expected(i):
    """What edit ``i`` leaves for its question: (rating or None, note, where) with where 'score'/'pending'/'none'."""
    step = i % 4
    if step == 0:
        return ("pending", f"edit {i}: spoke to the charge nurse, «calm»")
    if step == 1:
        return ("score", i % 5 + 1, f"edit {i}: spoke to the charge nurse, «calm»")
    if step == 2:
        return ("pending", f"edit {i}: undone")
    return ("score", None, f"edit {i}: not asked")


def _state(ws, cand, me, q):
    s = ws.score(cand, me, q)
    pending = ws.pending_notes(cand, me).get(q)
    return s, pending


def _matches(edit, s, pending):
    if edit[0] == "score":
        return s is not None and (s.rating, s.note) == edit[1:] and pending is None
    return s is None and pending == edit[1]


def test_killed_while_scoring_loses_no_acknowledged_edit(tmp_path):
    path = tmp_path / "scoring.ikdb"
    cand, me = _scoring_workspace(path)
    rng = random.Random(20261129)
    next_edit = 0
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", SCORER, str(path), cand, me, str(next_edit)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.05, 0.4)
        acked = next_edit - 1
        os.set_blocking(child.stdout.fileno(), False)
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if line.strip().isdigit():
                acked = int(line)
        child.send_signal(signal.SIGKILL)
        child.wait()
        os.set_blocking(child.stdout.fileno(), True)
        for line in child.stdout.read().split():  # written before the kill but not yet read: acknowledged too
            if line.isdigit():
                acked = int(line)
        child.stdout.close()
        with Workspace.open(path) as ws:
            assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            for q_index in range(12):
                last_acked = max((i for i in range(max(acked - 11, 0), acked + 1) if i % 12 == q_index),
                                 default=None)
                if last_acked is None:
                    continue
                s, pending = _state(ws, cand, me, f"q{q_index}")
                in_flight = acked + 1
                ok = _matches(_expected(last_acked), s, pending) or (
                    in_flight % 12 == q_index and _matches(_expected(in_flight), s, pending))
                assert ok, f"kill {kill}: edit {last_acked} on q{q_index} lost (score {s}, pending {pending!r})"
        next_edit = acked + 2  # the in-flight edit may or may not have landed; carry on after it
    assert next_edit > 2 * KILLS, "the children were killed before they acknowledged any edit"


IMPORTER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from interview_kit import packets
    from interview_kit.store import Workspace
    ws = Workspace.open(sys.argv[1])
    print("ready", flush=True)
    for name in sys.argv[2:]:
        packets.import_file(ws, Path(name))
        print(name, flush=True)
""")


@pytest.fixture(scope="module")
def panel_packets(tmp_path_factory, library):
    """A round kit and three panelists' score packets, exported from the demo."""
    from interview_kit import demo

    folder = tmp_path_factory.mktemp("packets")
    with Workspace.open(folder / "demo.ikdb") as ws:
        rnd = demo.build_demo(ws, library)
        kit = folder / "kit.ikit"
        packets.write(packets.export_kit(ws, rnd.id), kit)
        made = []
        for p in ws.panel(rnd.id):
            rows = len(ws.scores(round_id=rnd.id, panelist_id=p.id))
            if rows:
                f = folder / f"{p.id}.ikit"
                packets.write(packets.export_scores(ws, rnd.id, p.id), f)
                made.append((f, p.id, rows))
    return kit, made


def test_killed_while_importing_packets_leaves_each_packet_whole_or_absent(tmp_path, panel_packets):
    kit, made = panel_packets
    rng = random.Random(7)
    for kill in range(max(KILLS // 2, 3)):
        path = tmp_path / f"lead{kill}.ikdb"
        with Workspace.open(path) as ws:
            packets.import_file(ws, kit)
        child = subprocess.Popen([sys.executable, "-c", IMPORTER, str(path), *(str(f) for f, _, _ in made)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        acked = set(child.stdout.read().split())
        child.stdout.close()
        with Workspace.open(path) as ws:
            assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            for f, panelist_id, rows in made:
                here = len(ws.scores(panelist_id=panelist_id))
                assert here in (0, rows), f"kill {kill}: {f.name} half imported ({here} of {rows} rows)"
                if str(f) in acked:
                    assert here == rows, f"kill {kill}: acknowledged import of {f.name} lost"
