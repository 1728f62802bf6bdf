"""Bank-quality rules: what makes a question hard to read aloud, hard to score, or stale.

Each rule is a function of one question that yields ``(rule, field, message)``; :mod:`.lint` turns them into
warnings with the file and line. The thresholds follow the bank writing rules in ``docs/banks.md``: a question
or an anchor an interviewer can hold in mind while listening is at most 35 words; every level stands on its
own; probes stay neutral; one question at a time; gender-neutral wording; no questions candidates have
rehearsed answers to; situational levels judge what the candidate would do, never results.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from ..model import Question
from .text import normalise, words_of

MAX_QUESTION_WORDS = 35
MAX_ANCHOR_WORDS = 35
#: A probe repeats an anchor when they share this many content words (in order or not)...
PROBE_ECHO_RUN = 4
#: ...or when at least this share of the probe's content words (and at least PROBE_ECHO_MIN_WORDS of them)
#: appear in one anchor: "Did you document the handover in the shift log?" against a level-4 anchor that
#: rewards documenting the handover in the shift log.
PROBE_ECHO_SHARE = 0.75
PROBE_ECHO_MIN_WORDS = 3

Issue = tuple[str, str, str]  # (rule, field, message)

_CHAIN = re.compile(
    r"\b(?:(?:same\s+)?as\s+(?:in\s+|at\s+|for\s+)?(?:level\s+)?[1-5]\b|plus\b|(?:level|levels)\s+[1-5]\s+and\b)",
    re.IGNORECASE,
)
_TWO_ASKS = re.compile(
    r"(?:\band\b|;)\s*,?\s*(?:how|what|why|who|when|where|which)\s+(?:did|do|does|would|will|could|should|was|were"
    r"|is|are|have|had)\s+(?:you|they)\b",
    re.IGNORECASE,
)
_GENDERED = re.compile(r"\b(?:he|she|his|her|hers|him|himself|herself|s/he|he/she|she/he|his/her|her/his)\b",
                       re.IGNORECASE)
#: Outcome words: a situational answer is what the candidate would do, so no level can rest on results.
#: "Results" of a lab or a test are clinical data, not outcomes.
_OUTCOME = re.compile(
    r"\b(?:achiev(?:e|ed|es|ing|ement|ements)|resulted|resulting"
    r"|(?<!lab )(?<!labs )(?<!test )(?<!critical )(?<!pathology )(?<!imaging )(?<!radiology )(?<!blood )"
    r"(?<!search )(?<!query )(?<!abnormal )results?\b(?!\s+(?:interface|feed|queue|screen|message))"
    r"|reduced|improved|improvements?|outcomes?|measurabl[ey]|measured|succeeded|successfully)\b",
    re.IGNORECASE,
)

#: Words a probe may share with an anchor without reading it out: question words, pronouns, the neutral
#: probe vocabulary (what happened, what did you do next, what was your part, what would you change).
_FUNCTION_WORDS = frozenset("""
a an the and or but if then so to of in on at by for with from into about as than that this these those it its
is are was were be been being do does did done doing have has had having will would could should can may might
must shall what which who whom whose when where why how you your yours yourself they them their theirs
themselves we us our i me my he she his her him it there here not no yes any some all each every other another
more most much many few first next last after before then again also just only very really
happen happened happens say said says tell told speak spoke spoken ask asked part role change changed own
differently different do thing things way ways time times one ones someone something anything
""".split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem, enough to equate "documents", "documented" and "documenting"."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + repl
    return word


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words_of(text) if w not in _FUNCTION_WORDS and not w.isdigit()]


@lru_cache(maxsize=1)
def stock_openings() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(phrase, its stems without articles) for each line of the package's ``stock_openings.txt``."""
    raw = (resources.files(__package__) / "stock_openings.txt").read_text(encoding="utf-8")
    phrases = [line.strip() for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return tuple((p, _phrase_stems(p)) for p in phrases)


def _phrase_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words_of(text) if w not in {"a", "an", "the"})


