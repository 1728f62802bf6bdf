"""Independent scoring: a panelist does not see the others' scores, verdicts, notes or the consensus for a
candidate until they have submitted their own scorecard for that candidate (DESIGN.md, "Scoring and agreement").

The one home of the rule and of who is looking. Kept apart from ``scoring`` (the results) so that the app's
first screen, whose candidates list shows the consensus only to whom the rule shows it, does not load the
results code before its first paint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Candidate, Score, Verdict
    from .store import Workspace


#: A score's scorecard, (candidate id, panelist id), read from a :class:`Score` (``SCORECARD[False]``) or from
#: the store's plain row in Score's field order (``SCORECARD[True]``, ``Workspace.round_score_rows``: the hot
#: read of a report or the panel view makes no object per score).
SCORECARD = {False: attrgetter("candidate_id", "panelist_id"), True: itemgetter(0, 1)}

#: The viewer of a lead's own copy on the command line (see :func:`viewer`): not on any panel.
LEAD = "lead:not-on-the-panel"


def viewer(ws: Workspace, round_id: str, *, headless: bool = False) -> str | None:
    """Who is looking, for the independence rule (:func:`visible_scores`): the named user of this copy.

    A copy with no name is a panelist with nothing submitted (None), except on the command line (``headless``)
    in the copy where the round was built: that is the lead's own workspace, scripted, and reports as a lead
    who is not on the panel (:data:`LEAD`). A copy that opened the round from a kit never does."""
    me = ws.me()
    if me is not None:
        return me.id
    return LEAD if headless and ws.round_built_here(round_id) else None


def _panel_opened_for(viewer: str | None, panel_ids: Sequence[str], verdicts: Iterable[Verdict]) -> set[str] | None:
    """The independence rule, once: the candidates for which ``viewer`` may see the rest of the panel (their
    rows and the consensus). None means every candidate (a viewer not on the panel, such as a lead who did not
    interview); a panelist, only those their own submitted scorecard opens; a viewer of None, none."""
    if viewer is None:
        return set()
    if viewer not in panel_ids:
        return None
    return {v.candidate_id for v in verdicts if v.panelist_id == viewer and v.submitted_at}


def panel_seen_by(candidates: Iterable[Candidate], viewer: str | None, panel_ids: Sequence[str],
                  verdicts: Iterable[Verdict]) -> dict[str, bool]:
    """For every candidate of a round: whether ``viewer`` sees the others' rows and the consensus."""
    opened = _panel_opened_for(viewer, panel_ids, verdicts)
    return {c.id: opened is None or c.id in opened for c in candidates}


def visible_scores(scores: Iterable[Score], verdicts: Iterable[Verdict], viewer: str | None,
                   panel_ids: Sequence[str], *, rows: bool = False) -> tuple[list[Score], list[Verdict]]:
    """Independent scoring — the one home of the rule. A panelist who has not submitted for a candidate sees
    only their own rows for that candidate: none of the others' scores, verdicts or notes. ``viewer`` None (a
    copy whose user has not said who they are) is treated as such a panelist, with no rows of their own, so
    it sees nobody else's; never as an outsider. A viewer who is not on the panel (a hiring lead who did not
    interview; :data:`LEAD`) sees every row, drafts included (they are shown as drafts, never counted).
    :func:`panel_seen_by` answers the same question per candidate. ``rows``: the scores are the store's plain
    rows (see :data:`SCORECARD`)."""
    scores, verdicts = list(scores), list(verdicts)
    opened = _panel_opened_for(viewer, panel_ids, verdicts)
    if opened is None:
        return scores, verdicts
    keep = lambda cid, pid: cid in opened or (viewer is not None and pid == viewer)  # noqa: E731
    card = SCORECARD[rows]
    return ([s for s in scores if keep(*card(s))], [v for v in verdicts if keep(v.candidate_id, v.panelist_id)])
