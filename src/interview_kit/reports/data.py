"""The round report as plain data: one function gathers a round's results from the store, and the JSON and
CSV exports (and the PDFs) are views of it. Its JSON shape is published in ``schemas/report.schema.json``."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import independence, model, scoring
from ..model import VERDICT_LABELS, Candidate, GuideQuestion, Panelist, Round, Score, Verdict
from ..store import Workspace

#: Each panelist's colour, by their place in the panel: the same dot in the panel view and on the printed
#: scorecard, so a lead can point at "the orange dot" in either.
PANELIST_COLORS = ("#1f5fa8", "#c2410c", "#15803d", "#7c3aed", "#be185d", "#0f766e")


def panelist_color(place: int) -> str:
    return PANELIST_COLORS[place % len(PANELIST_COLORS)]


DECISIONS = model.DECISIONS

#: The verdict shorthand of the panel view and the round summary, and its legend (shown wherever it is).
VERDICT_SHORT = {"strong_yes": "SY", "yes": "Y", "no": "N", "strong_no": "SN"}
VERDICT_LEGEND = "Verdicts: SY strong yes · Y yes · N no · SN strong no (×: how many panelists)"


def verdict_tally(verdicts: Iterable[Verdict], sep: str = "  ") -> str:
    """Submitted verdicts as shorthand, strongest yes first: "SY×2  Y×1"; "—" for none."""
    counts: dict[str, int] = {}
    for v in verdicts:
        if v.recommendation and v.submitted_at:
            counts[v.recommendation] = counts.get(v.recommendation, 0) + 1
    return sep.join(f"{short}×{counts[k]}" for k, short in VERDICT_SHORT.items() if k in counts) or "—"


NOT_YET_SCORED = "not yet scored"


@dataclass(frozen=True)
class RoundData:
    """Everything about a round that a report shows, read once."""

    round: Round
    guide: list[GuideQuestion]
    candidates: list[Candidate]
    panel: list[Panelist]
    #: The submitted scores the results were computed from, as the store's plain rows
    #: (``Workspace.round_score_rows``): a gather makes no object per score; :attr:`scores` does, for whoever asks.
    score_rows: list[tuple]
    verdicts: list[Verdict]
    decisions: dict
    results: list[scoring.CandidateResult]
    agreement: scoring.RoundAgreement
    drafts: list[scoring.Draft] = dataclasses.field(default_factory=list)  # shown as drafts, never counted
    draft_scores: list[Score] = dataclasses.field(default_factory=list)  # the drafts' rows, never counted
    viewer: str | None = None  # who is looking (``viewer``): the independence rule was applied for them
    #: candidate id -> whether the viewer sees the others' rows and the consensus (``independence.panel_seen_by``)
    seen: dict[str, bool] = dataclasses.field(default_factory=dict)

    _by_id: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    #: panelist id -> name, made once: a report looks names up for every candidate's verdicts and drafts.
    names: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", {p.id: p.name for p in self.panel})  # a frozen dataclass's own field

    def sees_the_panel(self, candidate_id: str) -> bool:
        """Whether the viewer sees the others' rows and the consensus for this candidate (independence)."""
        return self.seen.get(candidate_id, False)

    def ordered(self) -> list[scoring.CandidateResult]:
        """Ranked candidates first, then those not yet scored (``scoring.standing``)."""
        ranked, rest = scoring.standing(self.results)
        return [r.result for r in ranked] + rest

    @property
    def scores(self) -> list[Score]:
        """The submitted scores the results were computed from."""
        return [Score(*r) for r in self.score_rows]

    def result(self, candidate_id: str) -> scoring.CandidateResult:
        if not self._by_id:
            self._by_id.update((r.candidate.id, r) for r in self.results)
        return self._by_id[candidate_id]


