"""The command line contract: names, JSON shapes, exit codes and one-line errors."""

import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest

from interview_kit.cli import main
from interview_kit.demo import DEMO_TITLE, IN_PROGRESS_TITLE
from interview_kit.store import Workspace


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path, capsys):
    db = tmp_path / "demo.ikdb"
    code, out, err = run(capsys, "--db", str(db), "demo")
    assert code == 0, err
    return db


def test_demo_writes_a_locked_round_with_three_scored_candidates(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "round", "list", "--json")
    assert code == 0
    [rnd] = [r for r in json.loads(out) if r["title"] == DEMO_TITLE]
    assert rnd["locked"] is True and rnd["candidates"] == 3 and rnd["role"] == "ehr-implementation-analyst"
    with Workspace.open(demo_db) as ws:
        guide = ws.guide(rnd["id"])
        skills = {q.skill for q in guide}
        assert 4 <= len(skills) <= 5
        assert all(2 <= sum(q.skill == s for q in guide) <= 3 for s in skills)
        panel = ws.panel(rnd["id"])
        assert len(panel) == 3
        scores = ws.scores(round_id=rnd["id"])
        assert len(scores) == 3 * 3 * len(guide)
        assert all(s.note for s in scores)
        assert all(v.submitted_at for v in ws.verdicts(round_id=rnd["id"]))


def test_demo_panel_has_a_real_disagreement(demo_db):
    with Workspace.open(demo_db) as ws:
        rnd = ws.find_round(DEMO_TITLE)
        by_key = {}
        for s in ws.scores(round_id=rnd.id):
            by_key.setdefault((s.candidate_id, s.question_id), []).append(s.rating)
        assert any(max(r) - min(r) >= 2 for r in by_key.values())
        verdicts = {}
        for v in ws.verdicts(round_id=rnd.id):
            verdicts.setdefault(v.candidate_id, set()).add(v.recommendation)
        assert any({"yes", "strong_yes"} & vs and {"no", "strong_no"} & vs for vs in verdicts.values())


def test_demo_twice_does_not_duplicate_the_round(demo_db, capsys):
    assert run(capsys, "--db", str(demo_db), "demo")[0] == 0
    code, out, _ = run(capsys, "--db", str(demo_db), "round", "list", "--json")
    assert [r["title"] for r in json.loads(out)] == [DEMO_TITLE, IN_PROGRESS_TITLE]


def test_demo_has_an_interview_in_progress_for_the_interview_mode(demo_db):
    with Workspace.open(demo_db) as ws:
        rnd = ws.find_round(IN_PROGRESS_TITLE)
        me = ws.me()
        first = ws.candidates(rnd.id)[0]
        done = ws.scores(candidate_id=first.id, panelist_id=me.id)
        assert 0 < len(done) < len(ws.guide(rnd.id))
        assert not ws.is_submitted(first.id, me.id)


def test_global_options_work_after_the_subcommand(demo_db, capsys):
    code, out, _ = run(capsys, "round", "list", "--json", "--db", str(demo_db))
    assert code == 0 and len(json.loads(out)) == 2


def test_round_show_json_has_the_contract_keys(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "round", "show", DEMO_TITLE, "--json")
    assert code == 0
    data = json.loads(out)
    assert {"id", "title", "role", "locked", "questions", "candidates", "panelists"} <= set(data)
    assert {"id", "skill", "kind", "text"} <= set(data["questions"][0])
    assert [c["name"] for c in data["candidates"]] == ["Jordan Ellis", "Priya Natarajan", "Marcus O'Neill"]
    assert all({"id", "name"} <= set(p) for p in data["panelists"])


def test_unknown_round_is_one_line_on_stderr_and_exit_1(tmp_path, capsys):
    code, out, err = run(capsys, "--db", str(tmp_path / "w.ikdb"), "round", "show", "No such round")
    assert code == 1
    assert err.count("\n") == 1 and "no round called 'No such round'" in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["round", "frobnicate"])
    assert exc.value.code == 2


