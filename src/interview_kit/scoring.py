"""Panel results: per question, per skill and a weighted overall result per candidate, with spread and flags.

Pure functions over plain data (no store, no Qt). A mean is never taken over nothing: where there are no
ratings the result is ``None`` and, for a skill, a flag says so. N/A ratings (``None``) and missing panelists
are left out of every mean and counted separately.

How the numbers are built (the order matters and is the usual structured-interview practice):
1. question: each panelist's rating; the question's mean and spread are over the panelists who rated it;
2. skill, per panelist: the mean of that panelist's ratings on the skill's questions;
3. skill, panel: the mean of the panelists' skill means (each panelist counts once, however many
   questions they rated);
4. overall: the weighted mean over the skills that have data (weights renormalised over those skills).
Spread is max − min of the values the mean was taken over. A question or skill whose panelists are
``DISAGREEMENT`` (2) or more points apart is flagged.

Only submitted scorecards count. A scorecard is one panelist's ratings and verdict for one candidate; it is a
draft until its verdict has ``submitted_at``. :func:`split_scorecards` is the one place that rule lives: every
result (these functions, the panel view, ``report``, the PDFs) is computed from its ``scores`` and
``verdicts``, and shows its ``drafts`` only as drafts, never inside a mean.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from . import agreement, independence
from .model import Candidate, GuideQuestion, Panelist, RoleSkill, Score, Verdict

DISAGREEMENT = 2.0
#: A positive verdict with the panelist's own overall under this, or a negative one over HIGH, contradicts.
LOW, HIGH = 2.5, 3.5
POSITIVE = ("yes", "strong_yes")
NEGATIVE = ("no", "strong_no")


#: "Lenient" / "severe" is said of a panelist only when it means something (see :func:`leaning`): at least this
#: many panelists with submitted ratings in the round ...
LEANING_MIN_PANELISTS = 3
#: ... and at least this many of the panelist's ratings shared with someone else ...
LEANING_MIN_SHARED = 10
#: ... and an offset from the rest of the panel at least this big.
LEANING_OFFSET = 0.5


def fmt(value: float | None, *, signed: bool = False) -> str:
    """How a result reads wherever a person reads it (panel view, PDFs): two decimals, halves rounded up
    (3.125 -> "3.13", 3.25 -> "3.25", 3.75 -> "3.75"), "—" for nothing. JSON keeps full precision.

    Decimal on the shortest repr, not ``f"{v:.2f}"``: the float format rounds half to even on the binary
    value, so equal-looking halves went different ways (3.25 -> "3.2" but 3.75 -> "3.8").
    """
    if value is None:
        return "—"
    text = str(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    if text in ("-0.00", "0.00") and signed:
        return "±0.00"
    return ("+" + text if signed and not text.startswith("-") else text).replace("-", "−")


# ------------------------------------------------------------------------------ drafts and submitted

# A round's scores come as :class:`Score` objects or, on the hot read (a report, the panel view), as the store's
# plain rows in Score's field order (``Workspace.round_score_rows``); ``rows=True`` says which.
# independence.SCORECARD reads a score's scorecard (candidate id, panelist id) from either; _SCORE_FIELDS makes
# a Score's fields a row.
_SCORE_FIELDS = attrgetter("candidate_id", "panelist_id", "question_id", "rating", "note")


@dataclass(frozen=True)
class Draft:
    """A scorecard its panelist has not submitted: shown to a lead as a draft, never counted."""

    candidate_id: str
    panelist_id: str
    rated: int  # questions with a score (N/A included)
    verdict: Verdict | None = None

    def label(self, questions: int) -> str:
        return f"draft · {self.rated} of {questions} rated"


@dataclass(frozen=True)
class Scorecards:
    """A round's rows split by scorecard state: ``scores`` and ``verdicts`` of submitted scorecards only (what
    every result counts) and the ``drafts``."""

    scores: list  # Score objects or rows, as they were given
    verdicts: list[Verdict]
    drafts: list[Draft]
    draft_scores: list = field(default_factory=list)  # the drafts' own scores (shown as drafts, never counted)

    def drafts_of(self, candidate_id: str) -> tuple[Draft, ...]:
        return tuple(x for x in self.drafts if x.candidate_id == candidate_id)


def split_scorecards(scores: Iterable[Score], verdicts: Iterable[Verdict], *, rows: bool = False) -> Scorecards:
    """Drafts vs submitted — the one home of the rule. A scorecard (candidate, panelist) is submitted when its
    verdict has ``submitted_at``; everything else (scores with no verdict, a verdict not yet submitted, a
    scorecard reopened for amendment) is a draft. ``rows``: the scores are the store's plain rows."""
    verdicts = list(verdicts)
    card = independence.SCORECARD[rows]
    submitted = {(v.candidate_id, v.panelist_id) for v in verdicts if v.submitted_at}
    kept, draft_scores = [], []
    rated: dict[tuple[str, str], int] = {}
    for s in scores:
        key = card(s)
        if key in submitted:
            kept.append(s)
        else:
            draft_scores.append(s)
            rated[key] = rated.get(key, 0) + 1
    open_verdicts = {(v.candidate_id, v.panelist_id): v for v in verdicts if not v.submitted_at}
    keys = sorted(set(rated) | set(open_verdicts))
    drafts = [Draft(c, p, rated.get((c, p), 0), open_verdicts.get((c, p))) for c, p in keys]
    return Scorecards(kept, [v for v in verdicts if v.submitted_at], drafts, draft_scores)


