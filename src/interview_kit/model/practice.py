"""Practice rating: sample answers rated blind against their reference levels."""

from __future__ import annotations

from dataclasses import dataclass


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
