"""Plain frozen dataclasses shared by every layer.

Nothing here touches SQLite, Qt or files: these are the domain's nouns. The store turns rows into them,
the banks turn TOML into them, reports and the UI read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The kinds of question a bank may hold.
KINDS = ("behavioral", "situational")

#: Overall recommendations a panelist can give. There is deliberately no neutral option.
VERDICTS = ("strong_no", "no", "yes", "strong_yes")
VERDICT_LABELS = {
    "strong_no": "Strong no",
    "no": "No",
    "yes": "Yes",
    "strong_yes": "Strong yes",
}

#: Valid ratings; ``None`` stands for N/A (not asked / not observed).
RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Anchor:
    """What an answer at one level of the 1-5 scale looks like, as observable behavior."""

    level: int
    text: str


@dataclass(frozen=True)
class Sample:
    """A realistic spoken answer to a question, with the level the bank's authors gave it and why.

    Interviewers rate samples blind in practice mode and compare their rating with ``level``.
    """

    level: int
    answer: str
    why: str


@dataclass(frozen=True)
class Question:
    """A question as it stands in a bank (editable; a locked round copies it into a GuideQuestion)."""

    id: str
    skill: str
    kind: str
    text: str
    probes: tuple[str, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    roles: tuple[str, ...] = ()
    minutes: int | None = None
    source: str = ""  # the file it came from, so the app can say where a question came from
    samples: tuple[Sample, ...] = ()  # sample answers with reference levels (practice mode)


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    definition: str = ""
    why_it_matters: str = ""
    questions: tuple[Question, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class RoleSkill:
    """A skill in a role template or a round, with its weight (and its name, copied into rounds)."""

    skill: str
    weight: float = 1.0
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.skill


@dataclass(frozen=True)
class RoleTemplate:
    """A health IT role with its recommended skills, weights and questions per skill."""

    id: str
    name: str
    description: str = ""
    skills: tuple[RoleSkill, ...] = ()
    questions_per_skill: int = 2
    source: str = ""


@dataclass(frozen=True)
class Round:
    id: str
    title: str
    role: str
    per_skill: int = 2
    seed: int = 0
    locked: bool = False
    locked_at: str | None = None
    created_at: str = ""
    role_name: str = ""
    time_budget_minutes: int | None = None
    require_evidence: bool = False
    weight_reason: str = ""
    skills: tuple[RoleSkill, ...] = ()
    archived: bool = False  # a finished round kept in the file but out of the app's list

    @property
    def role_label(self) -> str:
        return self.role_name or self.role

    def skill_name(self, skill_id: str) -> str:
        return next((s.label for s in self.skills if s.skill == skill_id), skill_id)


@dataclass(frozen=True)
class GuideQuestion:
    """A question frozen into a round: its text, probes and anchors are copies, never references."""

    id: str
    round_id: str
    position: int
    skill: str
    kind: str
    text: str
    probes: tuple[str, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    minutes: int | None = None
    source: str = ""


@dataclass(frozen=True)
class Candidate:
    id: str
    round_id: str
    name: str
    email: str = ""
    position: int = 0
    withdrawn: bool = False


@dataclass(frozen=True)
class Panelist:
    id: str
    name: str


@dataclass(frozen=True)
class Score:
    candidate_id: str
    panelist_id: str
    question_id: str
    rating: int | None  # None means N/A
    note: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Verdict:
    candidate_id: str
    panelist_id: str
    recommendation: str | None = None
    summary: str = ""
    submitted_at: str | None = None
    updated_at: str = ""
    amended_at: str | None = None
    amend_reason: str | None = None


#: The panel's consensus decisions (no default: a decision starts blank).
DECISIONS = {"advance": "Advance / hire", "hold": "Hold — need more evidence", "decline": "Decline"}


@dataclass(frozen=True)
class Decision:
    candidate_id: str
    decision: str
    rationale: str = ""
    recorded_by: str = ""
    recorded_at: str = ""
    scores_changed_at: str | None = None  # a scorecard changed after it was recorded; None once confirmed again


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SearchHit:
    """One thing found by search: a candidate's name, a score note or a guide question, with where it is."""

    kind: str  # "candidate" | "note" | "question"
    round_id: str
    candidate_id: str | None  # None for a question
    snippet: str  # the matching text, cut around the words found
    round_title: str = ""
    candidate_name: str = ""
    question_id: str | None = None  # a note's or a question's question
    panelist_id: str | None = None  # a note's author

    def as_dict(self) -> dict:
        return {"kind": self.kind, "round_id": self.round_id, "candidate_id": self.candidate_id,
                "snippet": self.snippet, "round_title": self.round_title, "candidate_name": self.candidate_name,
                "question_id": self.question_id, "panelist_id": self.panelist_id}


@dataclass(frozen=True)
class PracticeRating:
    """One sample answer rated blind in practice: the interviewer's rating against the reference level."""

    question_id: str
    sample: int  # which of the question's samples (1-based, in file order)
    reference: int
    rating: int


@dataclass(frozen=True)
class PracticeSession:
    """A person's practice run: which set (round or skills, seed) and every rating, with its date."""

    id: str
    panelist_id: str
    seed: int
    finished_at: str
    ratings: tuple[PracticeRating, ...] = ()
    round_id: str | None = None
    skills: tuple[str, ...] = ()
