"""Sample answers: three spoken answers per question with reference levels, for practice rating.

A question's ``[[questions.samples]]`` tables each hold ``level`` (1-5), ``answer`` (the spoken answer) and
``why`` (one line on why it sits at that level, in the anchors' words). A problem with a sample never skips
its question — the question still serves interviews — but a sample with a missing or wrong-typed field is
left out of practice.

The set is checked as a whole: three samples per question, covering the scale (one at 1 or 2, one at 3, one
at 4 or 5), so practice spreads over weak, adequate and strong answers. Loading gives that advice as warnings
(a user's question may have no samples at all; practice mode leaves it out and says so). The bundled banks
are held to it as a release rule: :func:`release_findings` turns it into errors, and every bundled question
needs its three — ``banks validate`` and ``banks lint`` apply it, the app's start does not (a user cannot fix
a bundled file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ..model import Question, Sample
from .findings import ERROR, WARNING, Finding

SAMPLES_PER_QUESTION = 3
#: An answer shorter or longer than this (in words) is an error: too thin to rate, or longer than anyone
#: reads aloud in practice.
ANSWER_WORDS_LIMIT = (60, 200)
#: The length the writing rules ask for; outside it is a warning.
ANSWER_WORDS_ADVISED = (80, 150)
#: The scale a set must cover: a weak answer, an adequate one and a strong one.
LEVEL_BANDS = ((1, 2), (3, 3), (4, 5))

_SAMPLE_KEYS = ("level", "answer", "why")

Report = Callable[..., None]  # report(rule, message, field=..., severity=...)


def parse_samples(raw, report: Report) -> tuple[Sample, ...]:
    """The well-formed samples of a question's ``samples`` value, reporting every problem through ``report``."""
    if raw is None:
        return ()  # a user's question may have none: practice mode leaves it out and says so
    if not isinstance(raw, list):
        report("wrong-type", 'samples must be [[questions.samples]] tables, each with level, answer and why '
               "— the samples were left out", field="samples")
        return ()
    samples: list[Sample] = []
    for number, entry in enumerate(raw, start=1):
        sample = _parse_one(entry, number, report)
        if sample is not None:
            samples.append(sample)
    _check_set(len(raw), samples, report)
    return tuple(samples)


def _parse_one(entry, number: int, report: Report) -> Sample | None:
    field = f"sample {number}"
    left_out = " — the sample was left out of practice"
    if not isinstance(entry, dict):
        report("wrong-type", f"sample {number} must be a [[questions.samples]] table{left_out}", field=field)
        return None
    ok = True
    level = entry.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        report("bad-sample-level", f"sample {number} needs level = 1 to 5 (the reference level), not "
               f"{level!r}{left_out}", field=field)
        ok = False
    for key, what in (("answer", "the answer as a candidate would say it"),
                      ("why", "one line on why the answer sits at its level, in the anchors' words")):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            report("missing-field", f'sample {number} has no "{key}"; add {what}{left_out}', field=field)
            ok = False
    for key in entry:
        if key not in _SAMPLE_KEYS:
            report("unknown-field", f'unknown key "{key}" in sample {number} is ignored (a sample has '
                   f"{', '.join(_SAMPLE_KEYS)})", field=field, severity=WARNING)
    if not ok:
        return None
    answer = entry["answer"].strip()
    _check_length(answer, number, report)
    return Sample(level=level, answer=answer, why=entry["why"].strip())


def _check_length(answer: str, number: int, report: Report) -> None:
    n = len(answer.split())
    low, high = ANSWER_WORDS_LIMIT
    good_low, good_high = ANSWER_WORDS_ADVISED
    if not low <= n <= high:
        report("sample-length", f"sample {number} has {n} words; an answer of {low} to {high} words (best "
               f"{good_low} to {good_high}) is long enough to rate and short enough to read in practice",
               field=f"sample {number}")
    elif not good_low <= n <= good_high:
        report("sample-length", f"sample {number} has {n} words; aim for {good_low} to {good_high}, about "
               "a minute spoken", field=f"sample {number}", severity=WARNING)


def _check_set(given: int, samples: list[Sample], report: Report) -> None:
    severity = WARNING
    if given != SAMPLES_PER_QUESTION:
        report("sample-count", f"the question has {given} sample answer{'s' if given != 1 else ''}; give "
               f"exactly {SAMPLES_PER_QUESTION} (one weak, one adequate, one strong) so practice covers the "
               "scale", field="samples", severity=severity)
        return
    if len(samples) < given:
        return  # a broken sample is already reported; the coverage would only repeat it
    levels = sorted(s.level for s in samples)
    missing = [band for band in LEVEL_BANDS if not any(band[0] <= lvl <= band[1] for lvl in levels)]
    if missing:
        names = " and ".join(f"{a} or {b}" if a != b else str(a) for a, b in missing)
        report("sample-levels", f"the samples' levels are {', '.join(map(str, levels))}: none at {names}; "
               "give one answer at 1 or 2, one at 3 and one at 4 or 5 so practice tests the whole scale",
               field="samples", severity=severity)


#: The set rules, which the bundled banks must meet.
SET_RULES = ("sample-count", "sample-levels")


def release_findings(findings: Iterable[Finding], questions: Iterable[Question], is_bundled) -> list[Finding]:
    """``findings`` with the bundled banks' sample-set warnings made errors, plus an error for each bundled
    question that has no samples at all (``is_bundled(label)`` says whether a file ships with the app)."""
    result = [replace(f, severity=ERROR) if f.rule in SET_RULES and is_bundled(f.path) else f for f in findings]
    for q in questions:
        if is_bundled(q.source) and not q.samples and not _has_sample_finding(result, q):
            result.append(Finding(
                path=q.source, skill=q.skill, question=q.id, field="samples", rule="sample-count",
                severity=ERROR, message=f"the question has no sample answers; a bundled question needs exactly "
                f"{SAMPLES_PER_QUESTION} (one weak, one adequate, one strong) so practice covers the scale"))
    return result


def _has_sample_finding(findings: list[Finding], q: Question) -> bool:
    return any(f.question == q.id and f.path == q.source and f.field and f.field.startswith("sample")
               for f in findings)
