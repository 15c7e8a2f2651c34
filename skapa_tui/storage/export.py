"""Export every participant's sessions and answers, as JSON or CSV.

JSON::

    {"participants": [{"code": ..., "sessions": [{"id", "role", "flow",
      "flow_version", "lang", "started_at", "completed_at" (null while
      unfinished), "answers": [{"item", "indicator", "value" (1-5, null when
      skipped), "answered_at"}]}]}]}

CSV: a header, then one row per answer: code, session, role, flow,
flow_version, lang, started_at, completed_at, item, indicator, value,
answered_at (value and completed_at empty when null). A session without
answers gives no row.

Times are ISO 8601 with offset. Participants come in code order, sessions
oldest first, answers in the order they were first given.

Damaged files: by default the export first reads every participant file
and, if any cannot be read, raises ``DamagedData`` listing all of them
(``.files``) *before writing anything*, so a partial export is never taken
for a whole one. With ``skip_damaged=True`` it writes every readable
participant and returns the damaged files' paths (empty list when none); the
caller must tell the user about them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TextIO

from ..domain.session import Session
from .errors import DamagedData
from .store import Store

CSV_COLUMNS = (
    "code", "session", "role", "flow", "flow_version", "lang",
    "started_at", "completed_at", "item", "indicator", "value", "answered_at",
)


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def session_dict(session: Session) -> dict[str, Any]:
    return {
        "id": session.id,
        "role": session.role,
        "flow": session.flow,
        "flow_version": session.flow_version,
        "lang": session.lang,
        "started_at": _iso(session.started_at),
        "completed_at": _iso(session.completed_at),
        "answers": [
            {"item": a.item, "indicator": a.indicator, "value": a.value, "answered_at": _iso(a.answered_at)}
            for a in session.answers.values()
        ],
    }


def _check_first(store: Store, skip_damaged: bool) -> list[Path]:
    damaged = [f for item in store.read_all() if isinstance(item, DamagedData) for f in item.files]
    if damaged and not skip_damaged:
        raise DamagedData(damaged)
    return damaged


def _readable(store: Store, damaged: list[Path], skip_damaged: bool):
    for item in store.read_all():
        if isinstance(item, DamagedData):
            new = [f for f in item.files if f not in damaged]
            if new and not skip_damaged:
                raise DamagedData(new)  # damaged between the check and the writing
            damaged.extend(new)
            continue
        yield item


def export_json(store: Store, out: TextIO, *, skip_damaged: bool = False) -> list[Path]:
    """Write the JSON export to ``out``; see the module doc for damaged files."""
    damaged = _check_first(store, skip_damaged)
    out.write('{"participants": [')
    first = True
    for code, sessions in _readable(store, damaged, skip_damaged):
        out.write("\n" if first else ",\n")
        first = False
        json.dump({"code": code, "sessions": [session_dict(s) for s in sessions]}, out, ensure_ascii=False)
    out.write("\n]}\n")
    return damaged


def export_csv(store: Store, out: TextIO, *, skip_damaged: bool = False) -> list[Path]:
    """Write the CSV export to ``out``; see the module doc for damaged files."""
    damaged = _check_first(store, skip_damaged)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for code, sessions in _readable(store, damaged, skip_damaged):
        for s in sessions:
            common = (code, s.id, s.role, s.flow, s.flow_version, s.lang, _iso(s.started_at), _iso(s.completed_at) or "")
            for a in s.answers.values():
                writer.writerow(common + (a.item, a.indicator, "" if a.value is None else a.value, _iso(a.answered_at)))
    return damaged
