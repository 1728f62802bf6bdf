"""Sample answers in bank files: read into Question.samples, checked one by one and as a set of three that
covers the scale; the bundled banks are held to the set rule as errors by validate and lint."""

from __future__ import annotations

import pytest

from interview_kit.banks import lint_paths, load_library, validate_paths
from interview_kit.model import Sample

from bank_files import (  # noqa: F401
    THREE_SAMPLES,
    isolated_banks,
    question_toml,
    rules,
    sample,
    skill_toml,
    spoken,
    write,
)

pytestmark = pytest.mark.usefixtures("isolated_banks")


def load(tmp_path, *samples, name="teamwork.toml"):
    folder = tmp_path / "extra"
    write(folder / name, skill_toml("teamwork", question_toml("teamwork-01", samples=samples)))
    return load_library(extra_dirs=[folder], include_user=False)


def sample_findings(library):
    return [(f.rule, f.severity, f.field) for f in library.findings]


def test_three_good_samples_load_in_file_order_with_level_answer_and_why(tmp_path):
    library = load(tmp_path, *THREE_SAMPLES)
    samples = library.question("teamwork-01").samples
    assert [s.level for s in samples] == [2, 3, 5]
    assert samples[0] == Sample(level=2, answer=spoken(100), why=THREE_SAMPLES[0]["why"])
    assert library.findings == ()


def test_samples_is_a_known_question_key(tmp_path):
    assert "unknown-field" not in rules(load(tmp_path, *THREE_SAMPLES).findings)


def test_a_question_without_samples_loads_quietly_in_a_user_bank(tmp_path):
    library = load(tmp_path)
    assert library.question("teamwork-01").samples == () and library.findings == ()


def test_two_samples_in_a_user_bank_is_a_warning_and_both_load(tmp_path):
    library = load(tmp_path, sample(2), sample(4))
    assert sample_findings(library) == [("sample-count", "warning", "samples")]
    assert len(library.question("teamwork-01").samples) == 2


def test_four_samples_is_a_warning(tmp_path):
    library = load(tmp_path, sample(1), sample(3), sample(4), sample(5))
    assert sample_findings(library) == [("sample-count", "warning", "samples")]


def test_three_samples_without_a_weak_one_is_a_levels_warning_naming_the_gap(tmp_path):
    library = load(tmp_path, sample(3), sample(4), sample(5))
    (finding,) = library.findings
    assert finding.rule == "sample-levels" and "none at 1 or 2" in finding.message


def test_levels_1_3_4_cover_the_scale(tmp_path):
    assert load(tmp_path, sample(1), sample(3), sample(4)).findings == ()


@pytest.mark.parametrize("level", [0, 6, "3", True, 2.5])
def test_a_level_outside_1_to_5_or_not_a_whole_number_is_an_error_and_that_sample_is_left_out(tmp_path, level):
    library = load(tmp_path, sample(2), {**sample(3), "level": level}, sample(5))
    assert ("bad-sample-level", "error", "sample 2") in sample_findings(library)
    assert [s.level for s in library.question("teamwork-01").samples] == [2, 5]


def test_a_sample_error_never_skips_its_question(tmp_path):
    library = load(tmp_path, sample(2), {"level": 3, "answer": spoken(90)}, sample(5))
    assert ("missing-field", "error", "sample 2") in sample_findings(library)
    assert library.question("teamwork-01") is not None


def test_an_empty_why_is_an_error(tmp_path):
    library = load(tmp_path, sample(2), sample(3, why="  "), sample(5))
    assert ("missing-field", "error", "sample 2") in sample_findings(library)


def test_an_answer_under_60_words_is_an_error(tmp_path):
    library = load(tmp_path, sample(2, words=59), sample(3), sample(5))
    assert sample_findings(library) == [("sample-length", "error", "sample 1")]


def test_an_answer_over_200_words_is_an_error(tmp_path):
    library = load(tmp_path, sample(2), sample(3, words=201), sample(5))
    assert sample_findings(library) == [("sample-length", "error", "sample 2")]


@pytest.mark.parametrize("words", [60, 79, 151, 200])
def test_an_answer_between_the_limits_but_outside_80_to_150_words_is_a_warning(tmp_path, words):
    library = load(tmp_path, sample(2), sample(3), sample(5, words=words))
    assert sample_findings(library) == [("sample-length", "warning", "sample 3")]


@pytest.mark.parametrize("words", [80, 150])
def test_answers_of_80_and_150_words_are_fine(tmp_path, words):
    assert load(tmp_path, sample(2, words=words), sample(3), sample(5)).findings == ()


def test_samples_that_are_not_tables_are_one_error(tmp_path):
    folder = tmp_path / "extra"
    write(folder / "t.toml", skill_toml("teamwork", question_toml("teamwork-01", extra='samples = "three"')))
    library = load_library(extra_dirs=[folder], include_user=False)
    assert sample_findings(library) == [("wrong-type", "error", "samples")]


def test_a_sample_finding_points_at_its_own_table_header(tmp_path):
    library = load(tmp_path, sample(2), sample(3, words=30), sample(5))
    (finding,) = library.findings
    lines = (tmp_path / "extra" / "teamwork.toml").read_text().splitlines()
    headers = [i + 1 for i, line in enumerate(lines) if line == "[[questions.samples]]"]
    assert finding.line == headers[1]


# ------------------------------------------------------------------------------------- bundled banks


def test_a_bundled_question_without_samples_is_an_error_in_validate_and_lint(isolated_banks):
    write(isolated_banks / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    for findings in (validate_paths(), lint_paths()):
        assert ("sample-count", "error") in [(f.rule, f.severity) for f in findings]


def test_loading_a_bundled_question_without_samples_reports_nothing_a_user_cannot_fix(isolated_banks):
    write(isolated_banks / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    assert load_library().findings == ()


def test_a_bundled_question_with_two_samples_is_an_error_in_validate(isolated_banks):
    write(isolated_banks / "skills" / "teamwork.toml",
          skill_toml("teamwork", question_toml("teamwork-01", samples=(sample(2), sample(4)))))
    assert [(f.rule, f.severity) for f in validate_paths()] == [("sample-count", "error")]


def test_a_bundled_question_with_three_samples_off_the_scale_is_an_error_in_validate(isolated_banks):
    write(isolated_banks / "skills" / "teamwork.toml",
          skill_toml("teamwork", question_toml("teamwork-01", samples=(sample(1), sample(2), sample(3)))))
    assert [(f.rule, f.severity) for f in validate_paths()] == [("sample-levels", "error")]


def test_a_bundled_question_with_a_good_set_passes_validate(isolated_banks):
    write(isolated_banks / "skills" / "teamwork.toml",
          skill_toml("teamwork", question_toml("teamwork-01", samples=THREE_SAMPLES)))
    assert validate_paths() == []
