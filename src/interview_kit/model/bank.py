"""Questions, skills and role templates as the banks hold them (editable; a locked round copies what it
uses into GuideQuestions)."""

from __future__ import annotations

from dataclasses import dataclass

from . import Anchor, RoleSkill


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
class RoleTemplate:
    """A health IT role with its recommended skills, weights and questions per skill."""

    id: str
    name: str
    description: str = ""
    skills: tuple[RoleSkill, ...] = ()
    questions_per_skill: int = 2
    source: str = ""
