"""Sessions and answers: one person's pass through one flow.

A session is one reading: who answered (role), which flow and version, in
which language, when it started and when it was sent (``completed_at`` is
None while unfinished), the answer to each item, and where the person
stopped (``position``, the id of the step to resume at). A skipped item has
value None. Imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


def now() -> datetime:
    """The current time, timezone-aware UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Answer:
    item: str
    indicator: str
    value: int | None  # 1-5, None when the person chose not to answer
    answered_at: datetime


@dataclass
class Session:
    id: str
    role: str
    flow: str
    flow_version: int
    lang: str
    started_at: datetime
    completed_at: datetime | None = None
    position: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.completed_at is not None
