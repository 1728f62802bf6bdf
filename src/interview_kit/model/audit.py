"""An entry of the workspace's append-only audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    detail: dict = field(default_factory=dict)
