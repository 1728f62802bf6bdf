"""Bank-quality warnings in the lint: each rule with an example it catches and a close one it lets through.

Every finding names the file, question, field, rule and why; these tests check the rule and the field.
"""

from __future__ import annotations

import pytest

from interview_kit.banks import lint_paths, lint_question
from interview_kit.banks.quality import stock_openings
from interview_kit.model import Anchor

from bank_files import GOOD_ANCHORS, isolated_banks, q, question_toml, skill_toml, write  # noqa: F401

GOOD_TEXT = "Tell me about a time a ward asked you to change an order set the week before an EHR upgrade."


def found(question, rule):
    return [f.field for f in lint_question(question) if f.rule == rule]


SITUATIONAL_A4 = "Would call the ward manager first, test the fix with two nurses, and explain each step."


def anchors(**levels):
    base = dict(GOOD_ANCHORS)
    base.update({int(k[1:]): v for k, v in levels.items()})
    return tuple(Anchor(level, text) for level, text in sorted(base.items()))


def words(n):
    return " ".join(["ward"] * n)


# ------------------------------------------------------------------------------------------- lengths


def test_a_question_of_36_words_is_too_long_to_read_aloud():
    text = "Tell me about a time " + words(30) + " stopped?"
    assert len(text.split()) == 36
    assert found(q(text), "question-length") == ["text"]


def test_a_question_of_35_words_is_fine():
    text = "Tell me about a time " + words(29) + " stopped?"
    assert found(q(text), "question-length") == []


def test_an_anchor_of_36_words_is_too_long_to_hold_in_mind():
    assert found(q(GOOD_TEXT, anchors=anchors(a4="Describes " + words(35))), "anchor-length") == ["anchor 4"]


def test_an_anchor_of_35_words_is_fine():
    assert found(q(GOOD_TEXT, anchors=anchors(a4="Describes " + words(34))), "anchor-length") == []


# --------------------------------------------------------------------------------------------- chains


@pytest.mark.parametrize("anchor", [
    "As level 3, and also names who was told about the change.",
    "As in 4, and checks the ward used the new order set.",
    "Same as 2 but with a named clinician.",
    "All of level 4 plus a reflection on what they would change.",
])
def test_an_anchor_that_leans_on_another_level_is_a_chain(anchor):
    assert found(q(GOOD_TEXT, anchors=anchors(a5=anchor)), "anchor-chain") == ["anchor 5"]


def test_a_self_contained_anchor_with_a_number_in_it_is_not_a_chain():
    anchor = "Describes testing the order set with 3 nurses as soon as it was built, and what they changed."
    assert found(q(GOOD_TEXT, anchors=anchors(a5=anchor)), "anchor-chain") == []


# ------------------------------------------------------------------------------------- probe read-outs


def test_a_probe_that_names_the_level_4_behaviour_reads_out_the_anchor():
    a4 = "Documents the handover in the shift log and confirms the night analyst has read it."
    question = q(GOOD_TEXT, probes=("What did you do first?", "Did you document the handover in the shift log?"),
                 anchors=anchors(a4=a4))
    assert found(question, "probe-reads-anchor") == ["probe 2"]


def test_a_probe_sharing_four_anchor_words_in_order_reads_out_the_anchor():
    a3 = "Would observe on the units to find out how widespread the workarounds are, and why."
    question = q(GOOD_TEXT, kind="situational", anchors=anchors(a3=a3),
                 probes=("What would you do first?", "How would you observe whether the units use workarounds "
                         "and how widespread they are?"))
    assert found(question, "probe-reads-anchor") == ["probe 2"]


def test_neutral_probes_do_not_read_out_the_anchors():
    question = q(GOOD_TEXT, probes=("What was your part?", "What did you do next?", "What happened then?",
                                    "What would you change?"))
    assert found(question, "probe-reads-anchor") == []


def test_a_probe_that_repeats_only_the_question_setting_is_not_a_read_out():
    text = "Tell me about a time you picked up work outside your role during a go-live or upgrade."
    a3 = "Describes a specific go-live or upgrade, the extra work taken on, and telling their lead."
    question = q(text, probes=("What was the outcome for the go-live or upgrade?", "What did you do next?"),
                 anchors=anchors(a3=a3))
    assert found(question, "probe-reads-anchor") == []


# ---------------------------------------------------------------------------------------- two in one


def test_two_question_marks_are_two_questions():
    text = "What went wrong in the last downtime you supported? What did you do about it?"
    assert found(q(text), "two-questions") == ["text"]


def test_and_how_did_you_joins_a_second_question():
    text = "Tell me about a time an interface backlog grew, and how did you decide what to clear first?"
    assert found(q(text), "two-questions") == ["text"]