@pytest.mark.parametrize(
    "make_target, message",
    [
        (lambda d: d, "is a folder"),
        (lambda d: (d / "notes.txt").write_text("hello") and d / "notes.txt", "not a SQLite database"),
    ],
)
def test_refused_workspace_is_one_line_exit_1_and_unchanged(tmp_path, capsys, make_target, message):
    target = make_target(tmp_path)
    before = hashlib.sha256(target.read_bytes()).hexdigest() if target.is_file() else None
    code, out, err = run(capsys, "--db", str(target), "round", "list")
    assert code == 1 and message in err and err.count("\n") == 1
    if before:
        assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_user_errors_print_no_traceback_from_the_console_script(tmp_path):
    text = tmp_path / "scores.txt"
    text.write_text("not a workspace")
    proc = subprocess.run(
        [sys.executable, "-m", "interview_kit.cli", "--db", str(text), "round", "list"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.strip().count("\n") == 0


def test_screenshot_renders_a_1280x800_png(demo_db, tmp_path, capsys, qapp):
    from PySide6.QtGui import QImage

    png = tmp_path / "main.png"
    code, _, err = run(capsys, "--db", str(demo_db), "--screenshot", str(png))
    assert code == 0, err
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1280, 800)


def test_demo_workspace_passes_integrity_check_in_wal_mode(demo_db):
    conn = sqlite3.connect(demo_db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# ------------------------------------------------------------------------------------------- rounds & CSV


def test_round_new_prints_the_id_and_draws_per_the_role(tmp_path, capsys):
    db = str(tmp_path / "w.ikdb")
    code, out, err = run(capsys, "--db", db, "round", "new", "--title", "Service desk — Q3",
                         "--role", "service-desk-analyst", "--seed", "42", "--lock")
    assert code == 0, err
    rid = out.strip()
    code, out, _ = run(capsys, "--db", db, "round", "show", rid, "--json")
    data = json.loads(out)
    assert data["locked"] is True and data["id"] == rid and len(data["questions"]) >= 4


def test_round_new_with_unknown_role_lists_the_known_ones(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "w.ikdb"), "round", "new", "--title", "X", "--role", "wizard")
    assert code == 1 and "no role template 'wizard'" in err and "service-desk-analyst" in err


def test_candidates_import_adds_names_in_file_order(demo_db, tmp_path, capsys):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text('name,email\nZoë Brooks,zoe@example.org\n"Lee, Aaron",\n李明,\n', encoding="utf-8")
    code, out, err = run(capsys, "--db", str(demo_db), "candidates", "import",
                         DEMO_TITLE, str(csv_file))
    assert code == 0, err
    with Workspace.open(demo_db) as ws:
        rnd = ws.find_round(DEMO_TITLE)
        assert [c.name for c in ws.candidates(rnd.id)][-3:] == ["Zoë Brooks", "Lee, Aaron", "李明"]


def test_candidates_import_with_an_empty_name_imports_nothing(demo_db, tmp_path, capsys):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("name\nZoë Brooks\n,nobody@example.org\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(demo_db), "candidates", "import",
                       DEMO_TITLE, str(csv_file))
    assert code == 1 and "line 3" in err
    with Workspace.open(demo_db) as ws:
        assert len(ws.candidates(ws.find_round(DEMO_TITLE).id)) == 3


def _first_question_ids(db, n=2):
    with Workspace.open(db) as ws:
        return [q.id for q in ws.guide(ws.find_round(DEMO_TITLE).id)][:n]


def test_scores_import_writes_the_paper_scores_and_joins_the_panel(demo_db, tmp_path, capsys):
    q1, q2 = _first_question_ids(demo_db)
    csv_file = tmp_path / "paper.csv"
    csv_file.write_text(
        f"candidate,question_id,rating,note\nJordan Ellis,{q1},4,\"Clear example, with \"\"numbers\"\"\"\n"
        f"Jordan Ellis,{q2},NA,ran out of time\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(demo_db), "scores", "import", DEMO_TITLE,
                         str(csv_file), "--panelist", "Grace Kim")
    assert code == 0, err
    with Workspace.open(demo_db) as ws:
        rnd = ws.find_round(DEMO_TITLE)
        grace = ws.panelist_by_name("Grace Kim")
        assert grace in ws.panel(rnd.id)
        scores = {s.question_id: (s.rating, s.note) for s in ws.scores(panelist_id=grace.id)}
        assert scores == {q1: (4, 'Clear example, with "numbers"'), q2: (None, "ran out of time")}


def test_scores_import_names_every_bad_row_and_writes_nothing(demo_db, tmp_path, capsys):
    q1, _ = _first_question_ids(demo_db)
    csv_file = tmp_path / "paper.csv"
    csv_file.write_text(
        f"candidate,question_id,rating,note\nJordan Ellis,{q1},4,ok\nNobody,{q1},3,\n"
        f"Jordan Ellis,not-a-question,3,\nPriya Natarajan,{q1},7,\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(demo_db), "scores", "import", DEMO_TITLE,
                       str(csv_file), "--panelist", "Grace Kim")
    assert code == 1
    assert "line 3" in err and "line 4" in err and "line 5" in err and "'7'" in err
    with Workspace.open(demo_db) as ws:
        assert ws.panelist_by_name("Grace Kim") is None


def test_foreign_and_newer_workspaces_are_refused_by_the_cli_and_left_unchanged(tmp_path, capsys):
    from interview_kit import store

    foreign = tmp_path / "crm.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.ikdb"
    Workspace.open(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    for path, message in ((foreign, "another program"), (newer, "newer interview-kit")):
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        code, _, err = run(capsys, "--db", str(path), "round", "list")
        assert code == 1 and message in err and err.count("\n") == 1
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_every_command_is_documented_in_the_readme():
    """A documentation contract: each subcommand the parser knows appears in the README's command table."""
    import argparse
    from pathlib import Path

    from interview_kit.cli import build_parser

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

    def commands(parser, prefix=""):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    full = f"{prefix} {name}".strip()
                    nested = list(commands(sub, full))
                    yield from nested or [full]

    found = list(commands(build_parser()))
    assert len(found) >= 10
    missing = [c for c in found if f"interview-kit {c}" not in readme]
    assert not missing, f"commands missing from README: {missing}"


def test_a_full_disk_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    from interview_kit import store

    db = tmp_path / "w.ikdb"
    Workspace.open(db).close()

    def full(self, *a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store.Workspace, "create_round", full)
    code, _, err = run(capsys, "--db", str(db), "round", "new", "--title", "X", "--role", "service-desk-analyst")
    assert code == 1 and "database or disk is full" in err and err.count("\n") == 1


@pytest.mark.parametrize("argv", [
    [],
    ["--db", "Zoë & 李娜.ikdb"],
    ["--banks", "ours", "--db", "panel.ikdb", "--banks", "theirs"],
    ["--screenshot", "shot.png", "--view", "panel", "--db=w.ikdb"],
])
def test_the_app_start_reads_its_options_as_the_whole_command_line_does(argv):
    from interview_kit import cli

    _, quick = cli._parse(list(argv))
    assert vars(quick) == vars(cli.build_parser().parse_args(list(argv)))


@pytest.mark.parametrize("argv", [["--view", "bogus"], ["--db"], ["--colour"]])
def test_a_bad_option_at_the_app_start_is_explained_by_the_whole_command_line(argv, capsys):
    from interview_kit import cli

    with pytest.raises(SystemExit) as raised:
        cli._parse(list(argv))
    said = capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(list(argv))
    assert raised.value.code == 2 and said == capsys.readouterr().err
