"""A bank problem: where it is, which rule it breaks, and a sentence saying what to do."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

@dataclass(frozen=True)
class Finding:
    """One problem in a bank: where it is, which rule it breaks, and a sentence saying what to do."""

    path: str = ""
    skill: str | None = None
    question: str | None = None
    field: str | None = None
    line: int | None = None
    rule: str = ""
    severity: str = ERROR
    message: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        parts = []
        if self.path:
            parts.append(f"{self.path}:{self.line}" if self.line is not None else self.path)
        who = "/".join(p for p in (self.skill, self.question) if p)
        if who:
            parts.append(who)
        if self.field:
            parts.append(self.field)
        parts.append(f"{self.message} [{self.rule}]")
        return ": ".join(parts)

