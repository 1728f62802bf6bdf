"""Question banks: loading in layers, structural validation, and the fairness lint.

Every test builds its own small banks in ``tmp_path``: the bundled folder is swapped for an empty one and the
user data directory points into ``tmp_path``, so nothing here depends on the bundled content or on a real
user's files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interview_kit import banks
from interview_kit.banks import (
    Finding,
    Library,
    lint_library,
    lint_paths,
    lint_question,
    load_library,
    role_summaries,
    skill_summaries,
    validate_paths,
)
from interview_kit.model import Anchor, Question

from bank_files import GOOD_ANCHORS, q, question_toml, roles_toml, rules, skill_toml, write

FIXTURES = Path(__file__).parent / "data" / "broken_banks"
REAL_BUNDLED_BANKS_DIR = banks.bundled_banks_dir


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """An empty bundled folder and a private user data dir, so no test sees real banks."""
    bundled = tmp_path / "bundled"
    (bundled / "skills").mkdir(parents=True)
    data = tmp_path / "userdata"
    data.mkdir()
    monkeypatch.setenv("INTERVIEW_KIT_DATA_DIR", str(data))
    monkeypatch.setattr(banks, "bundled_banks_dir", lambda: bundled)


@pytest.fixture
def bundled(tmp_path) -> Path:
    return tmp_path / "bundled"


@pytest.fixture
def user_banks(tmp_path) -> Path:
    path = tmp_path / "userdata" / "banks"
    path.mkdir()
    return path


@pytest.fixture
def extra(tmp_path) -> Path:
    path = tmp_path / "extra"
    path.mkdir()
    return path


def load_one(folder: Path, text: str, name: str = "skill.toml") -> Library:
    write(folder / name, text)
    return load_library(extra_dirs=[folder], include_user=False)


# ------------------------------------------------------------------------------------------- Finding


def test_finding_str_has_path_line_skill_question_field_message_and_rule():
    finding = Finding(path="banks/teamwork.toml", skill="teamwork", question="teamwork-02", field="kind",
                      line=14, rule="bad-kind", severity="error", message="kind 'story' is not allowed")
    expected = "banks/teamwork.toml:14: teamwork/teamwork-02: kind: kind 'story' is not allowed [bad-kind]"
    assert str(finding) == expected


def test_finding_str_omits_the_parts_that_are_none():
    finding = Finding(path="roles.toml", rule="toml-syntax", severity="error", message="bad syntax")
    assert str(finding) == "roles.toml: bad syntax [toml-syntax]"


# ------------------------------------------------------------------------------------------- loading


def test_valid_skill_file_loads_with_probes_sorted_anchors_roles_and_minutes(extra):
    anchors = {5: GOOD_ANCHORS[5], 1: GOOD_ANCHORS[1], 3: GOOD_ANCHORS[3]}
    write(extra / "roles.toml", roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1})))
    library = load_one(extra, skill_toml("teamwork", question_toml(
        "teamwork-01", anchors=anchors, extra='roles = ["service-desk-analyst"]\nminutes = 6')))

    question = library.question("teamwork-01")
    assert library.findings == ()
    assert question.skill == "teamwork"
    assert question.probes == ("What did you do first, and why?", "Who did you tell, and how?")
    assert [a.level for a in question.anchors] == [1, 3, 5]
    assert question.roles == ("service-desk-analyst",)
    assert question.minutes == 6


def test_skill_keeps_name_definition_and_why_it_matters(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01"),
                                         name="Teamwork and compatibility"))
    skill = library.skills["teamwork"]
    assert skill.name == "Teamwork and compatibility"
    assert skill.definition.startswith("Works with clinicians")
    assert skill.why_it_matters.startswith("An EHR go-live")


def test_library_helpers_find_questions_by_id_and_by_skill(extra):
    write(extra / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01"),
                                                         question_toml("teamwork-02")))
    write(extra / "skills" / "feedback.toml", skill_toml("feedback", question_toml("feedback-01")))
    library = load_library(extra_dirs=[extra], include_user=False)

    assert library.question("feedback-01").skill == "feedback"
    assert library.question("nope-01") is None
    assert [x.id for x in library.skill_questions("teamwork")] == ["teamwork-01", "teamwork-02"]
    assert library.skill_questions("unknown") == []
    assert [x.id for x in library.questions()] == ["feedback-01", "teamwork-01", "teamwork-02"]


def test_bundled_source_is_recorded_as_bundled_with_its_relative_path(bundled):
    write(bundled / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    library = load_library()
    assert library.skills["teamwork"].source == "bundled:skills/teamwork.toml"
    assert library.question("teamwork-01").source == "bundled:skills/teamwork.toml"


def test_user_file_source_is_recorded_as_its_path(user_banks):
    path = write(user_banks / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    library = load_library()
    assert library.skills["teamwork"].source == str(path)
    assert library.question("teamwork-01").source == str(path)


def test_user_bank_replaces_bundled_skill_with_the_same_id(bundled, user_banks):
    write(bundled / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01"),
                                                           question_toml("teamwork-02")))
    write(user_banks / "teamwork.toml",
          skill_toml("teamwork", question_toml("teamwork-11"), name="Our teamwork"))

    library = load_library()

    assert library.skills["teamwork"].name == "Our teamwork"
    assert [x.id for x in library.skill_questions("teamwork")] == ["teamwork-11"]
    assert library.question("teamwork-01") is None


def test_user_bank_adds_a_new_skill_beside_the_bundled_ones(bundled, user_banks):
    write(bundled / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(user_banks / "skills" / "sepsis-alerts.toml",
          skill_toml("sepsis-alerts", question_toml("sepsis-alerts-01")))

    library = load_library()

    assert list(library.skills) == ["teamwork", "sepsis-alerts"]


def test_extra_dir_loads_after_user_banks_and_wins(user_banks, extra):
    write(user_banks / "teamwork.toml",
          skill_toml("teamwork", question_toml("teamwork-01"), name="From user"))
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01"), name="From --banks"))
    assert load_library(extra_dirs=[extra]).skills["teamwork"].name == "From --banks"


def test_include_user_false_ignores_the_user_banks(user_banks):
    write(user_banks / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    assert load_library(include_user=False).skills == {}


def test_extra_dir_that_does_not_exist_is_reported(tmp_path):
    library = load_library(extra_dirs=[tmp_path / "no-such-banks"])
    assert [(f.rule, f.path) for f in library.findings] == [("not-found", str(tmp_path / "no-such-banks"))]


def test_missing_user_banks_folder_is_not_a_problem():
    library = load_library()
    assert library.skills == {} and library.findings == ()


def test_bad_user_file_is_reported_and_skipped_while_the_others_load(user_banks):
    write(user_banks / "broken.toml", 'id = "triage"\nname = "Triage\n')
    write(user_banks / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))

    library = load_library()

    assert list(library.skills) == ["teamwork"]
    assert [(Path(f.path).name, f.rule, f.severity) for f in library.findings] == [
        ("broken.toml", "toml-syntax", "error")]


def test_skill_file_with_toml_syntax_error_is_reported_with_its_line(extra):
    text = skill_toml("teamwork", question_toml("teamwork-01"))
    text = text.replace('kind = "behavioral"', "kind = behavioral")
    library = load_one(extra, text)
    (finding,) = library.findings
    assert finding.rule == "toml-syntax"
    assert finding.line == text.splitlines().index("kind = behavioral") + 1
    assert "(at line" not in finding.message and "skipped" in finding.message


def test_file_that_is_not_utf8_is_reported_as_unreadable(extra):
    (extra / "latin1.toml").write_bytes(skill_toml("teamwork", question_toml("teamwork-01")).replace(
        "Works with", "Travaille avec é").encode("latin-1"))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert rules(library.findings) == ["unreadable-file"]
    assert library.skills == {}


def test_file_saved_with_a_byte_order_mark_loads(extra):
    text = skill_toml("teamwork", question_toml("teamwork-01"))
    (extra / "bom.toml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert list(load_library(extra_dirs=[extra], include_user=False).skills) == ["teamwork"]


def test_skill_without_id_is_skipped_with_a_missing_field_error(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01"), omit=("id",)))
    assert library.skills == {}
    assert [(f.rule, f.field) for f in library.findings] == [("missing-field", "id")]


def test_skill_without_name_is_skipped_with_a_missing_field_error(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01"), omit=("name",)))
    assert library.skills == {}
    assert [(f.rule, f.field) for f in library.findings] == [("missing-field", "name")]


def test_skill_without_definition_is_an_error_but_its_questions_still_load(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01"), omit=("definition",)))
    assert [(f.rule, f.field, f.severity) for f in library.findings] == [
        ("missing-field", "definition", "error")]
    assert library.question("teamwork-01") is not None


def test_skill_without_questions_is_reported(extra):
    library = load_one(extra, skill_toml("teamwork"))
    assert [(f.rule, f.field) for f in library.findings] == [("missing-field", "questions")]


def test_skill_id_with_capitals_or_spaces_is_rejected(extra):
    library = load_one(extra, skill_toml("Team work", question_toml("teamwork-01")))
    assert rules(library.findings) == ["bad-id"]
    assert library.findings[0].line == 1


def test_lowercase_hyphenated_skill_id_with_digits_is_accepted(extra):
    library = load_one(extra, skill_toml("hl7-v2-interfaces", question_toml("hl7-v2-interfaces-01")))
    assert library.findings == ()


def test_question_with_a_bad_id_is_skipped(extra):
    text = skill_toml("teamwork", question_toml("Teamwork_01"), question_toml("teamwork-02"))
    library = load_one(extra, text)
    assert rules(library.findings) == ["bad-id"]
    assert [x.id for x in library.questions()] == ["teamwork-02"]


def test_question_missing_text_is_skipped_and_the_rest_of_the_skill_loads(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", omit=("text",)),
                                         question_toml("teamwork-02")))
    (finding,) = library.findings
    assert (finding.rule, finding.question, finding.field) == ("missing-field", "teamwork-01", "text")
    assert [x.id for x in library.questions()] == ["teamwork-02"]


def test_missing_question_field_points_at_the_questions_header_line(extra):
    text = skill_toml("teamwork", question_toml("teamwork-01"),
                      question_toml("teamwork-02", omit=("probes",)))
    library = load_one(extra, text)
    second_header = [i for i, line in enumerate(text.splitlines(), 1) if line == "[[questions]]"][1]
    assert [(f.rule, f.line) for f in library.findings] == [("missing-field", second_header)]


def test_question_without_id_is_reported_by_its_position(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", omit=("id",))))
    (finding,) = library.findings
    assert finding.rule == "missing-field" and finding.field == "id"
    assert "question 1" in finding.message


def test_question_with_unknown_kind_is_reported_on_the_kind_line(extra):
    text = skill_toml("teamwork", question_toml("teamwork-01", kind="hypothetical"))
    library = load_one(extra, text)
    (finding,) = library.findings
    assert finding.rule == "bad-kind"
    assert finding.line == text.splitlines().index('kind = "hypothetical"') + 1
    assert library.questions() == []


def test_british_spelling_of_behavioral_is_rejected_with_a_hint(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", kind="behavioural")))
    assert rules(library.findings) == ["bad-kind"]
    assert 'US spelling "behavioral"' in library.findings[0].message


@pytest.mark.parametrize("kind", ["behavioral", "situational"])
def test_behavioral_and_situational_kinds_are_accepted(extra, kind):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", kind=kind)))
    assert library.findings == ()
    assert library.question("teamwork-01").kind == kind


@pytest.mark.parametrize("count", [1, 5])
def test_question_with_too_few_or_too_many_probes_is_skipped(extra, count):
    probes = [f"Follow-up number {i} about the downtime?" for i in range(1, count + 1)]
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", probes=probes)))
    assert rules(library.findings) == ["probe-count"]
    assert f"has {count} probe" in library.findings[0].message
    assert library.questions() == []


@pytest.mark.parametrize("count", [2, 4])
def test_two_to_four_probes_are_accepted(extra, count):
    probes = [f"Follow-up number {i} about the downtime?" for i in range(1, count + 1)]
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", probes=probes)))
    assert library.findings == ()


def test_empty_probe_is_reported_on_its_own_line(extra):
    text = skill_toml("teamwork", question_toml("teamwork-01", probes=["Who did you call?", "  "]))
    library = load_one(extra, text)
    (finding,) = library.findings
    assert (finding.rule, finding.field) == ("missing-field", "probe 2")
    assert finding.line == text.splitlines().index('  "  ",') + 1


@pytest.mark.parametrize("missing", [1, 3, 5])
def test_question_missing_a_required_anchor_level_is_skipped(extra, missing):
    anchors = {level: t for level, t in GOOD_ANCHORS.items() if level != missing}
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", anchors=anchors)))
    (finding,) = library.findings
    assert (finding.rule, finding.severity) == ("missing-anchor", "error")
    assert f"level {missing}" in finding.message
    assert library.questions() == []


def test_missing_anchor_points_at_the_anchors_table(extra):
    anchors = {1: GOOD_ANCHORS[1], 3: GOOD_ANCHORS[3]}
    text = skill_toml("teamwork", question_toml("teamwork-01", anchors=anchors))
    library = load_one(extra, text)
    assert library.findings[0].line == text.splitlines().index("[questions.anchors]") + 1


def test_question_with_only_anchors_1_3_and_5_loads_without_structural_findings(extra):
    anchors = {level: GOOD_ANCHORS[level] for level in (1, 3, 5)}
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", anchors=anchors)))
    assert library.findings == ()


def test_anchor_level_outside_one_to_five_is_reported(extra):
    anchors = dict(GOOD_ANCHORS) | {6: "Goes beyond the scale, which no panelist can score."}
    text = skill_toml("teamwork", question_toml("teamwork-01", anchors=anchors))
    library = load_one(extra, text)
    (finding,) = library.findings
    assert (finding.rule, finding.field) == ("bad-anchor-level", "anchor 6")
    assert finding.line == next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("6 ="))


@pytest.mark.parametrize("minutes", ["0", "-3", "2.5", '"six"'])
def test_minutes_that_are_not_a_positive_whole_number_are_rejected(extra, minutes):
    text = skill_toml("teamwork", question_toml("teamwork-01", extra=f"minutes = {minutes}"))
    library = load_one(extra, text)
    assert rules(library.findings) == ["bad-minutes"]


def test_positive_whole_minutes_are_accepted(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", extra="minutes = 8")))
    assert library.question("teamwork-01").minutes == 8


@pytest.mark.parametrize("value", ['"service-desk-analyst"', "[1, 2]", '["Service Desk"]'])
def test_question_roles_must_be_a_list_of_role_ids(extra, value):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", extra=f"roles = {value}")))
    assert rules(library.findings) == ["bad-roles"]


def test_unknown_question_key_is_a_warning_and_the_question_still_loads(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml("teamwork-01", extra="minute = 5")))
    assert [(f.rule, f.severity, f.field) for f in library.findings] == [
        ("unknown-field", "warning", "minute")]
    assert library.question("teamwork-01") is not None


def test_duplicate_question_id_within_a_file_keeps_the_first(extra):
    text = skill_toml("teamwork", question_toml("teamwork-01", "Tell me about a ward you trained."),
                      question_toml("teamwork-01", "Imagine a ward refuses the new order sets."))
    library = load_one(extra, text)
    (finding,) = library.findings
    assert finding.rule == "duplicate-id"
    id_lines = [i for i, line in enumerate(text.splitlines(), 1) if line == 'id = "teamwork-01"']
    assert finding.line == id_lines[1]
    assert library.question("teamwork-01").text == "Tell me about a ward you trained."


def test_duplicate_question_id_across_skills_skips_the_later_one(extra):
    write(extra / "skills" / "a-teamwork.toml", skill_toml("teamwork", question_toml("shared-01")))
    write(extra / "skills" / "b-feedback.toml", skill_toml("feedback", question_toml("shared-01"),
                                                           question_toml("feedback-02")))
    library = load_library(extra_dirs=[extra], include_user=False)

    (finding,) = library.findings
    assert (finding.rule, finding.skill, finding.question) == ("duplicate-id", "feedback", "shared-01")
    assert "teamwork" in finding.message
    assert library.question("shared-01").skill == "teamwork"
    assert [x.id for x in library.skill_questions("feedback")] == ["feedback-02"]


def test_duplicate_question_id_is_lost_by_the_later_layer_even_when_it_replaces_an_earlier_skill(bundled,
                                                                                                 user_banks):
    write(bundled / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(bundled / "skills" / "feedback.toml", skill_toml("feedback", question_toml("feedback-01")))
    write(user_banks / "teamwork.toml", skill_toml("teamwork", question_toml("feedback-01"),
                                                   question_toml("teamwork-05")))
    library = load_library()
    assert [(f.rule, f.skill) for f in library.findings] == [("duplicate-id", "teamwork")]
    assert library.question("feedback-01").skill == "feedback"


def test_two_files_in_one_folder_with_the_same_skill_id_keep_the_first(extra):
    write(extra / "skills" / "teamwork.toml",
          skill_toml("teamwork", question_toml("teamwork-01"), name="First"))
    write(extra / "skills" / "zz-teamwork-copy.toml", skill_toml("teamwork", question_toml("teamwork-02"),
                                                                 name="Copy"))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert rules(library.findings) == ["duplicate-id"]
    assert library.skills["teamwork"].name == "First"


def test_skills_folder_and_top_level_skill_files_both_load(extra):
    write(extra / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(extra / "feedback.toml", skill_toml("feedback", question_toml("feedback-01")))
    assert set(load_library(extra_dirs=[extra], include_user=False).skills) == {"teamwork", "feedback"}


# ---------------------------------------------------------------------------------------------- roles


def test_roles_file_loads_roles_with_skills_weights_and_questions_per_skill(extra):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(extra / "feedback.toml", skill_toml("feedback", question_toml("feedback-01")))
    write(extra / "roles.toml", roles_toml(("service-desk-analyst", "Service desk analyst",
                                            {"teamwork": 2, "feedback": 0.5}), per_skill=3))
    library = load_library(extra_dirs=[extra], include_user=False)

    role = library.roles["service-desk-analyst"]
    assert library.findings == ()
    assert [(rs.skill, rs.weight) for rs in role.skills] == [("teamwork", 2.0), ("feedback", 0.5)]
    assert role.questions_per_skill == 3
    assert role.source == str(extra / "roles.toml")


def test_role_naming_an_unknown_skill_is_reported_and_keeps_its_other_skills(extra):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    text = roles_toml(("integration-engineer", "Integration engineer", {"teamwork": 1, "hl7-wizardry": 1}))
    write(extra / "roles.toml", text)
    library = load_library(extra_dirs=[extra], include_user=False)

    (finding,) = library.findings
    assert (finding.rule, finding.severity) == ("unknown-skill", "error")
    assert "hl7-wizardry" in finding.message
    assert finding.line == text.splitlines().index('skill = "hl7-wizardry"') + 1
    assert [rs.skill for rs in library.roles["integration-engineer"].skills] == ["teamwork"]


@pytest.mark.parametrize("weight", ["0", "-1.5", '"heavy"'])
def test_role_skill_weight_must_be_a_positive_number(extra, weight):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(extra / "roles.toml", roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1}))
          .replace("weight = 1", f"weight = {weight}"))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert rules(library.findings) == ["bad-weight"]
    assert library.roles == {}


@pytest.mark.parametrize("per_skill", [0, 6])
def test_questions_per_skill_outside_one_to_five_is_rejected(extra, per_skill):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(extra / "roles.toml", roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1}),
                                           per_skill=per_skill))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert rules(library.findings) == ["bad-questions-per-skill"]


@pytest.mark.parametrize("per_skill", [1, 5])
def test_questions_per_skill_from_one_to_five_is_accepted(extra, per_skill):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(extra / "roles.toml", roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1}),
                                           per_skill=per_skill))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert library.roles["service-desk-analyst"].questions_per_skill == per_skill


def test_role_without_name_is_skipped_and_the_next_role_loads(extra):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    text = roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1}),
                      ("integration-engineer", "Integration engineer", {"teamwork": 1}))
    write(extra / "roles.toml", text.replace('name = "Service desk analyst"\n', "", 1))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert [(f.rule, f.field, f.line) for f in library.findings] == [("missing-field", "name", 1)]
    assert list(library.roles) == ["integration-engineer"]


def test_user_roles_file_replaces_a_bundled_role_and_keeps_the_others(bundled, user_banks):
    write(bundled / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(bundled / "roles.toml", roles_toml(
        ("service-desk-analyst", "Service desk analyst", {"teamwork": 1}),
        ("integration-engineer", "Integration engineer", {"teamwork": 1})))
    write(user_banks / "roles.toml",
          roles_toml(("service-desk-analyst", "Our service desk", {"teamwork": 3})))
    library = load_library()
    assert library.roles["service-desk-analyst"].name == "Our service desk"
    assert library.roles["integration-engineer"].source == "bundled:roles.toml"


def test_question_role_that_no_roles_file_defines_is_a_warning(extra):
    library = load_one(extra, skill_toml("teamwork", question_toml(
        "teamwork-01", extra='roles = ["service-desk-analist"]')))
    assert [(f.rule, f.severity) for f in library.findings] == [("unknown-role", "warning")]
    assert library.question("teamwork-01") is not None


def test_question_role_defined_in_a_roles_file_passes(extra):
    write(extra / "roles.toml", roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1})))
    library = load_one(extra, skill_toml("teamwork", question_toml(
        "teamwork-01", extra='roles = ["service-desk-analyst"]')))
    assert library.findings == ()


# -------------------------------------------------------------------------------------- validate_paths


def test_validate_paths_reports_only_the_given_files(bundled, extra):
    write(bundled / "skills" / "broken.toml", "id = ")
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01", kind="story")))
    findings = validate_paths([extra])
    assert [(Path(f.path).name, f.rule) for f in findings] == [("teamwork.toml", "bad-kind")]


def test_validate_paths_accepts_a_single_file(tmp_path):
    text = skill_toml("teamwork", question_toml("teamwork-01", probes=["Why?"]))
    path = write(tmp_path / "mine.toml", text)
    assert [(f.path, f.rule) for f in validate_paths([path])] == [(str(path), "probe-count")]


def test_validate_paths_of_a_clean_folder_finds_nothing(extra):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    assert validate_paths([extra]) == []


def test_validate_paths_reports_a_path_that_does_not_exist(tmp_path):
    (finding,) = validate_paths([tmp_path / "nowhere"])
    assert (finding.rule, finding.severity) == ("not-found", "error")


def test_validate_paths_with_no_paths_covers_bundled_and_user_banks(bundled, user_banks):
    write(bundled / "skills" / "teamwork.toml",
          skill_toml("teamwork", question_toml("teamwork-01", kind="x")))
    write(user_banks / "feedback.toml", skill_toml("feedback", question_toml("feedback-01", probes=[])))
    findings = validate_paths([])
    assert {(f.path, f.rule) for f in findings} == {
        ("bundled:skills/teamwork.toml", "bad-kind"),
        (str(user_banks / "feedback.toml"), "missing-field"),
    }
    assert len(findings) == 2


def test_roles_file_validated_alone_may_name_a_bundled_skill(bundled, tmp_path):
    write(bundled / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    path = write(tmp_path / "mine" / "roles.toml",
                 roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1, "typo": 1})))
    assert rules(validate_paths([path])) == ["unknown-skill"]


def test_validate_paths_sees_skills_from_extra_dirs_but_reports_only_the_given_files(extra, tmp_path):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01", kind="story")))
    path = write(tmp_path / "mine" / "roles.toml",
                 roles_toml(("service-desk-analyst", "Service desk analyst", {"teamwork": 1})))
    assert rules(validate_paths([path])) == ["unknown-skill"]
    assert rules(validate_paths([path], extra_dirs=[extra])) == []
    assert rules(validate_paths([], extra_dirs=[extra])) == ["bad-kind"]


def test_validate_paths_does_not_run_the_fairness_lint(extra):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml(
        "teamwork-01", "Are you married, and have you ever led a go-live?")))
    assert validate_paths([extra]) == []


# ------------------------------------------------------------------------------- lint: protected groups


def protected(text: str) -> list[Finding]:
    return [f for f in lint_question(q(text)) if f.rule == "protected-characteristic"]


def test_question_about_age_is_flagged_as_protected_characteristic():
    (finding,) = protected("What is your age, and tell me about your last EHR upgrade?")
    assert finding.severity == "error"
    assert finding.field == "text"


def test_protected_finding_names_the_characteristic_and_why_it_must_not_be_asked():
    (finding,) = protected("How old are you, and how did you learn the new order sets?")
    assert "age" in finding.message
    assert "discrimination" in finding.message and "job" in finding.message


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        ("Tell me about your birth year and your first service desk job.", "age"),
        ("Do you plan to retire soon, and what would you hand over?", "age"),
        ("Are you married, and how do you balance on-call weeks?", "marital or family status"),
        ("Tell me how your spouse feels about night go-lives.", "marital or family status"),
        ("What are your childcare arrangements during a go-live weekend?", "marital or family status"),
        ("Are you pregnant or planning to be during the roll-out?", "pregnancy or children"),
        ("How many children do you have, and how do you handle overtime?", "pregnancy or children"),
        ("Which religious holidays will you need off during go-live?", "religion"),
        ("Does your church schedule clash with Sunday cut-overs?", "religion"),
        ("Where are you from originally, and how did you learn EHR build?", "national origin"),
        ("What is your native language, and how do you write tip sheets?", "national origin"),
        ("Describe your ethnic background and your teamwork style.", "national origin"),
        ("Are you a US citizen?", "citizenship"),
        ("Do you have any disability that would affect on-call work?", "disability or health"),
        ("What medications do you take that might affect night shifts?", "disability or health"),
        ("How many sick days did you take last year?", "disability or health"),
        ("Have you ever been arrested?", "arrest record"),
        ("Are you a member of a trade union?", "union membership"),
        ("What is your sexual orientation?", "sexual orientation"),
        ("What pronouns do you use, and how do you run training?", "gender identity"),
        ("What is your race, and how do you build trust with clinicians?", "race"),
    ],
)
def test_each_protected_characteristic_is_flagged(text, characteristic):
    (finding,) = protected(text)
    assert characteristic in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "How do you manage a page from the ward when usage of the portal spikes?",
        "Tell me how you leveraged the pediatric order sets during the go-live.",
        "Describe how you built the age-based dosing alert with pharmacy.",
        "How did you check that the patient's date of birth matched across the interface?",
        "Tell me how you tested the rule that checks patient age before a vaccine order.",
        "Tell me about a race condition you found in an HL7 interface.",
        "Walk me through a cardiac arrest alert that did not page the team.",
        "Tell me about a time you disabled an interface to stop bad results flowing.",
        "Describe a roll-out at a children's hospital that you supported.",
        "How did you fix the SQL union query that double-counted admissions?",
        "Tell me how you got straight answers from a vendor about a defect.",
        "What did you teach the citizen developers who built the clinic dashboards?",
        "Tell me about a message that you rewrote for ward clerks to manage the backlog.",
        "Describe how you trained the family medicine clinic on the new workflow.",
    ],
)
def test_everyday_health_it_words_do_not_trip_the_protected_rules(text):
    assert protected(text) == []


def test_manage_and_usage_do_not_trip_the_age_rule():
    text = "How did you manage portal usage, page the on-call team and leverage the message queue?"
    assert protected(text) == []


def test_asking_about_the_right_to_work_is_allowed():
    assert protected("Are you legally authorized to work in this country for any employer?") == []


def test_protected_word_in_a_probe_is_flagged_on_that_probe():
    question = q("Tell me about a go-live weekend you supported.",
                 probes=("Who covered your shifts?", "Did your husband mind the weekend work?"))
    (finding,) = [f for f in lint_question(question) if f.rule == "protected-characteristic"]
    assert finding.field == "probe 2"


def test_protected_word_in_an_anchor_is_flagged_on_that_anchor():
    anchors = tuple(Anchor(level, t) for level, t in GOOD_ANCHORS.items() if level != 5)
    anchors += (Anchor(5, "Mentions their religion as the reason they stayed calm under pressure."),)
    question = q("Tell me about a go-live weekend you supported.", anchors=anchors)
    (finding,) = [f for f in lint_question(question) if f.rule == "protected-characteristic"]
    assert finding.field == "anchor 5"


def test_one_characteristic_in_several_places_is_one_finding_naming_them_all():
    question = q("How old are you?", probes=("What is your age group?", "What year were you born in?"))
    (finding,) = [f for f in lint_question(question) if f.rule == "protected-characteristic"]
    assert "text, probe 1, probe 2" in finding.message


# --------------------------------------------------------------------------------- lint: wording rules


def warnings_of(question: Question, rule: str) -> list[Finding]:
    return [f for f in lint_question(question) if f.rule == rule]


@pytest.mark.parametrize("text", [
    "Have you ever had to calm an angry clinician during downtime?",
    "Do you enjoy writing tip sheets for ward clerks?",
    "Would you escalate a failed lab interface at 2 a.m.?",
    "Is it important to document workarounds?",
])
def test_yes_no_question_is_warned(text):
    (finding,) = warnings_of(q(text), "yes-no-question")
    assert finding.severity == "warning"


@pytest.mark.parametrize("text", [
    "Tell me about a time you calmed an angry clinician during downtime.",
    "Can you tell me about a tip sheet you wrote for ward clerks?",
    "Have you ever escalated a failed interface at night? What did you do?",
    "Imagine the lab interface fails at 2 a.m. How would you respond?",
])
def test_open_question_is_not_warned_as_yes_no(text):
    assert warnings_of(q(text), "yes-no-question") == []


@pytest.mark.parametrize("text", [
    "Don't you think analysts should always follow change control?",
    "Wouldn't you agree that clinicians resist new systems?",
    "Isn't it true that training is the most important part of a go-live?",
    "Tell me how you obviously kept the nurses happy during the upgrade.",
])
def test_leading_question_is_warned(text):
    assert [f.severity for f in warnings_of(q(text), "leading-question")] == ["warning"]


def test_leading_probe_is_warned_on_that_probe():
    question = q("Tell me about a change you led.",
                 probes=("What did you do first?", "Surely that was hard?"))
    assert [f.field for f in warnings_of(question, "leading-question")] == ["probe 2"]


def test_neutral_question_is_not_warned_as_leading():
    assert warnings_of(q("What did you do when the nurses pushed back on the new workflow?"),
                       "leading-question") == []


@pytest.mark.parametrize("text", [
    "What kind of person are you under pressure?",
    "Describe your personality in three words.",
    "What is your greatest weakness?",
    "If you were an animal, which would you be?",
])
def test_personality_question_is_warned(text):
    assert [f.severity for f in warnings_of(q(text), "personality-question")] == ["warning"]


@pytest.mark.parametrize("text", [
    "Tell me about a time you stayed calm when a surgeon shouted at you.",
    "If you were the analyst on call and the lab feed stopped, what would you do first?",
])
def test_behavioural_question_is_not_warned_as_personality(text):
    assert warnings_of(q(text), "personality-question") == []


# ------------------------------------------------------------------------------------- lint: anchors


@pytest.mark.parametrize("anchor", ["Poor", "Average", "Good", "Excellent", "Very good", "3", "Level 3",
                                    "Meets expectations", "Very good overall answer"])
def test_anchor_that_only_restates_the_level_is_warned(anchor):
    anchors = tuple(Anchor(level, anchor if level == 3 else t) for level, t in GOOD_ANCHORS.items())
    (finding,) = warnings_of(q("Tell me about a go-live you supported.", anchors=anchors),
                             "anchor-restates-number")
    assert (finding.field, finding.severity) == ("anchor 3", "warning")


def test_anchor_describing_observable_behaviour_is_not_warned():
    assert warnings_of(q("Tell me about a go-live you supported."), "anchor-restates-number") == []


def test_missing_anchor_levels_two_and_four_are_one_warning():
    anchors = tuple(Anchor(level, GOOD_ANCHORS[level]) for level in (1, 3, 5))
    (finding,) = warnings_of(q("Tell me about a go-live you supported.", anchors=anchors), "missing-anchor")
    assert finding.severity == "warning"
    assert "levels 2 and 4" in finding.message


def test_missing_anchor_level_five_is_an_error_in_the_lint():
    anchors = tuple(Anchor(level, GOOD_ANCHORS[level]) for level in (1, 2, 3, 4))
    (finding,) = warnings_of(q("Tell me about a go-live you supported.", anchors=anchors), "missing-anchor")
    assert finding.severity == "error"


def test_complete_anchors_give_no_missing_anchor_finding():
    assert warnings_of(q("Tell me about a go-live you supported."), "missing-anchor") == []


# ---------------------------------------------------------------------------- lint: near-duplicates


def test_near_duplicate_custom_question_is_warned_naming_the_existing_one():
    existing = q("Tell me about a time you explained a downtime procedure to night-shift nurses.",
                 id="teamwork-04")
    custom = q("Tell me about a time you explained the downtime procedure to night shift nurses.",
               id="custom-01", source="")
    (finding,) = [f for f in lint_question(custom, others=[existing]) if f.rule == "near-duplicate"]
    assert "teamwork-04" in finding.message and finding.question == "custom-01"


def test_near_duplicate_ignores_case_punctuation_and_hyphens():
    assert banks.near_duplicate("Tell me about a time you calmed an angry night-shift charge nurse.",
                                "tell me about a time you calmed an angry night shift charge nurse")
    assert not banks.near_duplicate("Tell me about a time you calmed an angry charge nurse.",
                                    "Tell me about a time you cut a project budget by a third.")


def test_questions_sharing_only_their_opening_are_not_near_duplicates():
    existing = q("Tell me about a time you explained a downtime procedure to night-shift nurses.",
                 id="teamwork-04")
    custom = q("Tell me about a time you negotiated a go-live date with the chief nursing officer.",
               id="custom-01")
    assert [f for f in lint_question(custom, others=[existing]) if f.rule == "near-duplicate"] == []


def test_question_is_not_a_near_duplicate_of_its_own_earlier_version():
    before = q("Tell me about a time you explained a downtime procedure to nurses.", id="teamwork-04")
    after = q("Tell me about a time you explained a downtime procedure to the nurses.", id="teamwork-04")
    assert [f for f in lint_question(after, others=[before]) if f.rule == "near-duplicate"] == []


def test_near_duplicates_within_a_skill_are_reported_once_naming_both(extra):
    write(extra / "teamwork.toml", skill_toml(
        "teamwork",
        question_toml("teamwork-01", "Tell me about a time you covered for a colleague during a go-live."),
        question_toml("teamwork-02",
                      "Tell me about a time when you covered for a colleague during go-live.")))
    library = load_library(extra_dirs=[extra], include_user=False)
    (finding,) = [f for f in lint_library(library) if f.rule == "near-duplicate"]
    assert (finding.question, finding.severity) == ("teamwork-02", "warning")
    assert "teamwork-01" in finding.message and "same skill" in finding.message


def test_near_duplicates_across_skills_are_reported(extra):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml(
        "teamwork-01", "Tell me about a time you covered for a colleague during a go-live.")))
    write(extra / "feedback.toml", skill_toml("feedback", question_toml(
        "feedback-01", "Tell me about a time you covered for a colleague during the go-live.")))
    library = load_library(extra_dirs=[extra], include_user=False)
    (finding,) = [f for f in lint_library(library) if f.rule == "near-duplicate"]
    assert finding.question == "teamwork-01"  # feedback.toml loads first, so teamwork-01 is the later one
    assert "'feedback-01' in skill 'feedback'" in finding.message


def test_lint_paths_reports_a_near_duplicate_of_a_bundled_question_on_the_given_file(bundled, extra):
    write(bundled / "skills" / "teamwork.toml", skill_toml("teamwork", question_toml(
        "teamwork-01", "Tell me about a time you covered for a colleague during a go-live.")))
    path = write(extra / "mine.toml", skill_toml("custom", question_toml(
        "custom-01", "Tell me about a time you covered for a colleague during the go-live.")))
    (finding,) = [f for f in lint_paths([extra]) if f.rule == "near-duplicate"]
    assert (finding.path, finding.question) == (str(path), "custom-01")


# ------------------------------------------------------------------------------ lint: whole libraries


def test_clean_question_gives_no_findings():
    question = q("Tell me about a time you changed a go-live plan after a clinician's feedback.")
    assert lint_question(question) == []


def test_lint_library_does_not_repeat_load_findings(extra):
    write(extra / "broken.toml", "id = ")
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert library.findings and lint_library(library) == []


def test_lint_paths_includes_structural_findings_and_lint_findings(extra):
    write(extra / "broken.toml", "id = ")
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml(
        "teamwork-01", "As a married person, how did you lead the go-live?")))
    assert sorted(rules(lint_paths([extra]))) == ["protected-characteristic", "toml-syntax"]


def test_lint_finding_from_a_file_points_at_the_offending_line(extra):
    text = skill_toml("teamwork", question_toml("teamwork-01"),
                      question_toml("teamwork-02", "Imagine the pharmacy feed stops during a code.",
                                    probes=["Who did you call?", "Surely you escalated?"]))
    write(extra / "teamwork.toml", text)
    (finding,) = lint_paths([extra])
    assert finding.rule == "leading-question"
    assert finding.line == text.splitlines().index('  "Surely you escalated?",') + 1


def test_custom_question_lint_findings_have_no_path_or_line():
    (finding,) = lint_question(q("Do you like go-lives?", source=""))
    assert (finding.path, finding.line) == ("", None)
    assert str(finding).startswith("teamwork/teamwork-01: text: ")


# ----------------------------------------------------------------------------------------- summaries


def test_skill_summaries_count_questions_by_kind_as_integers(extra):
    write(extra / "teamwork.toml", skill_toml(
        "teamwork", question_toml("teamwork-01"), question_toml("teamwork-02", kind="situational"),
        question_toml("teamwork-03")))
    library = load_library(extra_dirs=[extra], include_user=False)
    assert skill_summaries(library) == [{
        "id": "teamwork", "name": "Teamwork", "questions": 3, "behavioral": 2, "situational": 1,
        "source": str(extra / "teamwork.toml"),
    }]


def test_role_summaries_list_skill_ids_weights_and_questions_per_skill(extra):
    write(extra / "teamwork.toml", skill_toml("teamwork", question_toml("teamwork-01")))
    write(extra / "feedback.toml", skill_toml("feedback", question_toml("feedback-01")))
    write(extra / "roles.toml", roles_toml(("go-live-support-trainer", "Go-live support trainer",
                                            {"feedback": 1.5, "teamwork": 1}), per_skill=3))
    (summary,) = role_summaries(load_library(extra_dirs=[extra], include_user=False))
    assert summary["id"] == "go-live-support-trainer" and summary["name"] == "Go-live support trainer"
    assert summary["skills"] == ["feedback", "teamwork"]
    assert summary["weights"] == {"feedback": 1.5, "teamwork": 1.0}
    assert summary["questions_per_skill"] == 3


# ------------------------------------------------------------------------------ the broken fixtures


def test_broken_banks_fixture_gives_exactly_one_clear_finding_per_problem():
    findings = lint_paths([FIXTURES])
    found = sorted((Path(f.path).name, f.rule, f.severity) for f in findings)
    assert found == [
        ("age_question.toml", "protected-characteristic", "error"),
        ("bad_syntax.toml", "toml-syntax", "error"),
        ("duplicate_ids.toml", "duplicate-id", "error"),
        ("missing_anchor.toml", "missing-anchor", "error"),
        ("missing_field.toml", "missing-field", "error"),
    ]
    assert all(f.line is not None and f.message for f in findings)
    by_file = {Path(f.path).name: f for f in findings}
    assert by_file["bad_syntax.toml"].line == 3
    assert by_file["missing_field.toml"].field == "text"
    assert by_file["missing_anchor.toml"].question == "fixture-documentation-01"
    assert "level 5" in by_file["missing_anchor.toml"].message
    assert "age" in by_file["age_question.toml"].message


def test_broken_banks_fixture_good_file_loads_whole():
    library = load_library(extra_dirs=[FIXTURES], include_user=False)
    handover = library.skills["fixture-handover"]
    assert [x.id for x in handover.questions] == ["fixture-handover-01", "fixture-handover-02"]
    assert handover.source == str(FIXTURES / "good.toml")


def test_broken_banks_fixture_keeps_the_sound_questions_of_partly_broken_files():
    library = load_library(extra_dirs=[FIXTURES], include_user=False)
    assert "fixture-budget" not in library.skills
    assert [x.id for x in library.skill_questions("fixture-escalation")] == ["fixture-escalation-01"]
    assert library.question("fixture-training-01").kind == "behavioral"
    assert library.skill_questions("fixture-documentation") == []


# ------------------------------------------------------------------------------------ where banks live


def test_bundled_banks_dir_in_a_source_checkout_is_the_repository_question_banks():
    assert REAL_BUNDLED_BANKS_DIR() == Path(__file__).resolve().parents[1] / "question_banks"


def test_bundled_banks_dir_prefers_package_data_when_installed(tmp_path, monkeypatch):
    (tmp_path / "question_banks").mkdir()
    monkeypatch.setattr(banks.resources, "files", lambda package: tmp_path)
    assert REAL_BUNDLED_BANKS_DIR() == tmp_path / "question_banks"


def test_banks_module_does_not_import_qt():
    code = "import sys, interview_kit.banks; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    src = Path(banks.__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(src)}, check=False)
    assert result.returncode == 0
