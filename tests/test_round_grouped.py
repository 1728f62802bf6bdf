"""A round's results and agreement, worked out from one grouping of its rows (``scoring.GroupedScores``, what
``report`` and the panel view use), equal the straightforward definitions computed candidate by candidate and
unit by unit, on random panels with N/A, gaps, drafts, withdrawn candidates and a scorer no longer on the panel.
"""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_kit import agreement, independence, scoring
from interview_kit.model import Candidate, GuideQuestion, Panelist, RoleSkill, Score, Verdict

SKILL_IDS = ("teamwork", "adaptability", "clinical-culture")
NAMES = ("Siobhán O'Brien", "Omar Haddad", "李明", "Zoë Ångström", "Ana Souza")
SUBMITTED = "2026-11-25T11:00:00.000000+00:00"


@st.composite
def rounds(draw):
    """A round with its guide, skills, panel, candidates (some withdrawn) and every row a workspace could hold:
    ratings 1-5, N/A, unrated questions, submitted and draft scorecards, and rows of a panelist who has left."""
    n_skills = draw(st.integers(1, 3))
    skills = [RoleSkill(SKILL_IDS[i], draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])), SKILL_IDS[i].title())
              for i in range(n_skills)]
    guide = [GuideQuestion(f"q{i}", "r", i, draw(st.sampled_from(SKILL_IDS[:n_skills])), "behavioral", f"Q {i}")
             for i in range(draw(st.integers(1, 6)))]
    panel = [Panelist(f"p{i}", NAMES[i]) for i in range(draw(st.integers(1, 5)))]
    scorers = panel + [Panelist("p-left", "Left the panel")]
    candidates = [Candidate(f"c{i}", "r", f"Candidate {i}", position=i, withdrawn=draw(st.booleans()))
                  for i in range(draw(st.integers(0, 6)))]
    scores, verdicts = [], []
    for c in candidates:
        for p in scorers:
            state = draw(st.sampled_from(["none", "draft", "open", "submitted", "submitted"]))
            if state == "none":
                continue
            for q in guide:
                rating = draw(st.one_of(st.none(), st.integers(1, 5), st.just("unrated")))
                if rating != "unrated":
                    scores.append(Score(c.id, p.id, q.id, rating, f"note by {p.name}", SUBMITTED))
            if state != "draft":
                verdicts.append(Verdict(c.id, p.id, draw(st.sampled_from([None, "strong_no", "no", "yes",
                                                                          "strong_yes"])),
                                        "summary", SUBMITTED if state == "submitted" else None))
    return guide, skills, panel, candidates, scores, verdicts


def _stat(values):
    vals = [v for v in values if v is not None]
    if not vals:
        return (None, None, 0, None, None)
    return (sum(vals) / len(vals), max(vals) - min(vals), len(vals), min(vals), max(vals))


def _weighted(values, weights):
    have = [(v, w) for v, w in zip(values, weights) if v is not None]
    total = sum(w for _, w in have)
    return sum(v * w for v, w in have) / total if have and total > 0 else None


def _reference_result(c, guide, skills, panel, scores, verdicts):
    """One candidate by the definitions, reading every row of the round for each figure."""
    def score(pid, qid):
        return next((s for s in scores if (s.candidate_id, s.panelist_id, s.question_id) == (c.id, pid, qid)), None)

    questions = []
    for q in guide:
        ratings = {p.id: score(p.id, q.id).rating for p in panel if score(p.id, q.id) is not None}
        notes = {p.id: score(p.id, q.id).note for p in panel if score(p.id, q.id) is not None}
        questions.append((q.id, ratings, notes, _stat(ratings.values())))
    by_skill = []
    for rs in skills:
        own = {}
        for p in panel:
            mine = [ratings[p.id] for qid, ratings, _, _ in questions
                    if next(g.skill for g in guide if g.id == qid) == rs.skill and ratings.get(p.id) is not None]
            own[p.id] = sum(mine) / len(mine) if mine else None
        by_skill.append((rs.skill, own, _stat(own.values())))
    weights = [rs.weight for rs in skills]
    panelist_overall = {p.id: _weighted([own[p.id] for _, own, _ in by_skill], weights) for p in panel}
    spread = _stat(panelist_overall.values())
    overall = (_weighted([st_[0] for _, _, st_ in by_skill], weights), *spread[1:])
    flags = [("disagreement", "question", qid) for qid, _, _, st_ in questions if st_[2] >= 2 and st_[1] >= 2]
    rated_at_all = any(st_[2] for *_, st_ in questions)
    for skill, _, st_ in by_skill:
        if st_[2] == 0 and rated_at_all:
            flags.append(("no-ratings", "skill", skill))
        elif st_[2] >= 2 and st_[1] >= 2:
            flags.append(("disagreement", "skill", skill))
    mine_v = {v.panelist_id: v for v in verdicts if v.candidate_id == c.id}
    for pid, v in mine_v.items():
        own = panelist_overall.get(pid)
        if own is not None and ((v.recommendation in scoring.POSITIVE and own < scoring.LOW)
                                or (v.recommendation in scoring.NEGATIVE and own > scoring.HIGH)):
            flags.append(("verdict-contradiction", "verdict", pid))
    na = sum(1 for s in scores if s.candidate_id == c.id and s.rating is None)
    missing = tuple(p.id for p in panel if not any(p.id in ratings for _, ratings, _, _ in questions))
    return questions, by_skill, overall, panelist_overall, mine_v, flags, na, missing


