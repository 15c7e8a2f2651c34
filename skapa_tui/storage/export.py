"""Export the data folder as JSON or as CSV tables.

JSON::

    {"format": 2,
     "supervisors": [{"id", "name", "active", "created_at"}],
     "participants": [{"code", "created_at", "supervisor" (now, or null),
       "follow_up" (the agreed next follow-up, or null),
       "readings": [{"id", "flow", "flow_version", "role", "rater",
         "entry", "entered_by", "meeting_date", "lang", "started_at",
         "completed_at" (null while unfinished),
         "answers": [{"item", "indicator", "value", "answered_at"}],
         "corrections": [{"item", "old", "new", "by", "at", "why"}]}],
       "assignments": [{"supervisor", "previous", "on", "at", "by"}],
       "interventions": [{"id", "kind", "group", "text", "start", "end",
         "responsible", "added_by", "added_at"}],
       "plans": [{"id", "made_at", "made_by", "goal", "next_follow_up",
         "interventions": [<intervention id>, ...]}]}]}

An answer's ``value`` is as it was given (1-5, an option id, a list of
option ids, or null when not answered); its corrections follow in
``corrections`` (oldest first).

CSV: one tidy table per file, chosen with ``table`` (`CSV_TABLES`):

- ``answers`` (default): one row per answer: code, reading, role, flow,
  flow_version, rater, entry, entered_by, meeting_date, lang, started_at,
  completed_at, item, indicator, value, answered_at, corrected. ``value``
  is the value with any corrections applied (options of a multiple choice
  joined by ";"), ``corrected`` how many corrections it had. A reading
  without answers gives no row.
- ``readings``: one row per reading (its columns above, and ``answers``, how many).
- ``corrections``: code, reading, item, old, new, by, at, why.
- ``assignments``: code, supervisor, previous, on, at, by.
- ``interventions``: code, intervention, kind, group, text, start, end,
  responsible, added_by, added_at.
- ``plans``: code, plan, made_at, made_by, goal, next_follow_up,
  interventions (ids joined by ";").
- ``supervisors``: supervisor, name, active, created_at.

Empty cells stand for null. Times are ISO 8601 with offset, dates ISO
dates. Participants come in code order, supervisors in id order, readings
oldest first, answers in the order they were first given. Never a PIN, a
passphrase or their hashes.

Damaged files: by default the export first reads every participant and
supervisor file and, if any cannot be read, raises ``DamagedData`` listing
all of them (``.files``) *before writing anything*, so a partial export is
never taken for a whole one. With ``skip_damaged=True`` it writes every
readable one and returns the damaged files' paths (empty list when none);
the caller must tell the user about them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from ..domain.history import History
from ..domain.reading import AnswerValue, Reading
from ..domain.supervisor import Supervisor
from .errors import DamagedData
from .store import Store

FORMAT = 2

READING_COLUMNS = (
    "code", "reading", "role", "flow", "flow_version", "rater", "entry", "entered_by",
    "meeting_date", "lang", "started_at", "completed_at",
)
CSV_TABLES: dict[str, tuple[str, ...]] = {
    "answers": (*READING_COLUMNS, "item", "indicator", "value", "answered_at", "corrected"),
    "readings": (*READING_COLUMNS, "answers"),
    "corrections": ("code", "reading", "item", "old", "new", "by", "at", "why"),
    "assignments": ("code", "supervisor", "previous", "on", "at", "by"),
    "interventions": ("code", "intervention", "kind", "group", "text", "start", "end", "responsible",
                      "added_by", "added_at"),
    "plans": ("code", "plan", "made_at", "made_by", "goal", "next_follow_up", "interventions"),
    "supervisors": ("supervisor", "name", "active", "created_at"),
}
CSV_COLUMNS = CSV_TABLES["answers"]


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _json_value(value: AnswerValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def reading_dict(reading: Reading) -> dict[str, Any]:
    return {
        "id": reading.id,
        "flow": reading.flow,
        "flow_version": reading.flow_version,
        "role": reading.role,
        "rater": reading.rater,
        "entry": reading.entry,
        "entered_by": reading.entered_by,
        "meeting_date": _iso(reading.meeting_date),
        "lang": reading.lang,
        "started_at": _iso(reading.started_at),
        "completed_at": _iso(reading.completed_at),
        "answers": [
            {"item": a.item, "indicator": a.indicator, "value": _json_value(a.value),
             "answered_at": _iso(a.answered_at)}
            for a in reading.answers.values()
        ],
        "corrections": [
            {"item": c.item, "old": _json_value(c.old), "new": _json_value(c.new), "by": c.by,
             "at": _iso(c.at), "why": c.why}
            for c in reading.corrections
        ],
    }


def history_dict(history: History) -> dict[str, Any]:
    return {
        "code": history.code,
        "created_at": _iso(history.created_at),
        "supervisor": history.supervisor,
        "follow_up": _iso(history.follow_up),
        "readings": [reading_dict(r) for r in history.readings],
        "assignments": [
            {"supervisor": a.supervisor, "previous": a.previous, "on": _iso(a.on), "at": _iso(a.at), "by": a.by}
            for a in history.assignments
        ],
        "interventions": [
            {"id": i.id, "kind": i.kind, "group": i.group, "text": i.text, "start": _iso(i.start),
             "end": _iso(i.end), "responsible": i.responsible, "added_by": i.added_by,
             "added_at": _iso(i.added_at)}
            for i in history.interventions
        ],
        "plans": [
            {"id": p.id, "made_at": _iso(p.made_at), "made_by": p.made_by, "goal": p.goal,
             "next_follow_up": _iso(p.next_follow_up), "interventions": list(p.interventions)}
            for p in history.plans
        ],
    }


def supervisor_dict(supervisor: Supervisor) -> dict[str, Any]:
    return {"id": supervisor.id, "name": supervisor.name, "active": supervisor.active,
            "created_at": _iso(supervisor.created_at)}


# -- damaged files ---------------------------------------------------------------

def _everything(store: Store) -> Iterator[History | Supervisor | DamagedData]:
    yield from store.read_supervisors()
    yield from store.read_all()


def _check_first(store: Store, skip_damaged: bool) -> list[Path]:
    damaged = [f for item in _everything(store) if isinstance(item, DamagedData) for f in item.files]
    if damaged and not skip_damaged:
        raise DamagedData(damaged)
    return damaged


def _readable(items: Iterator, damaged: list[Path], skip_damaged: bool) -> Iterator:
    for item in items:
        if isinstance(item, DamagedData):
            new = [f for f in item.files if f not in damaged]
            if new and not skip_damaged:
                raise DamagedData(new)  # damaged between the check and the writing
            damaged.extend(new)
            continue
        yield item


# -- the exports ---------------------------------------------------------------------

def export_json(store: Store, out: TextIO, *, skip_damaged: bool = False) -> list[Path]:
    """Write the JSON export to ``out``; see the module doc for damaged files."""
    damaged = _check_first(store, skip_damaged)
    supervisors = [supervisor_dict(s) for s in _readable(store.read_supervisors(), damaged, skip_damaged)]
    out.write(f'{{"format": {FORMAT}, "supervisors": ')
    json.dump(supervisors, out, ensure_ascii=False)
    out.write(', "participants": [')
    first = True
    for history in _readable(store.read_all(), damaged, skip_damaged):
        out.write("\n" if first else ",\n")
        first = False
        json.dump(history_dict(history), out, ensure_ascii=False)
    out.write("\n]}\n")
    return damaged


def _rows(table: str, history: History) -> Iterator[tuple]:
    code = history.code
    if table in ("answers", "readings"):
        for r in history.readings:
            common = (code, r.id, r.role, r.flow, r.flow_version, r.rater, r.entry, r.entered_by,
                      r.meeting_date, r.lang, r.started_at, r.completed_at)
            if table == "readings":
                yield (*common, len(r.answers))
                continue
            for a in r.answers.values():
                fixes = sum(1 for c in r.corrections if c.item == a.item)
                yield (*common, a.item, a.indicator, r.value(a.item), a.answered_at, fixes)
    elif table == "corrections":
        for r in history.readings:
            for c in r.corrections:
                yield code, r.id, c.item, c.old, c.new, c.by, c.at, c.why
    elif table == "assignments":
        for a in history.assignments:
            yield code, a.supervisor, a.previous, a.on, a.at, a.by
    elif table == "interventions":
        for i in history.interventions:
            yield code, i.id, i.kind, i.group, i.text, i.start, i.end, i.responsible, i.added_by, i.added_at
    elif table == "plans":
        for p in history.plans:
            yield code, p.id, p.made_at, p.made_by, p.goal, p.next_follow_up, p.interventions


def export_csv(store: Store, out: TextIO, *, table: str = "answers", skip_damaged: bool = False) -> list[Path]:
    """Write the CSV table ``table`` (one of `CSV_TABLES`) to ``out``; see the
    module doc for the columns and for damaged files."""
    if table not in CSV_TABLES:
        raise ValueError(f"no CSV table {table!r}")
    damaged = _check_first(store, skip_damaged)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_TABLES[table])
    if table == "supervisors":
        for s in _readable(store.read_supervisors(), damaged, skip_damaged):
            writer.writerow([_cell(v) for v in (s.id, s.name, s.active, s.created_at)])
        return damaged
    for history in _readable(store.read_all(), damaged, skip_damaged):
        for row in _rows(table, history):
            writer.writerow([_cell(v) for v in row])
    return damaged