@dataclass(frozen=True)
class Flag:
    kind: str  # "disagreement" | "verdict-contradiction" | "no-ratings"
    scope: str  # "question" | "skill" | "verdict"
    subject: str  # question id, skill id or panelist id
    reason: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "scope": self.scope, "subject": self.subject, "reason": self.reason}


@dataclass(frozen=True)
class Stat:
    """A mean with its spread and how many values it rests on (``mean`` is None when ``n`` is 0)."""

    mean: float | None
    spread: float | None
    n: int
    low: float | None = None
    high: float | None = None

    @classmethod
    def of(cls, values: Iterable[float]) -> "Stat":
        vals = [v for v in values if v is not None]
        if not vals:
            return cls(None, None, 0)
        lo, hi = min(vals), max(vals)
        return cls(sum(vals) / len(vals), hi - lo, len(vals), lo, hi)

    def as_dict(self) -> dict:
        return {"mean": self.mean, "spread": self.spread, "n": self.n, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class QuestionResult:
    question: GuideQuestion
    ratings: dict[str, int | None]  # panelist id -> rating (None = N/A); panelists without a score are absent
    notes: dict[str, str]
    stat: Stat


@dataclass(frozen=True)
class SkillResult:
    skill: RoleSkill
    by_panelist: dict[str, float | None]  # panelist id -> their mean on this skill (None: no ratings)
    stat: Stat  # over the panelists' means


@dataclass(frozen=True)
class CandidateResult:
    candidate: Candidate
    questions: list[QuestionResult]
    skills: list[SkillResult]
    overall: Stat  # mean: the weighted panel overall; spread/low/high: over the panelists' own overalls
    panelist_overall: dict[str, float | None]
    verdicts: dict[str, Verdict]
    flags: list[Flag] = field(default_factory=list)
    na_count: int = 0
    missing_panelists: tuple[str, ...] = ()
    drafts: tuple[Draft, ...] = ()  # shown as drafts, never counted

    @property
    def scorecards_submitted(self) -> int:
        return sum(1 for v in self.verdicts.values() if v.submitted_at)

    @property
    def scored(self) -> bool:
        """False: "not yet scored" (no submitted rating), unranked and listed below every ranked candidate."""
        return self.overall.mean is not None

    def flags_on(self, subject: str) -> list[Flag]:
        """The flags about one question, skill or panelist (by its id)."""
        return [f for f in self.flags if f.subject == subject]


def weighted_mean(values: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """Weighted mean over the keys that have a value; None when none has one."""
    have = [(v, weights.get(k, 1.0)) for k, v in values.items() if v is not None]
    total = sum(w for _, w in have)
    if not have or total <= 0:
        return None
    return sum(v * w for v, w in have) / total


class GroupedScores:
    """A round's scores grouped once: candidate id -> question id -> panelist id -> the score as a tuple whose
    fields 3 and 4 are its rating and note (the store's row itself, or a Score's fields), and each candidate's
    count of N/A rows. The store keeps one score per (candidate, panelist, question); given two, the
    later counts. Pass it to :func:`round_results` and :func:`round_agreement` in place of the scores, and both
    read this one grouping instead of each going through the round's rows again. ``rows``: the scores are the
    store's plain rows."""

    __slots__ = ("by_candidate", "na")

    def __init__(self, scores: Iterable[Score], *, rows: bool = False):
        by_candidate: dict[str, dict[str, dict[str, tuple]]] = {}
        na: dict[str, int] = {}
        for score in (scores if rows else map(_SCORE_FIELDS, scores)):
            cid, pid, qid, rating = score[0], score[1], score[2], score[3]
            by_q = by_candidate.get(cid)
            if by_q is None:
                by_q = by_candidate[cid] = {}
            got = by_q.get(qid)
            if got is None:
                got = by_q[qid] = {}
            got[pid] = score
            if rating is None:
                na[cid] = na.get(cid, 0) + 1
        self.by_candidate = by_candidate
        self.na = na


class _Layout:
    """What every candidate's result in a round shares (the guide, the skills in order and which questions are
    each skill's, the weights, the panel), worked out once per round rather than once per candidate."""

    __slots__ = ("guide", "panel_ids", "names", "skills", "weights")

    def __init__(self, guide: Sequence[GuideQuestion], skills: Sequence[RoleSkill], panel: Sequence[Panelist]):
        self.guide = list(guide)
        self.panel_ids = [p.id for p in panel]
        self.names = {p.id: p.name for p in panel}
        order = list(skills) or [RoleSkill(s) for s in dict.fromkeys(q.skill for q in self.guide)]
        #: each skill with the places in the guide of its questions
        self.skills = [(rs, [i for i, q in enumerate(self.guide) if q.skill == rs.skill]) for rs in order]
        self.weights = {rs.skill: rs.weight for rs in order}

    def result(self, candidate: Candidate, by_q: dict[str, dict[str, tuple]], na: int,
               verdicts: Iterable[Verdict], drafts: tuple[Draft, ...]) -> CandidateResult:
        """One candidate's result from their scores by question (:class:`GroupedScores`) and their own verdicts."""
        panel_ids, names = self.panel_ids, self.names
        flags: list[Flag] = []
        questions = []
        for q in self.guide:
            ratings: dict[str, int | None] = {}
            notes: dict[str, str] = {}
            got = by_q.get(q.id)
            if got:
                for pid in panel_ids:
                    score = got.get(pid)
                    if score is not None:
                        ratings[pid], notes[pid] = score[3], score[4]
            stat = Stat.of(ratings.values())
            questions.append(QuestionResult(q, ratings, notes, stat))
            if stat.n >= 2 and stat.spread >= DISAGREEMENT:
                flags.append(Flag("disagreement", "question", q.id,
                                  f"ratings on question {q.position + 1} range from {stat.low:g} to {stat.high:g}"))

        rated_at_all = any(qr.stat.n for qr in questions)
        skill_results = []
        for rs, places in self.skills:
            # Each panelist's ratings on the skill's questions, summed in question order (as sum() would).
            totals: dict[str, float] = {}
            counts: dict[str, int] = {}
            for i in places:
                for pid, r in questions[i].ratings.items():
                    if r is not None:
                        totals[pid] = totals.get(pid, 0) + r
                        counts[pid] = counts.get(pid, 0) + 1
            by_panelist = {pid: totals[pid] / counts[pid] if pid in counts else None for pid in panel_ids}
            stat = Stat.of(by_panelist.values())
            skill_results.append(SkillResult(rs, by_panelist, stat))
            if stat.n == 0 and rated_at_all:  # not yet scored at all: one fact, said once
                flags.append(Flag("no-ratings", "skill", rs.skill, f"no ratings at all for {rs.label}"))
            elif stat.n >= 2 and stat.spread >= DISAGREEMENT:
                flags.append(Flag("disagreement", "skill", rs.skill,
                                  f"panelists' means for {rs.label} range from {fmt(stat.low)} to {fmt(stat.high)}"))

        weights = self.weights
        panel_means = {sr.skill.skill: sr.stat.mean for sr in skill_results}
        panelist_overall = {
            pid: weighted_mean({sr.skill.skill: sr.by_panelist[pid] for sr in skill_results}, weights)
            for pid in panel_ids
        }
        spread = Stat.of(panelist_overall.values())
        overall = Stat(weighted_mean(panel_means, weights), spread.spread, spread.n, spread.low, spread.high)

        verdict_map = {v.panelist_id: v for v in verdicts}
        for pid, v in verdict_map.items():
            own = panelist_overall.get(pid)
            if own is None or v.recommendation is None:
                continue
            if (v.recommendation in POSITIVE and own < LOW) or (v.recommendation in NEGATIVE and own > HIGH):
                flags.append(Flag("verdict-contradiction", "verdict", pid,
                                  f"{names.get(pid, pid)} recommends {v.recommendation.replace('_', ' ')} but their "
                                  f"own mean is {fmt(own)}"))
        rated = {pid for qr in questions for pid in qr.ratings}
        missing = tuple(pid for pid in panel_ids if pid not in rated)
        return CandidateResult(candidate, questions, skill_results, overall, panelist_overall, verdict_map, flags, na,
                               missing, drafts)


def candidate_result(
    candidate: Candidate,
    guide: Sequence[GuideQuestion],
    skills: Sequence[RoleSkill],
    panel: Sequence[Panelist],
    scores: Iterable[Score],
    verdicts: Iterable[Verdict] = (),
    drafts: Iterable[Draft] = (),
) -> CandidateResult:
    """Everything the panel view, the report and the scorecard show for one candidate.

    Pass the submitted rows (:func:`split_scorecards`): every row given here is counted. For a whole round,
    :func:`round_results` reads the round's rows once instead of once per candidate."""
    cid = candidate.id
    rows = GroupedScores(s for s in scores if s.candidate_id == cid)
    return _Layout(guide, skills, panel).result(candidate, rows.by_candidate.get(cid, {}), rows.na.get(cid, 0),
                                                [v for v in verdicts if v.candidate_id == cid],
                                                tuple(x for x in drafts if x.candidate_id == cid))


def _by_candidate(rows: Iterable) -> dict[str, list]:
    """Rows (verdicts, drafts) grouped by their ``candidate_id``, in one pass."""
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row.candidate_id, []).append(row)
    return grouped


def _grouped(scores: Iterable[Score] | GroupedScores) -> GroupedScores:
    return scores if isinstance(scores, GroupedScores) else GroupedScores(scores)


def round_results(
    candidates: Sequence[Candidate],
    guide: Sequence[GuideQuestion],
    skills: Sequence[RoleSkill],
    panel: Sequence[Panelist],
    scores: Iterable[Score] | GroupedScores,
    verdicts: Iterable[Verdict] = (),
    drafts: Iterable[Draft] = (),
) -> list[CandidateResult]:
    """Every candidate's result from the submitted rows (drafts shown beside, never counted). The round's
    scores (or their :class:`GroupedScores`), verdicts and drafts are grouped by candidate once, so the work
    follows the number of scores, not candidates × scores."""
    verdicts_of, drafts_of = _by_candidate(verdicts), _by_candidate(drafts)
    layout, rows = _Layout(guide, skills, panel), _grouped(scores)
    return [layout.result(c, rows.by_candidate.get(c.id, {}), rows.na.get(c.id, 0), verdicts_of.get(c.id, ()),
                          tuple(drafts_of.get(c.id, ())))
            for c in candidates]


# ---------------------------------------------------------------------------------------- round level


@dataclass(frozen=True)
class RoundAgreement:
    icc: dict[str, float] | None
    icc_targets: int
    alpha: float | None
    alpha_units: int
    reading: str  # "good" | "fair" | "poor" | "not enough data"
    note: str  # why a figure is missing, in words
    offsets: dict[str, dict]  # panelist id -> {"offset", "n"}
    raters: int = 0  # panelists with at least one submitted rating in the round

    def leaning(self, panelist_id: str) -> str | None:
        """"lenient", "severe" or "in line" for this panelist, or None where the word would mean nothing."""
        o = self.offsets.get(panelist_id) or {}
        return leaning(o.get("offset"), o.get("n", 0), self.raters)

    def as_dict(self, names: dict[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "icc": self.icc,
            "icc_targets": self.icc_targets,
            "krippendorff_alpha": self.alpha,
            "alpha_units": self.alpha_units,
            "reading": self.reading,
            "thresholds": {"good": agreement.GOOD, "fair": agreement.FAIR},
            "note": self.note,
            "raters": self.raters,
            "calibration": [
                {"panelist_id": pid, "panelist": names.get(pid, pid), "offset": o["offset"], "n": o["n"],
                 "leaning": self.leaning(pid)}
                for pid, o in self.offsets.items()
            ],
        }


def leaning(offset: float | None, shared: int, raters: int) -> str | None:
    """Whether to call a panelist lenient or severe, and only where it means something.

    The rule: at least :data:`LEANING_MIN_PANELISTS` (3) panelists with submitted ratings in the round, and at
    least :data:`LEANING_MIN_SHARED` (10) of this panelist's ratings shared with someone else; then an offset
    of +0.5 or more from the rest of the panel reads "lenient", −0.5 or less "severe", otherwise "in line".
    Otherwise None (say nothing). Why: with two raters the offsets are mirror images (+d and −d), so the
    figures say only that the two differ, not which of them is off; and a handful of shared ratings moves
    an offset by half a point on one answer.
    """
    if offset is None or raters < LEANING_MIN_PANELISTS or shared < LEANING_MIN_SHARED:
        return None
    return "lenient" if offset >= LEANING_OFFSET else "severe" if offset <= -LEANING_OFFSET else "in line"


def round_agreement(panel: Sequence[Panelist], scores: Iterable[Score] | GroupedScores) -> RoundAgreement:
    """How far the panel agrees across the round: ICC on the items everyone rated, alpha on everything.

    Units are (candidate, question) pairs; raters are panelists. N/A counts as missing. Pass the submitted
    rows (:func:`split_scorecards`), or their :class:`GroupedScores`. Where a figure cannot be had, ``note``
    says why in words (never the statistics' own error text).
    """
    panel_ids, rows = [p.id for p in panel], _grouped(scores)
    # Each unit's ratings by panelist in panel order, the units sorted by (candidate, question): the order the
    # statistics have always seen them in (integer ratings give the same value in any order; this keeps it bit-equal).
    # A dict of strings and numbers is never tracked by the garbage collector, unlike a list or tuple per rating.
    units: list[dict[str, int]] = []
    for cid in sorted(rows.by_candidate):
        by_q = rows.by_candidate[cid]
        for qid in sorted(by_q):
            got = by_q[qid]
            unit = {pid: r for pid in panel_ids if (s := got.get(pid)) is not None and (r := s[3]) is not None}
            if unit:
                units.append(unit)
    raters = len({pid for unit in units for pid in unit})
    shared = sum(1 for unit in units if len(unit) >= 2)
    complete = [list(unit.values()) for unit in units if len(unit) == len(panel_ids)]
    icc = None
    try:
        icc = agreement.icc(complete)
    except agreement.AgreementError:
        pass
    alpha = None
    try:
        alpha = agreement.interval_alpha([unit.values() for unit in units])
    except agreement.AgreementError:
        pass
    if raters < 2:
        note = "fewer than two panelists have submitted ratings, so there is nothing to compare yet"
    elif shared == 0:
        note = "no question has been rated by two panelists yet, so there is nothing to compare"
    elif alpha is None and icc is None:
        note = "agreement cannot be measured on these ratings yet (too few, or all the same)"
    elif icc is None:
        note = "ICC is left out: it needs at least two questions that every panelist rated"
    else:
        note = ""
    # The plain reading leans on alpha (it uses every rating, gaps included); ICC(2,1) where alpha is missing.
    figure = alpha if alpha is not None else (icc or {}).get("ICC2")
    reading = agreement.reading(figure) if figure is not None else "not enough data"
    offsets = agreement.rater_offsets_by_item(panel_ids, units)
    return RoundAgreement(icc, len(complete), alpha, shared, reading, note, offsets, raters)


def panel_sentence(results: Sequence[CandidateResult], ag: RoundAgreement) -> str:
    """The one plain sentence a panel reads first, e.g. "The panel is 2+ points apart on 5 of 30 questions;
    overall agreement is fair." Figures and the statistics' names come second (hover, the PDF's method note)."""
    compared = [(r, qr) for r in results for qr in r.questions if qr.stat.n >= 2]
    if ag.raters < 2 or not compared:
        submitted = sum(r.scorecards_submitted for r in results)
        if submitted == 0:
            return "No scorecard has been submitted yet, so there are no results to compare."
        if ag.raters < 2:
            return (f"Only one panelist's scorecards are submitted ({submitted}), so there is nothing to compare "
                    "yet: agreement needs at least two.")
        return "No question has been rated by two panelists yet, so there is nothing to compare."
    apart = sum(1 for r, qr in compared if qr.stat.spread >= DISAGREEMENT)
    noun = "question" if len(compared) == 1 else "questions"
    head = (f"The panel is 2+ points apart on {apart} of {len(compared)} {noun}" if apart else
            f"The panel is within 2 points on all {len(compared)} {noun} rated by two or more")
    tail = ("overall agreement cannot be measured yet" if ag.reading == "not enough data" else
            f"overall agreement is {ag.reading}")
    return f"{head}; {tail}."


@dataclass(frozen=True)
class Ranked:
    """A candidate's place in the round. The counts say how the rank should be read: "clearly above" n others
    means this candidate's range of panelists' overalls lies wholly above theirs; ``overlaps`` counts those whose
    ranges overlap this one's, where the order is within the panel's own disagreement. (Counts, not names: a
    list of names per candidate grows with the square of the round; who exactly follows from the ranges.)"""

    result: CandidateResult
    rank: int  # 1 = highest weighted overall
    clearly_above: int  # candidates whose range lies wholly below this one's
    clearly_below: int  # candidates whose range lies wholly above this one's
    overlaps: int  # candidates not clearly different from this one


def _range(r: CandidateResult) -> tuple[float, float]:
    mean = r.overall.mean
    return (mean if r.overall.low is None else r.overall.low, mean if r.overall.high is None else r.overall.high)


def compare(results: Sequence[CandidateResult]) -> list[Ranked]:
    """Candidates with a result, sorted by weighted overall, each with how many others they are (and are not)
    clearly separated from.

    Two candidates are "clearly different" only when their panelists' overall ranges do not overlap; otherwise
    the order between them is within the panel's own disagreement and should not be read as a rank. One sort
    and two binary searches per candidate: n log n, so a round of hundreds of candidates costs milliseconds.
    """
    scored = sorted((r for r in results if r.overall.mean is not None),
                    key=lambda r: (-r.overall.mean, r.candidate.position))
    ranges = [_range(r) for r in scored]
    highs = sorted(hi for _, hi in ranges)
    lows = sorted(lo for lo, _ in ranges)
    out = []
    for place, (r, (lo, hi)) in enumerate(zip(scored, ranges), 1):
        above = bisect_left(highs, lo)  # others whose high is under this one's low (never itself: lo <= hi)
        below = len(lows) - bisect_right(lows, hi)  # others whose low is over this one's high
        out.append(Ranked(r, place, above, below, len(scored) - 1 - above - below))
    return out


def standing(results: Sequence[CandidateResult]) -> tuple[list[Ranked], list[CandidateResult]]:
    """The order every list of candidates uses: the ranked ones (:func:`compare`), then those "not yet scored"
    (no submitted rating) in the order they were added, unranked, below every ranked candidate."""
    return compare(results), [r for r in results if not r.scored]
