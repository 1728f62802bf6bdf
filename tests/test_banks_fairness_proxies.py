"""The fairness lint catches questions that ask about a protected characteristic without naming it (proxies),
and lets the everyday health-IT words close to them through. Each proxy rule has questions it must catch and
questions, in the same words' neighbourhood, it must not."""

from __future__ import annotations

import pytest

from interview_kit.banks import lint_question
from interview_kit.banks.fairness import PROXIES

from bank_files import q

FAIR_LINT = ("protected-characteristic", "protected-proxy")


def flagged(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.rule, f.field) for f in lint_question(q(text, **kwargs)) if f.rule in FAIR_LINT]


def proxy_label(text: str) -> str | None:
    finding = next((f for f in lint_question(q(text)) if f.rule == "protected-proxy"), None)
    return finding.message.split(" without naming it")[0].removeprefix("asks about ") if finding else None


CAUGHT = {
    "age": [
        "What year did you graduate from university, and which EHR did you train on?",
        "When did you finish school before joining the service desk?",
        "How many years until retirement would you stay on the integration team?",
        "Were you in the class of 1998 at nursing school, before moving into informatics?",
        "As a digital native, how would you teach older staff the new EHR?",
        "Tell me about the year you left school and your first IT job.",
    ],
    "marital or family status": [
        "Does your partner mind the on-call rota for the go-live weekend?",
        "Is there a partner at home who supports your night shifts on the command center?",
        "Would your boyfriend be fine with the travel to the other hospitals?",
        "Who do you live with, and could they cope with your on-call weeks?",
    ],
    "family status and caregiving": [
        "Who looks after your parents when you are on call for the interface team?",
        "Do you have any dependants who would affect your go-live availability?",
        "Are there dependants at home who would make night shifts hard?",
        "How do you balance caring responsibilities with the downtime rota?",
        "Would the school run get in the way of the 7 a.m. stand-up?",
    ],
    "national origin": [
        "Where does your family come from, and how has that helped you with clinicians?",
        "Where are your parents from, originally?",
        "Are you originally from here, or did you train elsewhere?",
        "How has your heritage shaped the way you support ward staff?",
        "Is English your first language, given how much you write for nurses?",
    ],
    "national origin or race": [
        "How did you come by such an anglicised name, and do ward staff get it right?",
        "Where is your name from, and do clinicians pronounce it right?",
        "Your surname sounds unusual; how do ward staff react when you call them?",
    ],
    "religion": [
        "Which holidays do you celebrate, so we can plan the go-live rota?",
        "Do you attend a temple that would clash with Friday downtime windows?",
        "Does your faith affect which weekend go-lives you can cover?",
        "Would worship on weekends stop you covering the upgrade?",
    ],
    "disability or health": [
        "Are you on any regular medication that would affect night go-lives?",
        "How many days did you take off last year, and why?",
        "Have you ever been hospitalized, and would it affect your on-call?",
        "How is your mental health during a long go-live?",
        "Tell me about your absence record at your last hospital.",
    ],
    "arrest record": [
        "Have you ever been in trouble with the police during your career?",
    ],
    "sexual orientation or gender identity": [
        "Are you in a same-sex relationship, for the benefits form?",
        "What was your birth name, for the badge system?",
        "Should we call you Mr or Ms on the go-live roster?",
    ],
    "race or national origin": [
        "Please bring a photograph of yourself; how do you present to the ward managers?",
        "How do you think your hair comes across on the ward?",
    ],
    "citizenship or national origin": [
        "Which passport do you hold, and how would you handle travel to our other sites?",
        "How long have you lived here, and how did you learn our hospitals?",
    ],
    "military or veteran status": [
        "What kind of military discharge did you get before moving into health IT?",
    ],
    "political opinion": [
        "Who did you vote for, and how does that affect how you work with leadership?",
    ],
}


@pytest.mark.parametrize(("label", "text"), [(label, t) for label, texts in CAUGHT.items() for t in texts])
def test_a_proxy_question_is_an_error_naming_what_it_reveals(label, text):
    assert proxy_label(text) == label


