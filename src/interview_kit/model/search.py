"""What search finds."""

from __future__ import annotations

from dataclasses import dataclass


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
