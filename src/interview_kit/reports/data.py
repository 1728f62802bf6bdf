"""The round report as plain data: one function gathers a round's results from the store, and the JSON and
CSV exports (and the PDFs) are views of it. Its JSON shape is published in ``schemas/report.schema.json``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from .. import scoring
from ..model import VERDICT_LABELS, Candidate, GuideQuestion, Panelist, Round, Score, Verdict
from ..store import Workspace

#: Each panelist's colour, by their place in the panel: the same dot in the panel view and on the printed
#: scorecard, so a lead can point at "the orange dot" in either.
PANELIST_COLORS = ("#1f5fa8", "#c2410c", "#15803d", "#7c3aed", "#be185d", "#0f766e")


def panelist_color(place: int) -> str:
    return PANELIST_COLORS[place % len(PANELIST_COLORS)]


DECISIONS = {"advance": "Advance / hire", "hold": "Hold — need more evidence", "decline": "Decline"}


@dataclass(frozen=True)
class RoundData:
    """Everything about a round that a report shows, read once."""

    round: Round
    guide: list[GuideQuestion]
    candidates: list[Candidate]
    panel: list[Panelist]
    scores: list[Score]
    verdicts: list[Verdict]
    decisions: dict
    results: list[scoring.CandidateResult]
    agreement: scoring.RoundAgreement
    _by_id: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.panel}

    def result(self, candidate_id: str) -> scoring.CandidateResult:
        if not self._by_id:
            self._by_id.update((r.candidate.id, r) for r in self.results)
        return self._by_id[candidate_id]


def gather(ws: Workspace, round_id: str, *, viewer: str | None = None, include_withdrawn: bool = False) -> RoundData:
    """Read a round and compute its results. ``viewer`` applies the independence rule (None: see everything)."""
    rnd = ws.round(round_id)
    guide = ws.guide(round_id)
    candidates = ws.candidates(round_id, include_withdrawn=include_withdrawn)
    panel = ws.panel(round_id)
    scores, verdicts = scoring.visible_scores(ws.scores(round_id=round_id), ws.verdicts(round_id=round_id), viewer,
                                              [p.id for p in panel])
    results = scoring.round_results(candidates, guide, rnd.skills, panel, scores, verdicts)
    shown = {c.id for c in candidates}
    decisions = {cid: d for cid, d in ws.decisions(round_id).items() if cid in shown}
    return RoundData(rnd, guide, candidates, panel, scores, verdicts, decisions, results,
                     scoring.round_agreement(panel, scores))


def _round_json(d: RoundData) -> dict:
    r = d.round
    return {
        "id": r.id, "title": r.title, "role": r.role, "role_name": r.role_name, "locked": r.locked,
        "skills": [{"id": s.skill, "name": s.label, "weight": s.weight} for s in r.skills],
        "questions": [{"id": q.id, "skill": q.skill, "kind": q.kind, "text": q.text} for q in d.guide],
        "panelists": [{"id": p.id, "name": p.name} for p in d.panel],
    }


def candidate_json(d: RoundData, res: scoring.CandidateResult, rank: scoring.Ranked | None) -> dict:
    """One candidate's entry; ``rank`` is their place from :func:`scoring.compare` over the whole round (None
    without a submitted score), computed once by the caller for every candidate."""
    c = res.candidate
    decision = d.decisions.get(c.id)
    return {
        "id": c.id,
        "name": c.name,
        "withdrawn": c.withdrawn,
        "overall": None if res.overall.mean is None else round(res.overall.mean, 3),
        "overall_detail": res.overall.as_dict(),
        "skills": {sr.skill.skill: None if sr.stat.mean is None else round(sr.stat.mean, 3) for sr in res.skills},
        "skills_detail": [
            {"id": sr.skill.skill, "name": sr.skill.label, "weight": sr.skill.weight, **sr.stat.as_dict(),
             "by_panelist": {pid: None if v is None else round(v, 3) for pid, v in sr.by_panelist.items()}}
            for sr in res.skills
        ],
        "questions": [
            {"id": qr.question.id, "skill": qr.question.skill, **qr.stat.as_dict(), "ratings": qr.ratings}
            for qr in res.questions
        ],
        "flags": [f.as_dict() for f in res.flags],
        "verdicts": [
            {"panelist_id": pid, "panelist": d.names.get(pid, pid), "recommendation": v.recommendation,
             "summary": v.summary, "submitted": bool(v.submitted_at)}
            for pid, v in sorted(res.verdicts.items(), key=lambda kv: d.names.get(kv[0], kv[0]))
        ],
        "na_ratings": res.na_count,
        "missing_panelists": list(res.missing_panelists),
        # The comparison in a size that does not grow with the round: a rank and three counts. Who exactly a
        # candidate is clearly above follows from the ranges (overall_detail low/high) that do not overlap.
        "rank": rank.rank if rank else None,
        "clearly_above": rank.clearly_above if rank else 0,
        "clearly_below": rank.clearly_below if rank else 0,
        "not_clearly_different_from": rank.overlaps if rank else 0,
        "decision": None if decision is None else {
            "decision": decision.decision, "label": DECISIONS.get(decision.decision, decision.decision),
            "rationale": decision.rationale, "recorded_by": decision.recorded_by, "recorded_at": decision.recorded_at,
        },
    }


def report_json(d: RoundData, candidate_id: str | None = None) -> dict:
    """The ``report --json`` document: the round, its candidates' results, and the panel's agreement."""
    results = [r for r in d.results if candidate_id is None or r.candidate.id == candidate_id]
    ranks = {x.result.candidate.id: x for x in scoring.compare(d.results)}
    return {
        "round": _round_json(d),
        "candidates": [candidate_json(d, r, ranks.get(r.candidate.id)) for r in results],
        "agreement": d.agreement.as_dict(d.names),
    }


CSV_HEADER = ("round_id", "round", "candidate_id", "candidate", "panelist_id", "panelist", "question_number",
              "question_id", "skill", "rating", "note", "recommendation")


def report_csv(d: RoundData, candidate_id: str | None = None) -> str:
    """One row per candidate × panelist × question, sorted, so equal workspaces give byte-identical files.

    ``rating`` is 1-5, ``NA`` for not asked / not observed, and empty where the panelist gave no score.
    """
    by_key = {(s.candidate_id, s.panelist_id, s.question_id): s for s in d.scores}
    verdict = {(v.candidate_id, v.panelist_id): v for v in d.verdicts}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_HEADER)
    panel = sorted(d.panel, key=lambda p: (p.name, p.id))
    for c in sorted(d.candidates, key=lambda c: (c.position, c.id)):
        if candidate_id is not None and c.id != candidate_id:
            continue
        for p in panel:
            v = verdict.get((c.id, p.id))
            rec = VERDICT_LABELS.get(v.recommendation, "") if v and v.recommendation else ""
            for q in d.guide:
                s = by_key.get((c.id, p.id, q.id))
                rating = "" if s is None else ("NA" if s.rating is None else str(s.rating))
                w.writerow((d.round.id, d.round.title, c.id, c.name, p.id, p.name, q.position + 1, q.id, q.skill,
                            rating, s.note if s else "", rec))
    return out.getvalue()