#: A stock phrase still matches with this many extra words between two of its words ("a tight go-live
#: deadline", "negotiated with an outside vendor").
STOCK_GAP = 2


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether ``part`` occurs in ``seq`` in order, with at most STOCK_GAP other words between its words."""
    for start in (i for i, w in enumerate(seq) if w == part[0]):
        at, ok = start, True
        for word in part[1:]:
            window = seq[at + 1: at + 2 + STOCK_GAP]
            if word not in window:
                ok = False
                break
            at = at + 1 + window.index(word)
        if ok:
            return True
    return False


def _longest_common_run(a: list[str], b: list[str]) -> list[str]:
    """The longest sequence of words found in both, in the same order (gaps allowed): an LCS."""
    prev = [[] for _ in range(len(b) + 1)]
    for x in a:
        cur: list[list[str]] = [[]]
        for j, y in enumerate(b, start=1):
            if x == y:
                cur.append(prev[j - 1] + [x])
            else:
                cur.append(prev[j] if len(prev[j]) >= len(cur[j - 1]) else cur[j - 1])
        prev = cur
    return prev[-1]


# ------------------------------------------------------------------------------------------------ rules


def question_length(q: Question) -> Iterator[Issue]:
    n = len(q.text.split())
    if n > MAX_QUESTION_WORDS:
        yield ("question-length", "text",
               f"the question is {n} words; keep it to {MAX_QUESTION_WORDS} or fewer so it can be read aloud "
               "once and remembered while the candidate answers")


def anchor_length(q: Question) -> Iterator[Issue]:
    for a in q.anchors:
        n = len(a.text.split())
        if n > MAX_ANCHOR_WORDS:
            yield ("anchor-length", f"anchor {a.level}",
                   f"anchor {a.level} is {n} words; keep each level to {MAX_ANCHOR_WORDS} or fewer — an "
                   "interviewer has to hold all five in mind while listening")


def anchor_chain(q: Question) -> Iterator[Issue]:
    for a in q.anchors:
        if m := _CHAIN.search(normalise(a.text)):
            yield ("anchor-chain", f"anchor {a.level}",
                   f'anchor {a.level} leans on another level ("{m.group(0)}"); describe the level in full so '
                   "it can be read on its own — chains add up to more behaviours than anyone can hold")


def probe_reads_anchor(q: Question) -> Iterator[Issue]:
    anchors = [(a.level, content_stems(a.text)) for a in q.anchors]
    setting = set(content_stems(q.text))  # words the question already said are context, not a hint
    for i, probe in enumerate(q.probes, start=1):
        mine = [w for w in content_stems(probe) if w not in setting]
        if not mine:
            continue
        for level, theirs in anchors:
            run = _longest_common_run(mine, theirs)
            shared = set(mine) & set(theirs)
            share = len([w for w in mine if w in shared]) / len(mine)
            if (len(run) >= PROBE_ECHO_RUN or len(shared) >= PROBE_ECHO_RUN
                    or (len(mine) >= PROBE_ECHO_MIN_WORDS and share >= PROBE_ECHO_SHARE)):
                words = " ".join(run) if len(run) >= PROBE_ECHO_RUN else ", ".join(sorted(shared))
                yield ("probe-reads-anchor", f"probe {i}",
                       f"probe {i} repeats the wording of anchor {level} ({words}); it tells the candidate "
                       "what scores well — ask neutrally, e.g. \"What did you do next?\"")
                break


def two_questions(q: Question) -> Iterator[Issue]:
    text = normalise(q.text)
    if text.count("?") > 1:
        yield ("two-questions", "text",
               f"the text asks {text.count('?')} questions; ask one and leave the rest to the probes, so every "
               "candidate answers the same question")
    elif m := _TWO_ASKS.search(text):
        yield ("two-questions", "text",
               f'"{m.group(0).strip(" ,;")}" joins a second question to the first; ask one and move the '
               "second to a probe")


def gendered_pronoun(q: Question) -> Iterator[Issue]:
    parts = [("text", q.text)] + [(f"probe {i}", p) for i, p in enumerate(q.probes, start=1)]
    parts += [(f"anchor {a.level}", a.text) for a in q.anchors]
    for field, value in parts:
        if m := _GENDERED.search(normalise(value)):
            yield ("gendered-pronoun", field,
                   f'"{m.group(0)}" gives a role a gender; use "they" or name the role, so every candidate '
                   "hears themselves in the question")


def stock_opening(q: Question) -> Iterator[Issue]:
    mine = _phrase_stems(q.text)
    present = set(mine)
    for phrase, stems in stock_openings():
        if stems[0] in present and _contains(mine, stems):
            yield ("stock-opening", "text",
                   f'"{phrase}" is a stock interview question candidates have rehearsed answers to; set it '
                   "in a specific health-IT moment (a downtime, an order-set change, a go-live floor)")
            return


def outcome_in_situational(q: Question) -> Iterator[Issue]:
    if q.kind != "situational":
        return
    for a in q.anchors:
        if m := _OUTCOME.search(normalise(a.text)):
            yield ("situational-outcome", f"anchor {a.level}",
                   f'anchor {a.level} of a situational question rests on an outcome ("{m.group(0)}"); the '
                   "candidate can only say what they would do and why — score that")


RULES = (question_length, two_questions, stock_opening, gendered_pronoun, anchor_length, anchor_chain,
         outcome_in_situational, probe_reads_anchor)


def quality_issues(q: Question) -> list[Issue]:
    return [issue for rule in RULES for issue in rule(q)]
