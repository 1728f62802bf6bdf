"""What an installed app needs whatever way it was installed: its package data, a clear stop when that data
is missing, file arguments from a file manager, output any console can take, and no crash without a console."""

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from interview_kit import banks, cli, package_data

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def python(*args, env=None, **kw):
    full = dict(os.environ, PYTHONPATH=str(ROOT / "src"), **(env or {}))
    kw.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([sys.executable, *args], env=full, stderr=subprocess.PIPE, **kw)


@pytest.fixture
def no_bundled_banks(tmp_path, monkeypatch):
    empty = tmp_path / "question_banks"
    (empty / "skills").mkdir(parents=True)
    monkeypatch.setattr(banks, "bundled_banks_dir", lambda: empty)
    return empty


@pytest.mark.parametrize("argv", [("banks", "list", "--json"), ("banks", "roles"), ("demo",),
                                  ("banks", "validate"), ("round", "new", "--title", "T", "--role", "x")])
def test_missing_bundled_banks_stop_every_bank_command_with_one_line(no_bundled_banks, capsys, tmp_path, argv):
    code, out, err = run(capsys, "--db", str(tmp_path / "w.ikdb"), *argv)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "question banks are missing" in err


def test_the_package_carries_its_notices_licences_and_icons():
    pkg = resources.files("interview_kit")
    notices = (pkg / "licenses" / "THIRD-PARTY-NOTICES.md").read_text("utf-8")
    for name in ("PySide6", "LGPL", "python-bidi", "reportlab", "sqlite-utils", "cryptography", "platformdirs",
                 "DejaVu", "Open Font License"):
        assert name in notices, name
    assert (pkg / "licenses" / "LGPL-3.0.txt").is_file() and (pkg / "licenses" / "GPL-3.0.txt").is_file()
    assert package_data.icon_files()[0].name.endswith("-16.png")
    assert "Apache License" in (ROOT / "LICENSE").read_text("utf-8")


def test_python_dash_m_runs_the_command_line():
    proc = python("-m", "interview_kit", "--version", text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("interview-kit ")


@pytest.mark.parametrize("argv, files, rest", [
    (["kit.ikit"], ["kit.ikit"], []),
    (["Round kit — Müller.IKIT", "b.ikit"], ["Round kit — Müller.IKIT", "b.ikit"], []),
    (["--db", "w.ikdb", "scores.ikit"], ["scores.ikit"], ["--db", "w.ikdb"]),
    (["other.ikdb"], ["other.ikdb"], []),
    (["--db", "w.ikdb", "demo"], [], ["--db", "w.ikdb", "demo"]),
    (["packet", "import", "a.ikit"], [], ["packet", "import", "a.ikit"]),
    (["--screenshot", "x.png", "--view", "panel"], [], ["--screenshot", "x.png", "--view", "panel"]),
])
def test_files_from_a_file_manager_are_told_apart_from_subcommands(argv, files, rest):
    assert cli._split_open_files(argv) == (rest if files else argv, files)


def test_a_file_to_open_with_a_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["kit.ikit", "demo"])
    assert e.value.code == 2


@pytest.fixture
def cjk_round(tmp_path, capsys):
    db = tmp_path / "w.ikdb"
    assert run(capsys, "--db", str(db), "demo")[0] == 0
    _, out, _ = run(capsys, "--db", str(db), "round", "list", "--json")
    rnd = next(r for r in json.loads(out) if r["locked"])
    csv = tmp_path / "c.csv"
    csv.write_text("name,email\n王小明,xm@example.cn\nمحمد <b>&</b> O'Brien,\n", "utf-8")
    assert run(capsys, "--db", str(db), "candidates", "import", rnd["id"], str(csv))[0] == 0
    return db, rnd["id"]


def test_report_json_is_utf8_even_when_stdout_is_a_windows_code_page(cjk_round, tmp_path):
    db, rid = cjk_round
    target = tmp_path / "report.json"
    with open(target, "wb") as out:
        proc = python("-m", "interview_kit", "--db", str(db), "report", rid, "--json", stdout=out,
                      env={"PYTHONIOENCODING": "cp1252", "INTERVIEW_KIT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr.decode()
    names = [c["name"] for c in json.loads(target.read_bytes().decode("utf-8"))["candidates"]]
    assert "王小明" in names and "محمد <b>&</b> O'Brien" in names


def test_text_output_never_crashes_on_a_console_that_cannot_show_a_name(cjk_round, tmp_path):
    db, rid = cjk_round
    proc = python("-m", "interview_kit", "--db", str(db), "round", "show", rid,
                  env={"PYTHONIOENCODING": "cp1252", "INTERVIEW_KIT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr and b"\\u738b" in proc.stdout  # 王, escaped rather than a crash


def test_a_windowed_process_without_stderr_logs_errors_instead_of_crashing(tmp_path):
    code = ("import sys; sys.stdout = None; sys.stderr = None\n"
            "from interview_kit.cli import main\n"
            "code = main(['--db', sys.argv[1], 'round', 'show', 'Nurse <b>informatics</b> & co'])\n"
            "sys.exit(10 + code)")
    proc = python("-c", code, str(tmp_path / "w.ikdb"), env={"INTERVIEW_KIT_DATA_DIR": str(tmp_path)}, text=True)
    assert proc.returncode == 11, proc.stderr
    log = (tmp_path / "logs" / "interview-kit.log").read_text("utf-8")
    assert "no round called 'Nurse <b>informatics</b> & co'" in log


def test_missing_xcb_cursor_is_said_in_one_line_before_qt_loads(monkeypatch, capsys):
    import ctypes

    from interview_kit import qt_libs

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(sys, "platform", "linux")

    def no_library(name, *a, **k):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    assert qt_libs.missing_xcb_message() == qt_libs.MESSAGE
    code, _, err = run(capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "libxcb-cursor0" in err


def test_xcb_cursor_check_stays_quiet_on_wayland_and_offscreen(monkeypatch):
    from interview_kit import qt_libs

    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert qt_libs.missing_xcb_message() is None
    monkeypatch.delenv("WAYLAND_DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert qt_libs.missing_xcb_message() is None


def test_the_log_rotates_and_keeps_three_old_files(isolated_data_dir, monkeypatch):
    from interview_kit import logs

    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup()
    try:
        assert path == isolated_data_dir / "logs" / "interview-kit.log"
        for i in range(200):
            logs.log.info("imported packet %d from Zoë Ó Briain & <b>李娜</b>", i)
        names = sorted(p.name for p in path.parent.iterdir())
        assert names == ["interview-kit.log", "interview-kit.log.1", "interview-kit.log.2", "interview-kit.log.3"]
        assert "李娜" in path.read_text("utf-8")
    finally:
        for h in [h for h in logs.log.handlers if isinstance(h, logs.RotatingLog)]:
            logs.log.removeHandler(h)
            h.close()