def test_every_proxy_rule_has_a_question_it_catches():
    assert {label for label, _, _ in PROXIES} == set(CAUGHT)


def test_a_proxy_is_reported_on_the_field_it_is_in():
    text = "Tell me about a time you kept ward staff informed during a long EHR downtime."
    assert flagged(text, probes=("What did you do first?", "Who looks after your parents on downtime nights?")
                   ) == [("protected-proxy", "probe 2")]


def test_a_direct_hit_is_not_reported_again_as_a_proxy():
    assert flagged("What is your date of birth, and where were you born?")[0][0] == "protected-characteristic"
    assert [rule for rule, _ in flagged("Where were you born?")] == ["protected-characteristic"]


FAIR = [
    # age
    "Tell me about a time you checked a patient's age before changing a dosing rule.",
    "Describe how you sorted an interface queue by age during a backlog.",
    "Tell me about the age of the oldest ticket you inherited on the service desk.",
    "Describe a time you took a mature change process into a hospital that had none.",
    "Tell me about a time you supported a newborn screening interface go-live.",
    # relationships
    "Tell me about a time a business partner missed an interface deadline.",
    "Describe working with a vendor partner on a lab system upgrade.",
    "Tell me about a time a partner hospital changed its order codes without notice.",
    "Describe how you handled your partner organization's change freeze.",
    # caregiving and children
    "Tell me about a time you supported the go-live of a children's hospital.",
    "Describe how you closed a parent ticket that had twenty child tickets.",
    "Tell me about a time a merged child record showed the wrong allergies.",
    "Describe a change to an interface with several dependent systems.",
    "Tell me about a time you looked after the interface engine overnight.",
    "Describe a go-live on the maternity ward.",
    # origin, name, accent
    "Tell me about a time you built a native app for ward rounds.",
    "Describe a time a clinician could not find data originally from the old lab system.",
    "Tell me about supporting staff with name changes in the patient index.",
    # religion
    "Tell me about a go-live planned around the hospital's holiday change freeze.",
    # health
    "Tell me about a time a cardiac arrest alert failed to page the team.",
    "Describe a time you fixed a race condition in an order interface.",
    "Tell me about a time a fasting glucose result reached the wrong ward.",
    "Describe a time you changed the discharge summary template for the wards.",
    "Tell me about a time your health system moved to a new EHR.",
    "Describe a time a medication order set needed an urgent change.",
    "Tell me about a time you disabled an interface to protect patient data.",
    # other
    "Tell me about a time the vendor was engaged to deliver a fix and missed it.",
    "Describe a time a new graduate nurse program changed your training plan.",
]


@pytest.mark.parametrize("text", FAIR)
def test_everyday_health_it_words_do_not_trip_the_fairness_lint(text):
    assert flagged(text) == []


# ------------------------------------------------------------------------------ the quick pre-check


@pytest.mark.parametrize(("source", "needed"), [
    (r"\bhow old (?:are|were) you\b", {"how old "}),
    (r"\b(?=age)(?<!patient )age\b(?!-based)", {"age"}),
    (r"\bpray(?:s|ed|ing|ers?)?\b", {"pray"}),
    (r"\b(?:your|their) (?:partner|other half)\b", {"partner", "other half"}),
    (r"\bcolou?r of (?:your|their) skin\b", {"colo"}),
    (r"\bmr\.? or ms\b", {" or ms"}),
    (r"\b(?:mr|ms)\.? or (?:mr|ms)\b", None),
])
def test_the_pre_check_needs_only_strings_every_match_contains(source, needed):
    from interview_kit.banks.fairness import required_literals

    got = required_literals(source)
    assert (None if got is None else {s.replace("\\", "") for s in got}) == needed


def test_every_caught_example_passes_its_rules_pre_check():
    from interview_kit.banks.fairness import PROTECTED_CHARACTERISTICS, passes_gate
    from interview_kit.banks.text import normalise

    for label, _, pattern in PROTECTED_CHARACTERISTICS + PROXIES:
        for text in [t for texts in CAUGHT.values() for t in texts]:
            if pattern.search(normalise(text)):
                assert passes_gate(pattern, normalise(text).lower()), (label, text)
