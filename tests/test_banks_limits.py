"""A bank file that is too big, too deeply nested or holds an unreadable value is one finding, never a crash,
and everything else still loads: the app, ``demo`` and ``banks list`` keep working."""

from __future__ import annotations

import json

import pytest

from interview_kit.banks import load_library, validate_paths
from interview_kit.banks.load import MAX_FILE_BYTES
from interview_kit.cli import main

from bank_files import isolated_banks, question_toml, rules, skill_toml, write  # noqa: F401

DEEP_ARRAY = "x = " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.fixture
def user_banks(isolated_banks, tmp_path):
    path = tmp_path / "userdata" / "banks"
    path.mkdir()
    write(path / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    return path


def test_a_5000_deep_array_is_a_too_deep_finding_and_the_other_files_load(user_banks):
    write(user_banks / "deep.toml", 'id = "deep"\nname = "Deep"\n' + DEEP_ARRAY)
    library = load_library()
    assert list(library.skills) == ["teamwork"]
    (finding,) = library.findings
    assert (finding.rule, finding.severity) == ("too-deep", "error")
    assert finding.path.endswith("deep.toml") and "skipped" in finding.message


def test_a_5000_deep_inline_table_is_a_too_deep_finding(user_banks):
    write(user_banks / "deep.toml", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")
    assert rules(load_library().findings) == ["too-deep"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(user_banks):
    big = user_banks / "big.toml"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no bytes to parse, only a size
    (finding,) = load_library().findings
    assert finding.rule == "file-too-big" and "MiB" in finding.message


def test_an_integer_of_5000_digits_is_a_bad_value_finding(user_banks):
    write(user_banks / "digits.toml", 'id = "digits"\nname = "Digits"\nn = ' + "7" * 5000 + "\n")
    (finding,) = load_library().findings
    assert finding.rule == "bad-value"


def test_validate_names_the_deep_file_with_one_error(isolated_banks, tmp_path):
    deep = write(tmp_path / "deep.toml", DEEP_ARRAY)
    assert [(f.rule, f.severity) for f in validate_paths([deep])] == [("too-deep", "error")]


def test_banks_list_works_with_a_deep_file_in_the_user_banks_folder(user_banks, capsys):
    write(user_banks / "deep.toml", DEEP_ARRAY)
    assert main(["banks", "list", "--json"]) == 0
    out, err = capsys.readouterr()
    assert [s["id"] for s in json.loads(out)] == ["teamwork"]
    assert "too-deep" in err and "Traceback" not in err


def test_banks_validate_of_a_deep_file_exits_1_with_one_line_per_finding(isolated_banks, tmp_path, capsys):
    deep = write(tmp_path / "deep.toml", DEEP_ARRAY)
    assert main(["banks", "validate", str(deep)]) == 1
    out, err = capsys.readouterr()
    assert out.count("too-deep") == 1 and "Traceback" not in out + err


def test_demo_works_on_the_bundled_banks_with_a_deep_file_in_the_user_banks_folder(
        isolated_data_dir, tmp_path, capsys):
    write(isolated_data_dir / "banks" / "deep.toml", DEEP_ARRAY)
    assert main(["--db", str(tmp_path / "demo.ikdb"), "demo"]) == 0
    assert "demo round" in capsys.readouterr().out
