"""Plain frozen dataclasses shared by every layer.

Nothing here touches SQLite, Qt or files: these are the domain's nouns. The store turns rows into them,
the banks turn TOML into them, reports and the UI read them.

This module holds a round's nouns (what the app's first screen reads); the others live by concept in
submodules — ``bank`` (questions and skills as banks hold them), ``audit``, ``search``, ``practice`` — and are
importable from here too (``from interview_kit.model import Question``), loaded on first use. Each frozen
dataclass costs ~0.8 ms to create on Python 3.11, and the app's start-up is measured against a bare window.
"""

from __future__ import annotations

from dataclasses import dataclass

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
class RoleSkill:
    """A skill in a role template or a round, with its weight (and its name, copied into rounds)."""

    skill: str
    weight: float = 1.0
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.skill


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


#: Where the nouns that are not a round's live (loaded on first use, see the module docstring).
_ELSEWHERE = {
    "Sample": "bank",
    "Question": "bank",
    "Skill": "bank",
    "RoleTemplate": "bank",
    "AuditEvent": "audit",
    "SearchHit": "search",
    "PracticeRating": "practice",
    "PracticeSession": "practice",
}


def __getattr__(name: str):
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Named, not importlib.import_module(f"…"): a bundler (PyInstaller) finds the submodules by these imports.
    from . import audit, bank, practice, search

    value = getattr({"audit": audit, "bank": bank, "practice": practice, "search": search}[module], name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ELSEWHERE))