def test_one_question_with_a_clause_before_it_is_one_question():
    text = "When the lab interface backlog grew overnight, how did you decide what to clear first?"
    assert found(q(text), "two-questions") == []


# ----------------------------------------------------------------------------------- gendered pronouns


def test_a_pronoun_that_gives_a_role_a_gender_is_flagged_where_it_is():
    text = "Imagine a surgeon asks you to switch off a safety checklist for his cases. What would you do?"
    assert found(q(text, kind="situational"), "gendered-pronoun") == ["text"]


def test_she_in_a_probe_is_flagged():
    question = q(GOOD_TEXT, probes=("What did you say to the charge nurse?", "What did she do next?"))
    assert found(question, "gendered-pronoun") == ["probe 2"]


def test_they_and_words_containing_he_or_her_are_fine():
    text = "Imagine a surgeon asks you to switch off a checklist for their theatre cases. What would you do?"
    question = q(text, kind="situational", probes=("What would you say to the other surgeons there?",
                                                    "Why that?"))
    assert found(question, "gendered-pronoun") == []


# ------------------------------------------------------------------------------------- stock openings


@pytest.mark.parametrize("text", [
    "Tell me about a time you came up with a creative solution to a workflow problem.",
    "Tell me about a time you negotiated with an outside vendor over a defect.",
    "Describe a time you had to influence a clinical team without authority.",
    "Describe a decision about an upgrade you made before you had all the information.",
    "Describe work whose requirements were unclear or kept changing.",
    "Tell me about a time you failed on an EHR project.",
    "What is your greatest weakness when supporting clinicians?",
    "Tell me about a time you went above and beyond for a ward.",
    "Tell me about a time you worked with a difficult coworker on the service desk.",
    "Tell me about a conflict with your manager during a go-live.",
    "Tell me about a time you met a tight go-live deadline.",
    "How did you handle competing priorities during an upgrade?",
])
def test_stock_openings_are_flagged_even_with_other_word_endings_or_a_word_between(text):
    assert found(q(text), "stock-opening") == ["text"]


def test_a_question_set_in_a_specific_health_it_moment_is_not_a_stock_opening():
    text = "Tell me about the last time an order-set change reached a ward during a downtime."
    assert found(q(text), "stock-opening") == []


def test_the_stock_openings_are_package_data_with_the_listed_phrases():
    phrases = {p for p, _ in stock_openings()}
    assert {"a creative solution", "negotiate with a vendor", "influence without authority",
            "tight deadline", "competing priorities"} <= phrases
    assert not any(p.startswith("#") for p in phrases)


# --------------------------------------------------------------------------- situational outcome words


@pytest.mark.parametrize("word", ["achieved", "resulted in", "reduced", "improved", "outcome", "result",
                                  "measurable"])
def test_an_outcome_word_in_a_situational_anchor_is_flagged(word):
    a5 = f"Would check the order set with pharmacy first, and explains the {word} they expect, step by step."
    question = q("Imagine pharmacy reports a wrong default dose in an order set. What would you do?",
                 kind="situational", anchors=anchors(a4=SITUATIONAL_A4, a5=a5))
    assert found(question, "situational-outcome") == ["anchor 5"]


def test_lab_results_and_plans_to_reduce_risk_are_not_outcomes():
    a5 = "Would check the lab results feed with the lab first and explains how that would reduce the risk."
    question = q("Imagine the lab interface drops messages at night. What would you do?",
                 kind="situational", anchors=anchors(a4=SITUATIONAL_A4, a5=a5))
    assert found(question, "situational-outcome") == []


def test_outcome_words_in_a_behavioral_anchor_are_fine():
    a5 = "Describes the change they made and the measurable result: fewer calls from the ward."
    assert found(q(GOOD_TEXT, anchors=anchors(a5=a5)), "situational-outcome") == []


# --------------------------------------------------------------------------------------- the finding


def test_a_quality_finding_names_file_line_question_field_rule_and_why(isolated_banks, tmp_path):
    path = write(tmp_path / "teamwork.toml", skill_toml("teamwork", question_toml(
        "teamwork-01", "Tell me about a time the ward manager lost her patience during a downtime.")))
    (finding,) = [f for f in lint_paths([path]) if f.rule == "gendered-pronoun"]
    assert finding.severity == "warning" and finding.path == str(path)
    assert (finding.question, finding.field) == ("teamwork-01", "text")
    assert finding.line == path.read_text().splitlines().index(
        'text = "Tell me about a time the ward manager lost her patience during a downtime."') + 1
    assert '"her"' in finding.message and "they" in finding.message
