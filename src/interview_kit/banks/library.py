"""The library of skills and roles in force, where the bundled banks live, and plain summaries of both."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from ..model import Question, RoleTemplate, Skill
from .findings import Finding

ROLES_FILE = "roles.toml"
BUNDLED_PREFIX = "bundled:"


@dataclass(frozen=True)
class Library:
    """The skills and roles in force after every layer is loaded, and what went wrong on the way."""

    skills: dict[str, Skill] = field(default_factory=dict)
    roles: dict[str, RoleTemplate] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    @cached_property
    def _question_index(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions()}

    def question(self, question_id: str) -> Question | None:
        return self._question_index.get(question_id)

    def questions(self) -> list[Question]:
        """Every question, skill by skill in library order, each skill's in file order."""
        return [q for skill in self.skills.values() for q in skill.questions]

    def skill_questions(self, skill_id: str) -> list[Question]:
        skill = self.skills.get(skill_id)
        return list(skill.questions) if skill else []

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def bundled_banks_dir() -> Path:
    """The banks that ship with the app.

    An installed wheel carries them as package data (``interview_kit/question_banks``); a source checkout or
    editable install has no such folder, so we fall back to ``question_banks/`` at the top of the repository.
    """
    packaged = resources.files("interview_kit") / "question_banks"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "question_banks"


def bundled_dir() -> Path:
    """:func:`bundled_banks_dir`, looked up on the package when called, so tests can point it elsewhere."""
    from .. import banks

    return banks.bundled_banks_dir()


def label_path(label: str) -> Path | None:
    """The file behind a finding's or question's ``source`` label."""
    if not label:
        return None
    if label.startswith(BUNDLED_PREFIX):
        return bundled_dir() / label[len(BUNDLED_PREFIX):]
    return Path(label)


# ------------------------------------------------------------------------------------------ summaries


def skill_summaries(library: Library) -> list[dict]:
    """One plain dict per skill, in library order (the shape of ``banks list --json``)."""
    return [
        {
            "id": skill.id,
            "name": skill.name,
            "questions": len(skill.questions),
            "behavioral": sum(1 for q in skill.questions if q.kind == "behavioral"),
            "situational": sum(1 for q in skill.questions if q.kind == "situational"),
            "source": skill.source,
        }
        for skill in library.skills.values()
    ]


def role_summaries(library: Library) -> list[dict]:
    """One plain dict per role template, in library order (the shape of ``banks roles --json``)."""
    return [
        {
            "id": role.id,
            "name": role.name,
            "description": role.description,
            "skills": [rs.skill for rs in role.skills],
            "weights": {rs.skill: rs.weight for rs in role.skills},
            "questions_per_skill": role.questions_per_skill,
            "source": role.source,
        }
        for role in library.roles.values()
    ]
