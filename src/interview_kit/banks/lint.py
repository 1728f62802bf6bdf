"""The lint: fairness, question form and anchor quality, over loaded questions.

It works on loaded :class:`~interview_kit.model.Question` objects, so the app can lint a question typed by
hand as well as a whole library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from ..model import Question
from .duplicates import NEAR_DUPLICATE_RATIO, near_matches, similar_pairs
from .fairness import _NOT_JOB_RELATED, PROTECTED_CHARACTERISTICS, PROXIES, passes_gate
from .findings import ERROR, WARNING, Finding
from .library import Library, label_path
from .quality import quality_issues
from .load import load_for_paths, structural_findings
from .text import SourceText, normalise, words_of
from .validate import OPTIONAL_ANCHORS, REQUIRED_ANCHORS, missing_anchor_message

def lint_paths(paths_: Sequence[Path | str] = (), *, extra_dirs: Iterable[Path | str] = ()) -> list[Finding]:
    """Structural findings plus the fairness lint for the given files or folders (or the whole library).

    Near-duplicates are looked for across the whole effective library, but only reported when one of the
    pair comes from the given paths.
    """
    library, wanted, missing = load_for_paths(paths_, extra_dirs)
    return missing + structural_findings(library, wanted) + lint_questions(library.questions(), wanted)


def lint_library(library: Library) -> list[Finding]:
    """The fairness lint over every question of a loaded library (its load findings are not repeated)."""
    return lint_questions(library.questions(), None)


def near_duplicate(a: str, b: str) -> bool:
    """Whether two question texts read almost the same (the lint's near-duplicate test)."""
    return any(True for _ in near_matches(words_of(a), [(0, words_of(b))]))


def lint_question(question: Question, *, path: str = "", others: Iterable[Question] = ()) -> list[Finding]:
    """The fairness lint for one question, e.g. a custom question typed in the app.

    ``others`` are the questions it must not nearly duplicate (a question with the same id is ignored, so a
    question being edited is not compared with its own earlier version).
    """
    findings = lint_one(question, path)
    others = [o for o in others if o.id != question.id]
    for j, ratio in near_matches(words_of(question.text), ((j, words_of(o.text)) for j, o in enumerate(others))):
        findings.append(_near_duplicate(question, others[j], ratio, path))
    return with_lines(findings, {question.id: question})


def with_lines(findings: list[Finding], questions: dict[str, Question]) -> list[Finding]:
    """Fill in line numbers of lint findings by reading each question's source file once."""
    cache: dict[str, SourceText] = {}
    result = []
    for f in findings:
        q = questions.get(f.question or "")
        if f.line is not None or q is None or not q.source:
            result.append(f)
            continue
        if q.source not in cache:
            path = label_path(q.source)
            try:
                cache[q.source] = SourceText(path.read_text(encoding="utf-8-sig")) if path else SourceText("")
            except (OSError, UnicodeDecodeError):
                cache[q.source] = SourceText("")
        line = cache[q.source].question_line(q.id, f.field, _field_value(q, f.field))
        result.append(replace(f, line=line))
    return result


def _field_value(q: Question, field: str | None) -> str | None:
    kind, _, number = (field or "").partition(" ")
    if kind == "probe" and number.isdigit() and 0 < int(number) <= len(q.probes):
        return q.probes[int(number) - 1]
    return None


_YES_NO_START = re.compile(
    r"^\s*(?:do|does|did|are|is|was|were|have|has|can|could|would|will|should)\b", re.IGNORECASE
)
_OPEN_LEAD = re.compile(r"\b(?:how|what|why|describe|tell|walk me through|explain)\b", re.IGNORECASE)
_LEADING = re.compile(
    r"\bdon'?t you\b|\bwouldn'?t you(?: agree)?\b|\bisn'?t it true\b|\baren'?t you\b"
    r"|\bsurely\b|\bobviously\b",
    re.IGNORECASE,
)
_PERSONALITY = re.compile(
    r"\bwhat (?:kind|type|sort) of (?:a )?person\b|\bdescribe your personality\b|\byour personality\b"
    r"|\byour (?:greatest|biggest) weakness\b|\bif you were an? (?:animal|tree|fruit|colou?r|car|superhero)\b"
    r"|\bwhat are you like\b|\bdescribe yourself\b",
    re.IGNORECASE,
)
#: Words that rate rather than describe: an anchor made only of these restates the number.
_RATING_WORDS = frozenset({
    "very", "quite", "really", "extremely", "somewhat", "fairly", "not", "poor", "weak", "bad", "below",
    "average", "fair", "ok", "okay", "good", "great", "excellent", "outstanding", "strong", "adequate",
    "satisfactory", "unsatisfactory", "acceptable", "exceptional", "superior", "inadequate", "meets",
    "exceeds", "fails", "meet", "exceed", "expectations", "expectation", "level", "score", "rating", "answer",
    "response", "performance", "overall", "a", "an", "the", "and", "or", "to", "of", "candidate",
})
_ANCHOR_MIN_WORDS = 4


def lint_one(q: Question, path: str = "") -> list[Finding]:
    """Every rule except near-duplicates (those need the other questions)."""
    findings: list[Finding] = []
    where = path or q.source

    def report(rule, severity, message, field=None):
        findings.append(Finding(path=where, skill=q.skill or None, question=q.id or None, field=field,
                                rule=rule, severity=severity, message=message))

    parts = [("text", q.text)] + [(f"probe {i}", p) for i, p in enumerate(q.probes, start=1)]
    parts += [(f"anchor {a.level}", a.text) for a in q.anchors]

    parts = [(name, normalise(value)) for name, value in parts]
    lowered = "\x00".join(value for _, value in parts).lower()
    direct: dict[str, list[tuple[int, int]]] = {}  # field -> spans a direct rule matched
    for label, advice, pattern in PROTECTED_CHARACTERISTICS:
        if not passes_gate(pattern, lowered):
            continue
        hits = [(name, m) for name, value in parts if (m := pattern.search(value))]
        for name, m in hits:
            direct.setdefault(name, []).append(m.span())
        if hits:
            fields = ", ".join(name for name, _ in hits)
            report("protected-characteristic", ERROR,
                   f'touches {label} ("{hits[0][1].group(0)}" in {fields}): {label} is a protected characteristic '
                   f"and {_NOT_JOB_RELATED}. Remove it and ask about job behavior instead.{advice}".rstrip(),
                   hits[0][0])

    for label, what, pattern in PROXIES:
        if not passes_gate(pattern, lowered):
            continue
        hits = [(name, m.group(0)) for name, value in parts
                for m in pattern.finditer(value)
                if not any(m.start() < end and start < m.end() for start, end in direct.get(name, ()))]
        if hits:
            fields = ", ".join(dict.fromkeys(name for name, _ in hits))
            report("protected-proxy", ERROR,
                   f'asks about {label} without naming it ("{hits[0][1]}" in {fields}): {what} tells the panel '
                   f"about {label}, a protected characteristic, and {_NOT_JOB_RELATED}. Remove it and ask about "
                   "job behavior instead", hits[0][0])

    text = normalise(q.text)
    start = _YES_NO_START.match(text)
    if start and not _OPEN_LEAD.search(text):
        report("yes-no-question", WARNING,
               f'can be answered "yes" or "no" (it starts with "{start.group(0).strip()}" and asks for no '
               'story); ask "Tell me about a time..." or "How would you..." so the candidate describes what '
               "they did", "text")

    for name, value in parts[: 1 + len(q.probes)]:
        if m := _LEADING.search(normalise(value)):
            report("leading-question", WARNING,
                   f'is leading ("{m.group(0)}"): it tells the candidate which answer you want; ask '
                   'neutrally, e.g. "What did you do next?"', name)
        if m := _PERSONALITY.search(normalise(value)):
            report("personality-question", WARNING,
                   f'asks about personality ("{m.group(0)}") rather than behavior; it predicts little about '
                   "the job and invites bias — ask for a specific situation the candidate handled", name)

    for anchor in q.anchors:
        words = words_of(anchor.text)
        if len(words) < _ANCHOR_MIN_WORDS or all(w in _RATING_WORDS or w.isdigit() for w in words):
            report("anchor-restates-number", WARNING,
                   f'anchor {anchor.level} ("{anchor.text}") only names the level instead of describing what '
                   'the candidate says or does; write observable behavior, e.g. "Names the affected units '
                   'and sets a time for the next update"', f"anchor {anchor.level}")

    for rule, field, message in quality_issues(q):
        report(rule, WARNING, message, field)

    present = {a.level for a in q.anchors}
    missing_required = [lvl for lvl in REQUIRED_ANCHORS if lvl not in present]
    if missing_required:
        report("missing-anchor", ERROR, missing_anchor_message(missing_required, ERROR), "anchors")
    missing_optional = [lvl for lvl in OPTIONAL_ANCHORS if lvl not in present]
    if missing_optional:
        report("missing-anchor", WARNING, missing_anchor_message(missing_optional, WARNING), "anchors")
    return findings


def _near_duplicate(q: Question, other: Question, ratio: float, path: str = "") -> Finding:
    same = "in the same skill" if other.skill == q.skill else f"in skill {other.skill!r}"
    return Finding(
        path=path or q.source, skill=q.skill or None, question=q.id or None, field="text",
        rule="near-duplicate", severity=WARNING,
        message=f"reads almost the same as question {other.id!r} {same} ({round(ratio * 100)}% alike); "
                "a panel would hear the same question twice — merge them or make one ask about something "
                "different",
    )


def lint_questions(questions: list[Question], wanted: set[str] | None) -> list[Finding]:
    """Lint ``questions``; with ``wanted``, only report on questions whose source is in it."""
    mine = [q for q in questions if wanted is None or q.source in wanted]
    findings = [f for q in mine for f in lint_one(q)]
    words = [words_of(q.text) for q in questions]
    wanted_flags = None if wanted is None else [q.source in wanted for q in questions]
    pairs = sorted(similar_pairs(words, NEAR_DUPLICATE_RATIO, wanted_flags), key=lambda p: (p[1], p[0]))
    for j, i, ratio in pairs:
        earlier, later = questions[j], questions[i]
        # Each pair once: on the later question, or on the earlier when only that one is being linted.
        if wanted is None or later.source in wanted:
            findings.append(_near_duplicate(later, earlier, ratio))
        else:
            findings.append(_near_duplicate(earlier, later, ratio))
    return with_lines(findings, {q.id: q for q in questions})
