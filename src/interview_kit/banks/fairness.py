"""The fairness rules: questions that touch a protected characteristic, by name or through a proxy.

Patterns only; :mod:`.lint` applies them. Word boundaries everywhere, and exceptions for everyday health-IT
words, so that a rule fires on what an employer must not ask and not on a patient's age or a race condition.
"""

from __future__ import annotations

import re


def _protected(label: str, why: str, *patterns: str) -> tuple[str, str, re.Pattern]:
    return label, why, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


#: Not when the words are about a patient ("the patient's age", "patient date of birth").
_NOT_PATIENT = r"(?<!patient )(?<!patient's )(?<!patients' )(?<!patients )"

_NOT_JOB_RELATED = (
    "asking invites discrimination claims and says nothing about how the candidate does the job"
)

#: (what it is about, extra advice, pattern). Word boundaries everywhere, so "manage", "page", "usage" and
#: "leverage" never read as "age"; the exceptions cover everyday health IT words ("race condition",
#: "cardiac arrest", "disabled the interface", "children's hospital", "a SQL UNION").
PROTECTED_CHARACTERISTICS: tuple[tuple[str, str, re.Pattern], ...] = (
    _protected(
        "age", "",
        _NOT_PATIENT + r"\bage\b(?!-(?:based|appropriate|specific|related))",
        r"\bhow old (?:are|were) you\b", _NOT_PATIENT + r"\bbirth ?(?:year|date|day)s?\b",
        r"\byear of birth\b",
        _NOT_PATIENT + r"\bdate of birth\b", r"\b(?:were you|you were) born\b", r"\bborn in\b",
        r"\bretir(?:e|ing|ement)\s+soon\b", r"\bplan(?:s|ning)?\s+to\s+retire\b", r"\bretirement plans\b",
    ),
    _protected(
        "marital or family status", "",
        r"\bmarried\b", r"\bmarital\b", r"\bspouse'?s?\b", r"\bhusband'?s?\b", r"\bwife'?s?\b",
        r"\bpartner'?s (?:job|work|career)\b", r"\bfamily plans\b", r"\bchild ?care\b", r"\bmaiden name\b",
        r"\bsignificant other\b",
    ),
    _protected(
        "pregnancy or children", "",
        r"\bpregnan\w*", r"\bchildren\b(?!'s\s+(?:hospital|ward|unit|clinic|services|health))", r"\bkids\b",
        r"\b(?:have|start|starting|having) a family\b", r"\bmaternity\b", r"\bpaternity\b",
    ),
    _protected(
        "religion", "",
        r"\breligio(?:n|ns|us)\b", r"\bchurch\w*", r"\bmosques?\b", r"\bsynagogues?\b",
        r"\bpray(?:s|ed|ing|ers?)?\b", r"\bholy days?\b", r"\bsabbath\b", r"\breligious holidays?\b",
    ),
    _protected(
        "national origin", "",
        r"\bnational origin\b", r"\bnationality\b", r"\bwhere are you (?:originally )?from\b",
        r"\bwhere do you come from\b", r"\bcountry of origin\b", r"\bnative (?:language|tongue)\b",
        r"\bmother tongue\b", r"\baccent\b", _NOT_PATIENT + r"\bethnic\w*",
    ),
    _protected(
        "citizenship",
        " To check the right to work, ask only whether the candidate is authorized to work here",
        r"\bcitizen(?:s|ship)?\b(?!\s+(?:developers?|science|scientists?))", r"\bimmigration status\b",
        r"\bgreen card\b",
    ),
    _protected(
        "disability or health", "",
        r"\bdisabilit(?:y|ies)\b", r"\b(?:are|were) you disabled\b", r"\byou(?:'re| are) disabled\b",
        _NOT_PATIENT + r"\b(?:medical|health) conditions?\b", _NOT_PATIENT + r"\billness(?:es)?\b",
        r"\bmedications? (?:do )?you (?:take|are taking|use)\b", r"\byour medications?\b",
        r"\bsick (?:days?|leave)\b", r"\bworkers'? comp(?:ensation)?\b",
    ),
    _protected(
        "arrest record", " Ask only about convictions where the law and the job require it",
        r"(?<!cardiac )(?<!respiratory )(?<!cardiopulmonary )"
        r"\barrest(?:s|ed|ing)?\b(?!\s+(?:code|team|alert))",
    ),
    _protected(
        "union membership", "",
        r"\bunion (?:membership|members?|activit(?:y|ies)|dues|organi[sz]\w*)\b",
        r"\b(?:labou?r|trade) unions?\b", r"\byour union\b", r"\b(?:belong|belonged) to a union\b",
        r"\bjoin(?:ed)? a union\b", r"\bunioni[sz]\w*",
    ),
    _protected(
        "sexual orientation", "",
        r"\bsexual orientation\b", r"\bsexuality\b", r"\bgay\b", r"\blesbian\b", r"\bbisexual\b",
        r"\bare you straight\b", r"\bstraight or gay\b", r"\bgay or straight\b",
    ),
    _protected(
        "gender identity", "",
        r"\bgender identity\b", r"\btransgender\b", r"\bpronouns?\b",
    ),
    _protected(
        "race", "",
        _NOT_PATIENT + r"\brace\b(?!\s+(?:conditions?|against))", r"\bracial\w*", r"\bskin colou?r\b",
        r"\bcolou?r of (?:your|their) skin\b",
    ),
)
