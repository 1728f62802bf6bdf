"""A realistic demo round: an EHR implementation analyst round, three candidates, a three-person panel.

The panel scores the way real panels do: mostly close, one lenient and one severe rater, and one real
disagreement (on handling resistance to change, where the application manager and the nurse informaticist
heard the same answer very differently). Everything is deterministic so screenshots and tests are stable.
"""

from __future__ import annotations

from . import plans
from .banks import Library
from .errors import UserError
from .model import Round
from .store import Workspace

DEMO_TITLE = "EHR implementation analyst — Spring 2027"
DEMO_ROLE = "ehr-implementation-analyst"
DEMO_SEED = 20270301

#: (name, role on the panel) — the first is the hiring lead and the person using the demo copy.
PANEL = (
    ("Dr. Maya Lindqvist", "CMIO, hiring lead"),
    ("Tom Becker", "EHR application manager"),
    ("Aisha Rahman, RN", "nurse informaticist"),
)

CANDIDATES = (
    ("Jordan Ellis", "jordan.ellis@example.org"),
    ("Priya Natarajan", "priya.n@example.org"),
    ("Marcus O'Neill", "marcus.oneill@example.org"),
)

#: How strong each candidate really is per skill position (1-5 before rater tendencies).
TRUE_LEVEL = {
    "Jordan Ellis": (4, 4, 3, 4, 4),
    "Priya Natarajan": (5, 4, 4, 5, 3),
    "Marcus O'Neill": (3, 3, 4, 2, 3),
}

#: Rater tendencies: Tom is a little lenient, Aisha a little severe on some questions.
LENIENCY = {"Dr. Maya Lindqvist": (0, 0, 0), "Tom Becker": (1, 0, 0), "Aisha Rahman, RN": (0, -1, 0)}

NOTES = {
    4: "Specific example from a go-live; named who they involved and what changed afterwards.",
    5: "Concrete story with a measurable result (tickets down, adoption up) and what they would do differently.",
    3: "Relevant example but light on their own actions; needed probing to get to the outcome.",
    2: "Stayed general (\"we usually…\"); could not say what they personally did.",
    1: "No example offered; described what others did wrong.",
}

VERDICTS = {
    # candidate: {panelist: (recommendation, summary)}
    "Jordan Ellis": {
        "Dr. Maya Lindqvist": ("yes", "Steady and clear with clinicians; would grow into super-user coordination."),
        "Tom Becker": ("strong_yes", "Best build-and-test instincts of the three; ready on day one."),
        "Aisha Rahman, RN": ("yes", "Listens to nursing; tip-sheet example was genuinely usable on nights."),
    },
    "Priya Natarajan": {
        "Dr. Maya Lindqvist": ("strong_yes", "Led a physician order-set redesign with real numbers; calm, precise."),
        "Tom Becker": ("yes", "Strong, though her change-control answer skipped testing sign-off."),
        "Aisha Rahman, RN": ("strong_yes", "Understands unit culture and privacy rules better than most analysts."),
    },
    "Marcus O'Neill": {
        "Dr. Maya Lindqvist": ("no", "Technically able, but pushed the workflow onto the unit instead of with it."),
        "Tom Becker": ("yes", "Handled the resistant surgeon well in my view; firm on the standard build."),
        "Aisha Rahman, RN": ("strong_no", "Dismissed the nurses' concerns as 'training issues'; a go-live risk."),
    },
}

#: The one real disagreement: Marcus on the resistance-to-change questions, Tom vs Aisha.
DISAGREEMENT = {("Marcus O'Neill", "Tom Becker"): 5, ("Marcus O'Neill", "Aisha Rahman, RN"): 1}
DISAGREEMENT_NOTES = {
    "Tom Becker": "Held the line on the standard order set with the surgeon and got it adopted; firm and fair.",
    "Aisha Rahman, RN": "Called the nurses' objections 'resistance' and escalated instead of listening; "
    "no follow-up with the unit.",
}


