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
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import agreement
from .model import Candidate, GuideQuestion, Panelist, RoleSkill, Score, Verdict

DISAGREEMENT = 2.0
#: A positive verdict with the panelist's own overall under this, or a negative one over HIGH, contradicts.
LOW, HIGH = 2.5, 3.5
POSITIVE = ("yes", "strong_yes")
NEGATIVE = ("no", "strong_no")


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
        r = lambda v: None if v is None else round(v, 3)  # noqa: E731
        return {"mean": r(self.mean), "spread": r(self.spread), "n": self.n, "low": r(self.low), "high": r(self.high)}


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

    def flags_on(self, subject: str) -> list[Flag]:
        """The flags about one question, skill or panelist (by its id)."""
        return [f for f in self.flags if f.subject == subject]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def weighted_mean(values: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """Weighted mean over the keys that have a value; None when none has one."""
    have = [(v, weights.get(k, 1.0)) for k, v in values.items() if v is not None]
    total = sum(w for _, w in have)
    if not have or total <= 0:
        return None
    return sum(v * w for v, w in have) / total


def candidate_result(
    candidate: Candidate,
    guide: Sequence[GuideQuestion],
    skills: Sequence[RoleSkill],
    panel: Sequence[Panelist],
    scores: Iterable[Score],
    verdicts: Iterable[Verdict] = (),
) -> CandidateResult:
    """Everything the panel view, the report and the scorecard show for one candidate."""
    mine = [s for s in scores if s.candidate_id == candidate.id]
    by_q: dict[str, dict[str, Score]] = {}
    for s in mine:
        by_q.setdefault(s.question_id, {})[s.panelist_id] = s
    panel_ids = [p.id for p in panel]
    names = {p.id: p.name for p in panel}
    flags: list[Flag] = []

    questions = []
    for q in guide:
        got = by_q.get(q.id, {})
        ratings = {pid: got[pid].rating for pid in panel_ids if pid in got}
        stat = Stat.of(ratings.values())
        questions.append(QuestionResult(q, ratings, {pid: got[pid].note for pid in panel_ids if pid in got}, stat))
        if stat.n >= 2 and stat.spread >= DISAGREEMENT:
            flags.append(Flag("disagreement", "question", q.id,
                              f"ratings on question {q.position + 1} range from {stat.low:g} to {stat.high:g}"))

    skill_results = []
    skill_order = [rs for rs in skills] or [RoleSkill(s) for s in dict.fromkeys(q.skill for q in guide)]
    questions_of: dict[str, list[QuestionResult]] = {}
    for qr in questions:
        questions_of.setdefault(qr.question.skill, []).append(qr)
    for rs in skill_order:
        qs = questions_of.get(rs.skill, [])
        by_panelist = {pid: _mean([r for qr in qs if (r := qr.ratings.get(pid)) is not None]) for pid in panel_ids}
        stat = Stat.of(by_panelist.values())
        skill_results.append(SkillResult(rs, by_panelist, stat))
        label = rs.label
        if stat.n == 0:
            flags.append(Flag("no-ratings", "skill", rs.skill, f"no ratings at all for {label}"))
        elif stat.n >= 2 and stat.spread >= DISAGREEMENT:
            flags.append(Flag("disagreement", "skill", rs.skill,
                              f"panelists' means for {label} range from {stat.low:.1f} to {stat.high:.1f}"))

    weights = {rs.skill: rs.weight for rs in skill_order}
    panel_means = {sr.skill.skill: sr.stat.mean for sr in skill_results}
    panelist_overall = {
        pid: weighted_mean({sr.skill.skill: sr.by_panelist[pid] for sr in skill_results}, weights) for pid in panel_ids
    }
    spread = Stat.of(panelist_overall.values())
    overall = Stat(weighted_mean(panel_means, weights), spread.spread, spread.n, spread.low, spread.high)

    verdict_map = {v.panelist_id: v for v in verdicts if v.candidate_id == candidate.id}
    for pid, v in verdict_map.items():
        own = panelist_overall.get(pid)
        if own is None or v.recommendation is None:
            continue
        if v.recommendation in POSITIVE and own < LOW:
            flags.append(Flag("verdict-contradiction", "verdict", pid,
                              f"{names.get(pid, pid)} recommends {v.recommendation.replace('_', ' ')} but their own "
                              f"mean is {own:.1f}"))
        elif v.recommendation in NEGATIVE and own > HIGH:
            flags.append(Flag("verdict-contradiction", "verdict", pid,
                              f"{names.get(pid, pid)} recommends {v.recommendation.replace('_', ' ')} but their own "
                              f"mean is {own:.1f}"))
    na = sum(1 for s in mine if s.rating is None)
    rated = {pid for qr in questions for pid in qr.ratings}
    missing = tuple(pid for pid in panel_ids if pid not in rated)
    return CandidateResult(candidate, questions, skill_results, overall, panelist_overall, verdict_map, flags, na,
                           missing)


def round_results(
    candidates: Sequence[Candidate],
    guide: Sequence[GuideQuestion],
    skills: Sequence[RoleSkill],
    panel: Sequence[Panelist],
    scores: Iterable[Score],
    verdicts: Iterable[Verdict] = (),
) -> list[CandidateResult]:
    """Every candidate's result. The round's scores and verdicts are grouped by candidate once, so the work
    follows the number of scores, not candidates × scores."""
    scores_of: dict[str, list[Score]] = {}
    for sc in scores:
        scores_of.setdefault(sc.candidate_id, []).append(sc)
    verdicts_of: dict[str, list[Verdict]] = {}
    for v in verdicts:
        verdicts_of.setdefault(v.candidate_id, []).append(v)
    return [candidate_result(c, guide, skills, panel, scores_of.get(c.id, ()), verdicts_of.get(c.id, ()))
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

    def as_dict(self, names: dict[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "icc": None if self.icc is None else {k: round(v, 3) for k, v in self.icc.items()},
            "icc_targets": self.icc_targets,
            "krippendorff_alpha": None if self.alpha is None else round(self.alpha, 3),
            "alpha_units": self.alpha_units,
            "reading": self.reading,
            "thresholds": {"good": agreement.GOOD, "fair": agreement.FAIR},
            "note": self.note,
            "calibration": [
                {"panelist_id": pid, "panelist": names.get(pid, pid),
                 "offset": None if o["offset"] is None else round(o["offset"], 3), "n": o["n"]}
                for pid, o in self.offsets.items()
            ],
        }


def round_agreement(panel: Sequence[Panelist], scores: Iterable[Score]) -> RoundAgreement:
    """How far the panel agrees across the round: ICC on the items everyone rated, alpha on everything.

    Units are (candidate, question) pairs; raters are panelists. N/A counts as missing.
    """
    panel_ids = [p.id for p in panel]
    by_rater: dict[str, dict[tuple[str, str], int]] = {pid: {} for pid in panel_ids}
    table: dict[tuple[str, str], dict[str, int]] = {}
    for s in scores:
        if s.rating is not None and s.panelist_id in by_rater:
            unit = (s.candidate_id, s.question_id)
            table.setdefault(unit, {})[s.panelist_id] = s.rating
            by_rater[s.panelist_id][unit] = s.rating
    units = sorted(table)
    notes = []
    complete = [[table[u][p] for p in panel_ids] for u in units if len(table[u]) == len(panel_ids)]
    icc = None
    try:
        icc = agreement.icc(complete)
    except agreement.AgreementError as e:
        notes.append(f"ICC: {e}")
    alpha = None
    try:
        alpha = agreement.krippendorff_alpha([[table[u].get(p) for u in units] for p in panel_ids], "interval")
    except agreement.AgreementError as e:
        notes.append(f"alpha: {e}")
    # The plain reading leans on alpha (it uses every rating, gaps included); ICC(2,1) where alpha is missing.
    figure = alpha if alpha is not None else (icc or {}).get("ICC2")
    reading = agreement.reading(figure) if figure is not None else "not enough data"
    offsets = agreement.rater_offsets(by_rater)
    return RoundAgreement(icc, len(complete), alpha, sum(1 for u in units if len(table[u]) >= 2), reading,
                          "; ".join(notes), offsets)


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


def visible_scores(scores: Iterable[Score], verdicts: Iterable[Verdict], viewer: str | None,
                   panel_ids: Sequence[str]) -> tuple[list[Score], list[Verdict]]:
    """Independent scoring: a panelist who has not submitted for a candidate sees only their own rows for that
    candidate. A viewer who is not on the panel (a hiring lead who did not interview) sees everything."""
    scores, verdicts = list(scores), list(verdicts)
    if viewer is None or viewer not in panel_ids:
        return scores, verdicts
    submitted = {v.candidate_id for v in verdicts if v.panelist_id == viewer and v.submitted_at}
    keep = lambda cid, pid: cid in submitted or pid == viewer  # noqa: E731
    return ([s for s in scores if keep(s.candidate_id, s.panelist_id)],
            [v for v in verdicts if keep(v.candidate_id, v.panelist_id)])