def gather(ws: Workspace, round_id: str, *, viewer: str | None, include_withdrawn: bool = False) -> RoundData:
    """Read a round and compute its results from submitted scorecards only (``scoring.split_scorecards``).

    ``viewer`` (required: see :func:`viewer`) applies the independence rule first. ``scores`` and ``verdicts``
    hold the submitted rows the results were computed from; ``drafts`` what is still in progress. The scores are
    read as the store's plain rows and grouped once, for the results and the agreement alike."""
    rnd = ws.round(round_id)
    guide = ws.guide(round_id)
    candidates = ws.candidates(round_id, include_withdrawn=include_withdrawn)
    panel = ws.panel(round_id)
    panel_ids = [p.id for p in panel]
    rows, verdicts = independence.visible_scores(ws.round_score_rows(round_id), ws.verdicts(round_id=round_id), viewer,
                                                panel_ids, rows=True)
    cards = scoring.split_scorecards(rows, verdicts, rows=True)
    draft_scores = [Score(*r) for r in cards.draft_scores]
    rows, verdicts = cards.scores, cards.verdicts
    grouped = scoring.GroupedScores(rows, rows=True)
    results = scoring.round_results(candidates, guide, rnd.skills, panel, grouped, verdicts, cards.drafts)
    # The consensus comes after independent scoring: hidden, like the others' rows, until the viewer submits.
    seen = independence.panel_seen_by(candidates, viewer, panel_ids, verdicts)
    decisions = {cid: d for cid, d in ws.decisions(round_id).items() if seen.get(cid)}
    return RoundData(rnd, guide, candidates, panel, rows, verdicts, decisions, results,
                     scoring.round_agreement(panel, grouped), cards.drafts, draft_scores, viewer, seen)


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
        "overall": res.overall.mean,  # None: not yet scored (no submitted scorecard)
        "scorecards_submitted": res.scorecards_submitted,
        "scorecards_draft": len(res.drafts),
        "drafts": [{"panelist_id": x.panelist_id, "panelist": d.names.get(x.panelist_id, x.panelist_id),
                    "rated": x.rated, "questions": len(d.guide)}
                   for x in sorted(res.drafts, key=lambda x: (d.names.get(x.panelist_id, ""), x.panelist_id))],
        "overall_detail": res.overall.as_dict(),
        "skills": {sr.skill.skill: sr.stat.mean for sr in res.skills},
        "skills_detail": [
            {"id": sr.skill.skill, "name": sr.skill.label, "weight": sr.skill.weight, **sr.stat.as_dict(),
             "by_panelist": dict(sr.by_panelist)}
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
            "scores_changed_since": decision.scores_changed_at,
        },
    }


def report_json(d: RoundData, candidate_id: str | None = None) -> dict:
    """The ``report --json`` document: the round, its candidates' results, and the panel's agreement."""
    ranked, rest = scoring.standing(d.results)
    ordered = [x.result for x in ranked] + rest
    results = [r for r in ordered if candidate_id is None or r.candidate.id == candidate_id]
    ranks = {x.result.candidate.id: x for x in ranked}
    return {
        "round": _round_json(d),
        "candidates": [candidate_json(d, r, ranks.get(r.candidate.id)) for r in results],
        "agreement": d.agreement.as_dict(d.names),
    }


CSV_HEADER = ("round_id", "round", "candidate_id", "candidate", "panelist_id", "panelist", "question_number",
              "question_id", "skill", "rating", "note", "recommendation", "submitted")


#: A cell a spreadsheet would run as a formula begins with one of these (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell as a spreadsheet will show it and never run it: text that starts like a formula gets a leading
    apostrophe (Excel and LibreOffice then treat it as text); numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer whose every cell goes through :func:`csv_cell`."""

    def __init__(self, out: io.StringIO):
        self._w = csv.writer(out, lineterminator="\n")

    def writerow(self, row) -> None:
        self._w.writerow([csv_cell(v) for v in row])


def report_csv(d: RoundData, candidate_id: str | None = None) -> str:
    """One row per candidate × panelist × question, sorted, so equal workspaces give byte-identical files.

    ``rating`` is 1-5, ``NA`` for not asked / not observed, and empty where the panelist gave no score.
    ``submitted`` is ``yes`` for a row of a submitted scorecard (the rows every result counts) and ``no`` for a
    draft or no scorecard at all. Cells that would start a formula are neutralised (:func:`csv_cell`); the
    command line writes it as UTF-8 with a byte-order mark, so that Excel reads accents and dashes right.
    """
    by_key = {(s.candidate_id, s.panelist_id, s.question_id): s for s in (*d.scores, *d.draft_scores)}
    verdict = {(v.candidate_id, v.panelist_id): v for v in d.verdicts}
    verdict.update({(x.candidate_id, x.panelist_id): x.verdict for x in d.drafts if x.verdict is not None})
    out = io.StringIO()
    w = _SafeWriter(out)
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
                            rating, s.note if s else "", rec, "yes" if v and v.submitted_at else "no"))
    return out.getvalue()