IN_PROGRESS_TITLE = "Service desk analyst — night shift"
IN_PROGRESS_ROLE = "service-desk-analyst"
IN_PROGRESS_CANDIDATES = ("Sofia Marquez", "Daniel Kim")
#: The first questions of Sofia's interview, already scored by the lead when the demo opens.
IN_PROGRESS_SCORES = (
    (4, "Walked through the 3 a.m. badge-reader outage: called the unit first, logged it after. Clear."),
    (3, "Reasonable, but the example was from retail, not a clinical setting."),
    (5, "Wrote a one-page downtime tip sheet for ED nurses; it is still on the wall. Asked for feedback twice."),
    (None, "Not asked: ran short on time for this one."),
)


def build_demo(ws: Workspace, library: Library) -> Round:
    """Write the demo into ``ws`` and return its main round (a second run adds nothing).

    Besides the fully scored round it adds a small second round with an interview in progress, so that the
    interview mode has something half-done to show.
    """
    for existing in ws.rounds():
        if existing.title == DEMO_TITLE:
            return existing
    role = library.roles.get(DEMO_ROLE)
    if role is None:
        raise UserError(f"the bundled role template {DEMO_ROLE!r} is missing; the demo cannot be built")
    result = plans.draw(library, role.skills, role.questions_per_skill, DEMO_SEED, role=role.id)
    if not result.questions:
        raise UserError("the question banks are empty; the demo cannot be built")
    skill_pos = {rs.skill: i for i, rs in enumerate(role.skills)}
    with ws.transaction():
        rnd = ws.create_round(DEMO_TITLE, role.id, plans.named_skills(library, role.skills),
                              per_skill=role.questions_per_skill, seed=DEMO_SEED, role_name=role.name)
        guide = plans.to_guide(result.questions, rnd.id)
        ws.set_guide(rnd.id, guide)
        ws.lock_round(rnd.id, actor=PANEL[0][0])
        panel = [ws.ensure_panelist(name) for name, _ in PANEL]
        for p in panel:
            ws.join_panel(rnd.id, p.id)
        ws.set_meta("me", panel[0].id)
        for name, email in CANDIDATES:
            cand = ws.add_candidate(rnd.id, name, email)
            for p in panel:
                for qi, q in enumerate(guide):
                    skill_i = skill_pos.get(q.skill, 0)
                    base = TRUE_LEVEL[name][skill_i % 5]
                    rating = base + LENIENCY[p.name][qi % 3]
                    note = NOTES[max(1, min(5, rating))]
                    if q.skill == "negotiation-resistance" and (name, p.name) in DISAGREEMENT:
                        rating = DISAGREEMENT[(name, p.name)]
                        note = DISAGREEMENT_NOTES[p.name]
                    ws.set_score(cand.id, p.id, q.id, max(1, min(5, rating)), note, actor=p.name)
                recommendation, summary = VERDICTS[name][p.name]
                ws.set_verdict(cand.id, p.id, recommendation, summary, actor=p.name)
                ws.submit(cand.id, p.id, actor=p.name)
        _interview_in_progress(ws, library, panel[0])
    return ws.round(rnd.id)


def _interview_in_progress(ws: Workspace, library: Library, lead) -> None:
    role = library.roles.get(IN_PROGRESS_ROLE)
    if role is None:
        return
    result = plans.draw(library, role.skills, role.questions_per_skill, DEMO_SEED + 1, role=role.id)
    rnd = ws.create_round(IN_PROGRESS_TITLE, role.id, plans.named_skills(library, role.skills),
                          per_skill=role.questions_per_skill, seed=DEMO_SEED + 1, time_budget_minutes=60,
                          require_evidence=True, role_name=role.name)
    guide = plans.to_guide(result.questions, rnd.id)
    ws.set_guide(rnd.id, guide)
    ws.lock_round(rnd.id, actor=lead.name)
    ws.join_panel(rnd.id, lead.id)
    first = None
    for name in IN_PROGRESS_CANDIDATES:
        cand = ws.add_candidate(rnd.id, name)
        first = first or cand
    for q, (rating, note) in zip(guide, IN_PROGRESS_SCORES):
        ws.set_score(first.id, lead.id, q.id, rating, note, actor=lead.name)