def _as_compared(res: scoring.CandidateResult):
    st_ = lambda s: (s.mean, s.spread, s.n, s.low, s.high)  # noqa: E731
    return ([(qr.question.id, qr.ratings, qr.notes, st_(qr.stat)) for qr in res.questions],
            [(sr.skill.skill, sr.by_panelist, st_(sr.stat)) for sr in res.skills],
            st_(res.overall), res.panelist_overall, res.verdicts,
            [(f.kind, f.scope, f.subject) for f in res.flags], res.na_count, res.missing_panelists)


def _reference_agreement(panel, scores):
    """The round's statistics from the raters x units table, through agreement's public functions."""
    ids = [p.id for p in panel]
    table = {}
    for s in scores:
        if s.rating is not None and s.panelist_id in ids:
            table.setdefault((s.candidate_id, s.question_id), {})[s.panelist_id] = s.rating
    units = sorted(table)

    def attempt(fn, *args):
        try:
            return fn(*args)
        except agreement.AgreementError:
            return None

    complete = [[table[u][p] for p in ids] for u in units if len(table[u]) == len(ids)]
    alpha = attempt(agreement.krippendorff_alpha, [[table[u].get(p) for u in units] for p in ids], "interval")
    offsets = agreement.rater_offsets({p: {u: table[u][p] for u in units if p in table[u]} for p in ids})
    return (attempt(agreement.icc, complete), len(complete), alpha, sum(1 for u in units if len(table[u]) >= 2),
            len({p for r in table.values() for p in r}), offsets)


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_grouped_results_and_agreement_equal_the_definitions_candidate_by_candidate(r):
    guide, skills, panel, candidates, scores, verdicts = r
    cards = scoring.split_scorecards(scores, verdicts)
    listed = [c for c in candidates if not c.withdrawn]  # a report without the withdrawn; their rows still count
    grouped = scoring.GroupedScores(cards.scores)
    results = scoring.round_results(listed, guide, skills, panel, grouped, cards.verdicts, cards.drafts)
    ag = scoring.round_agreement(panel, grouped)

    assert [res.candidate for res in results] == listed
    for c, res in zip(listed, results):
        assert _as_compared(res) == _reference_result(c, guide, skills, panel, cards.scores, cards.verdicts)
        assert res.drafts == cards.drafts_of(c.id)
    assert results == scoring.round_results(listed, guide, skills, panel, cards.scores, cards.verdicts, cards.drafts)

    icc, targets, alpha, shared, raters, offsets = _reference_agreement(panel, cards.scores)
    assert (ag.icc, ag.icc_targets, ag.alpha, ag.alpha_units, ag.raters) == (icc, targets, alpha, shared, raters)
    assert ag.offsets == offsets
    assert ag == scoring.round_agreement(panel, cards.scores)


def _row(s: Score) -> tuple:
    return (s.candidate_id, s.panelist_id, s.question_id, s.rating, s.note, s.updated_at)


@settings(max_examples=150, deadline=None)
@given(rounds(), st.sampled_from(["p0", "p1", "p-left", None, independence.LEAD]))
def test_the_stores_plain_rows_give_what_score_objects_give(r, viewer):
    # gather reads the store's plain rows (Workspace.round_score_rows); the rules and the results see the same.
    guide, skills, panel, candidates, scores, verdicts = r
    ids = [p.id for p in panel]
    seen, seen_v = independence.visible_scores(scores, verdicts, viewer, ids)
    seen_rows, seen_rows_v = independence.visible_scores([_row(s) for s in scores], verdicts, viewer, ids, rows=True)
    assert (seen_rows, seen_rows_v) == ([_row(s) for s in seen], seen_v)
    cards = scoring.split_scorecards(seen, seen_v)
    row_cards = scoring.split_scorecards(seen_rows, seen_rows_v, rows=True)
    assert row_cards.scores == [_row(s) for s in cards.scores]
    assert row_cards.draft_scores == [_row(s) for s in cards.draft_scores]
    assert {(s.candidate_id, s.panelist_id) for s in cards.draft_scores} <= {
        (x.candidate_id, x.panelist_id) for x in cards.drafts}
    assert len(cards.scores) + len(cards.draft_scores) == len(seen)
    assert (row_cards.verdicts, row_cards.drafts) == (cards.verdicts, cards.drafts)
    from_rows = scoring.GroupedScores(row_cards.scores, rows=True)
    assert from_rows.na == scoring.GroupedScores(cards.scores).na
    assert (scoring.round_results(candidates, guide, skills, panel, from_rows, cards.verdicts, cards.drafts)
            == scoring.round_results(candidates, guide, skills, panel, cards.scores, cards.verdicts, cards.drafts))


def test_offsets_by_item_are_the_mean_difference_from_the_others():
    # Worked by hand. Item a: ana 4 vs the others' 2.5 -> +1.5, ben 1 vs 4 -> -3, dee 4 vs 2.5 -> +1.5; item b:
    # ana 3 vs 3.5 -> -0.5, ben 3 vs 3.5 -> -0.5, cai 4 vs 3 -> +1; item c has one rating and counts for no one.
    # So ana +0.5 (2 items), ben -1.75 (2), cai +1 (1), dee +1.5 (1), eve nothing.
    items = [{"ana": 4, "ben": 1, "dee": 4}, {"ana": 3, "ben": 3, "cai": 4}, {"dee": 5}]
    got = agreement.rater_offsets_by_item(["ana", "ben", "cai", "dee", "eve"], items)
    assert list(got) == ["ana", "ben", "cai", "dee", "eve"]
    assert got["cai"] == {"offset": 1.0, "n": 1} and got["eve"] == {"offset": None, "n": 0}
    assert math.isclose(got["ana"]["offset"], 0.5) and got["ana"]["n"] == 2
    assert math.isclose(got["ben"]["offset"], -1.75) and got["dee"] == {"offset": 1.5, "n": 1}
