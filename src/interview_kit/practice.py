"""Practice rating: interviewers rate the banks' sample answers blind and see how close they come.

A practice *set* is drawn from the sample answers of some questions (a round's guide, or chosen skills) in an
order fixed by a seed, so a panel can all run the same set before its interviews and compare. The order is our
own: each answer's place is a SHA-256 of the seed and the answer's question id and number, so a seed gives
the same set on any Python (``random.shuffle`` makes no such promise) and adding a question elsewhere in the
bank does not reshuffle the rest.

A person's *calibration* over a session: exact agreement with the reference levels, the mean absolute
difference, and the mean signed difference, whose sign gives the direction — lenient when they rate higher
than the reference, severe when lower (within a quarter of a point either way counts as balanced: one answer
rated a point off in a set of eight should not label anyone).

Core: no Qt; the store keeps the sessions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import GuideQuestion, PracticeRating, PracticeSession, Question, Sample

#: How far the mean signed difference may be from 0 and still count as balanced.
BALANCED_WITHIN = 0.25
DEFAULT_SET_SIZE = 9


@dataclass(frozen=True)
class PracticeItem:
    """One answer to rate: the question it answers (with its anchors) and the sample, number ``sample``."""

    question: Question
    sample: Sample
    number: int  # 1-based place of the sample among its question's samples

    def rated(self, rating: int) -> PracticeRating:
        return PracticeRating(self.question.id, self.number, self.sample.level, rating)


@dataclass(frozen=True)
class Calibration:
    n: int
    exact_count: int
    mad: float  # mean absolute difference from the reference level
    bias: float  # mean signed difference (rating - reference): above 0 lenient, below 0 severe
    within_one_count: int = 0  # rated at most one level from the reference

    @property
    def exact(self) -> float:
        """Share of answers rated exactly at the reference level (0..1)."""
        return self.exact_count / self.n if self.n else 0.0

    @property
    def direction(self) -> str:
        if self.n == 0 or abs(self.bias) < BALANCED_WITHIN:
            return "balanced"
        return "lenient" if self.bias > 0 else "severe"

    @property
    def within_one(self) -> float:
        return self.within_one_count / self.n if self.n else 0.0

    def as_dict(self) -> dict:
        return {"n": self.n, "exact": round(self.exact, 3), "exact_count": self.exact_count,
                "within_one": round(self.within_one, 3),
                "mad": round(self.mad, 3), "bias": round(self.bias, 3), "direction": self.direction}

    def sentence(self) -> str:
        """The figures in plain words, e.g. for the end of a session."""
        if self.n == 0:
            return "No answers rated."
        how = {"balanced": "balanced: neither lenient nor severe on average",
               "lenient": f"lenient: {self.bias:+.2f} points above the reference on average",
               "severe": f"severe: {abs(self.bias):.2f} points below the reference on average"}[self.direction]
        return (f"{self.exact_count} of {self.n} exactly at the reference level ({self.exact:.0%}); "
                f"{self.mad:.2f} points off on average; {how}.")


def calibrate(ratings: Iterable[PracticeRating]) -> Calibration:
    ratings = list(ratings)
    diffs = [r.rating - r.reference for r in ratings]
    n = len(diffs)
    return Calibration(
        n=n,
        exact_count=sum(d == 0 for d in diffs),
        mad=sum(abs(d) for d in diffs) / n if n else 0.0,
        bias=sum(diffs) / n if n else 0.0,
        within_one_count=sum(abs(d) <= 1 for d in diffs),
    )


def session_calibration(session: PracticeSession) -> Calibration:
    return calibrate(session.ratings)


def _place(seed: int, question_id: str, number: int) -> str:
    return hashlib.sha256(f"{seed}\x00{question_id}\x00{number}".encode()).hexdigest()


def practice_set(questions: Iterable[Question], seed: int, size: int | None = DEFAULT_SET_SIZE
                 ) -> list[PracticeItem]:
    """The sample answers of ``questions`` in the seed's order, the first ``size`` of them (all if None)."""
    items = [PracticeItem(q, s, i) for q in questions for i, s in enumerate(q.samples, start=1)]
    items.sort(key=lambda item: _place(seed, item.question.id, item.number))
    return items if size is None else items[:size]


def guide_questions(guide: Sequence[GuideQuestion], bank_question) -> list[Question]:
    """The bank questions behind a round's guide (``bank_question(id)`` looks one up; missing ones are left
    out). Practice uses the bank's anchors, since the sample answers' levels were set against them."""
    found = (bank_question(g.id) for g in guide)
    return [q for q in found if q is not None]


def without_samples(questions: Iterable[Question]) -> list[Question]:
    return [q for q in questions if not q.samples]
