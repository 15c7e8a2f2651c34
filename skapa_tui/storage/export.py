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

CSV: tidy tables, one row per thing (`CSV_TABLES`). ``export_csv`` writes
one of them to a stream; ``write_csv_tables`` writes all of them, one
``<table>.csv`` each, and ``README.md`` (`readme`), which describes every
column of every table (type, unit, how missing values are written), into a
folder (the command line makes it a folder or a zip file):

- ``participants``: one row per participant: code, created_at, supervisor,
  follow_up.
- ``answers`` (``export_csv``'s default): one row per answer: code, reading,
  role, flow, flow_version, rater, entry, entered_by, meeting_date, lang,
  started_at, completed_at, item, indicator, value, status, answered_at,
  corrected. ``value`` is the value with any corrections applied (options
  of a multiple choice joined by ";"), ``status`` is ``answered``, or
  ``skipped`` for "I'd rather not answer" (its value is empty),
  ``corrected`` how many corrections it had. A reading without answers
  gives no row.
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

One participant (``participant_export``, for the right of access and data
portability): ``{"format": 2, "exported_at", "participant": {...},
"supervisor_ids": [...]}``, where the participant has the shape of one
participant of the JSON export above, and also every other field stored
about them (such as ``position`` of an unfinished reading, who set the
follow-up and when, who ended an intervention, wrong PINs in a row), but
never the PIN's hash; and two lists of its own: ``notes``, the supervisors'
meeting notes ``[{"meeting_date", "text", "by", "at"}]``, and ``access``,
who opened the data ``[{"by", "by_kind" ("supervisor" or "user": a user
name on this computer), "at", "what" (page, forms, conversation,
progression, summary, export)}]``, never a rating. Neither is in the export
of everyone nor in the organisation's report. ``supervisor_ids`` are the
supervisors named in it.

Damaged files: by default the export first reads every participant and
supervisor file and, if any cannot be read, raises ``DamagedData`` listing
all of them (``.files``) *before writing anything*, so a partial export is
never taken for a whole one. With ``skip_damaged=True`` it writes every
readable one and returns the damaged files' paths (empty list when none);
the caller must tell the user about them.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from ..domain import reading as clock
from ..domain.history import History
from ..domain.indicators import N_
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
    "participants": ("code", "created_at", "supervisor", "follow_up"),
    "readings": (*READING_COLUMNS, "answers"),
    "answers": (*READING_COLUMNS, "item", "indicator", "value", "status", "answered_at", "corrected"),
    "corrections": ("code", "reading", "item", "old", "new", "by", "at", "why"),
    "assignments": ("code", "supervisor", "previous", "on", "at", "by"),
    "interventions": ("code", "intervention", "kind", "group", "text", "start", "end", "responsible",
                      "added_by", "added_at"),
    "plans": ("code", "plan", "made_at", "made_by", "goal", "next_follow_up", "interventions"),
    "supervisors": ("supervisor", "name", "active", "created_at"),
}
CSV_COLUMNS = CSV_TABLES["answers"]
ANSWERED, SKIPPED = "answered", "skipped"
README = "README.md"

# -- the README of the CSV tables ---------------------------------------------------

_TEXT, _INTEGER, _DATE, _TIME, _BOOL, _ID = (
    N_("text"), N_("whole number"), N_("date (YYYY-MM-DD)"),
    N_("time (ISO 8601, with its offset from UTC)"), N_("true or false"), N_("id (text)"))
_CODE = ("code", _ID, N_("The participant's code."))
_READING = ("reading", _ID, N_("The reading's id (see readings.csv)."))
_READING_DOCS = (
    _CODE,
    _READING,
    ("role", _TEXT, N_("Whose form it is: participant (a self-rating) or supervisor.")),
    ("flow", _ID, N_("The form (flow) that was used.")),
    ("flow_version", _INTEGER, N_("The version of that form.")),
    ("rater", _ID, N_("The supervisor who rated; empty for the participant's own rating.")),
    ("entry", _TEXT, N_("How it was entered: kiosk, live (at the meeting), paper (typed in "
                        "afterwards) or handover (the participant answered on the supervisor's "
                        "screen).")),
    ("entered_by", _ID, N_("The supervisor who typed it in; empty at the kiosk.")),
    ("meeting_date", _DATE, N_("The date of the meeting the reading belongs to.")),
    ("lang", _TEXT, N_("The language of the form (sv, da, ...).")),
    ("started_at", _TIME, N_("When the reading was started.")),
    ("completed_at", _TIME, N_("When it was sent; empty while it is unfinished.")),
)
COLUMN_DOCS: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "participants": (N_("One row per participant."), (
        _CODE,
        ("created_at", _TIME, N_("When the participant was added.")),
        ("supervisor", _ID, N_("The supervisor the participant has now; empty for none.")),
        ("follow_up", _DATE, N_("The next follow-up as agreed; empty when none was agreed.")),
    )),
    "readings": (N_("One row per reading: one filling-in of one form, by the participant or by "
                    "a supervisor."), (
        *_READING_DOCS,
        ("answers", _INTEGER, N_("How many answers the reading has.")),
    )),
    "answers": (N_("One row per answer to one question of one reading. A question that was "
                   "never reached has no row."), (
        *_READING_DOCS,
        ("item", _ID, N_("The question.")),
        ("indicator", _ID, N_("The indicator the question rates; empty for a question that "
                              "rates none.")),
        ("value", _TEXT, N_("The answer after any corrections: 1 to 5 on a scale (1 the "
                            "lowest, 5 the highest), the id of the option chosen, or the ids "
                            "of the options of a multiple choice joined by ';'. Empty when "
                            "the person chose \"I'd rather not answer\".")),
        ("status", _TEXT, N_("answered, or skipped for \"I'd rather not answer\" (then value "
                             "is empty: missing, not zero).")),
        ("answered_at", _TIME, N_("When the answer was given.")),
        ("corrected", _INTEGER, N_("How many times a supervisor corrected the answer (see "
                                   "corrections.csv); 0 for none.")),
    )),
    "corrections": (N_("One row per correction of an answer of a sent reading; the old value "
                       "is kept."), (
        _CODE,
        _READING,
        ("item", _ID, N_("The question.")),
        ("old", _TEXT, N_("The value before the correction (written as value in answers.csv).")),
        ("new", _TEXT, N_("The value after the correction (written as value in answers.csv).")),
        ("by", _ID, N_("The supervisor who corrected it.")),
        ("at", _TIME, N_("When it was corrected.")),
        ("why", _TEXT, N_("Why it was corrected.")),
    )),
    "assignments": (N_("One row per change of the participant's supervisor, oldest first."), (
        _CODE,
        ("supervisor", _ID, N_("The new supervisor; empty for none.")),
        ("previous", _ID, N_("The supervisor before; empty for none.")),
        ("on", _DATE, N_("The day the change took effect.")),
        ("at", _TIME, N_("When the change was recorded.")),
        ("by", _ID, N_("The supervisor who made the change; empty when it was made on the "
                       "command line.")),
    )),
    "interventions": (N_("One row per intervention of a participant's action plan."), (
        _CODE,
        ("intervention", _ID, N_("The intervention's id (see plans.csv).")),
        ("kind", _ID, N_("The kind of intervention, or other.")),
        ("group", _ID, N_("Its group: job_focused, competence, social or health.")),
        ("text", _TEXT, N_("What it is, for the kind other; else empty.")),
        ("start", _DATE, N_("The day it starts.")),
        ("end", _DATE, N_("The day it ends; empty while it has no end.")),
        ("responsible", _TEXT, N_("Who is responsible for it.")),
        ("added_by", _ID, N_("The supervisor who added it.")),
        ("added_at", _TIME, N_("When it was added.")),
    )),
    "plans": (N_("One row per version of a participant's action plan; earlier versions stay."), (
        _CODE,
        ("plan", _ID, N_("The plan version's id.")),
        ("made_at", _TIME, N_("When this version was made.")),
        ("made_by", _ID, N_("The supervisor who made it.")),
        ("goal", _TEXT, N_("The goal, in the participant's words; may be empty.")),
        ("next_follow_up", _DATE, N_("The next follow-up agreed in it; empty for none.")),
        ("interventions", _TEXT, N_("The ids of its interventions joined by ';' (see "
                                    "interventions.csv); empty for none.")),
    )),
    "supervisors": (N_("One row per supervisor account."), (
        ("supervisor", _ID, N_("The supervisor's id.")),
        ("name", _TEXT, N_("The supervisor's name; may be empty.")),
        ("active", _BOOL, N_("false once the account is deactivated.")),
        ("created_at", _TIME, N_("When the account was added.")),
    )),
}
"""Every column of every CSV table: (name, type, meaning), msgids; see `readme`."""


def readme(translate: Callable[[str], str] = lambda text: text) -> str:
    """README.md of the CSV tables, in the language of ``translate`` (a gettext)."""
    t = translate
    lines = [
        "# " + t("skapa: the exported tables"), "",
        t("Each table is a CSV file (UTF-8, comma-separated, with a header row): one row per "
          "thing, one column per fact, ready for a spreadsheet or R. Tables refer to each other "
          "by the ids in their columns (code, reading, intervention, supervisor)."),
        "",
        t("Missing values are empty cells. Dates are written YYYY-MM-DD; times as ISO 8601 "
          "with their offset from UTC. \"I'd rather not answer\" is an empty value with the "
          "status skipped: missing, not zero. A multiple choice is its option ids joined by "
          "';'. No PIN and no passphrase is ever exported."),
    ]
    for table, (about, columns) in COLUMN_DOCS.items():
        lines += ["", f"## {table}.csv", "", t(about), "",
                  "| {} | {} | {} |".format(t("column"), t("type"), t("meaning")), "|---|---|---|"]
        lines += [f"| {name} | {t(kind)} | {t(meaning)} |" for name, kind, meaning in columns]
    return "\n".join(lines) + "\n"


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
    if table == "participants":
        yield code, history.created_at, history.supervisor, history.follow_up
    elif table in ("answers", "readings"):
        for r in history.readings:
            common = (code, r.id, r.role, r.flow, r.flow_version, r.rater, r.entry, r.entered_by,
                      r.meeting_date, r.lang, r.started_at, r.completed_at)
            if table == "readings":
                yield (*common, len(r.answers))
                continue
            for a in r.answers.values():
                fixes = sum(1 for c in r.corrections if c.item == a.item)
                value = r.value(a.item)
                yield (*common, a.item, a.indicator, value, SKIPPED if value is None else ANSWERED,
                       a.answered_at, fixes)
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
            writer.writerow(_supervisor_row(s))
        return damaged
    for history in _readable(store.read_all(), damaged, skip_damaged):
        for row in _rows(table, history):
            writer.writerow([_cell(v) for v in row])
    return damaged


def _supervisor_row(s: Supervisor) -> list:
    return [_cell(v) for v in (s.id, s.name, s.active, s.created_at)]


def write_csv_tables(store: Store, folder: Path, *, skip_damaged: bool = False,
                     translate: Callable[[str], str] = lambda text: text) -> list[Path]:
    """Write every table of `CSV_TABLES` as ``<table>.csv`` and ``README.md``
    into ``folder`` (it exists; none of these files may), in one pass over
    the participants; files 0600. See the module doc for damaged files."""
    from .files import FILE_MODE

    damaged = _check_first(store, skip_damaged)
    names = [*(f"{table}.csv" for table in CSV_TABLES), README]
    with contextlib.ExitStack() as stack:
        files: dict[str, TextIO] = {}
        for name in names:
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                         FILE_MODE)
            os.fchmod(fd, FILE_MODE)
            files[name] = stack.enter_context(open(fd, "w", encoding="utf-8", newline=""))
        writers = {table: csv.writer(files[f"{table}.csv"], lineterminator="\n") for table in CSV_TABLES}
        for table, writer in writers.items():
            writer.writerow(CSV_TABLES[table])
        participant_tables = [t for t in CSV_TABLES if t != "supervisors"]
        for history in _readable(store.read_all(), damaged, skip_damaged):
            for table in participant_tables:
                writer = writers[table]
                for row in _rows(table, history):
                    writer.writerow([_cell(v) for v in row])
        for supervisor in _readable(store.read_supervisors(), damaged, skip_damaged):
            writers["supervisors"].writerow(_supervisor_row(supervisor))
        files[README].write(readme(translate))
        for fp in files.values():
            fp.flush()
            os.fsync(fp.fileno())
    return damaged


# -- one participant -------------------------------------------------------------

SECRET_FIELDS = frozenset({"pin", "passphrase"})
SUPERVISOR_FIELDS = frozenset({"rater", "entered_by", "by", "supervisor", "previous", "added_by",
                               "made_by", "ended_by", "follow_up_by"})
"""The fields of a participant's data that hold a supervisor's id."""


def _scrub(value: Any) -> Any:
    """``value`` without any secret field, at any depth."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if k not in SECRET_FIELDS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _add_stored(shown: dict, stored: Any) -> None:
    """Add to ``shown`` every field of the stored document ``stored`` it lacks
    (but the document's format and any secret)."""
    if not isinstance(stored, dict):
        return
    for key, value in stored.items():
        if key not in shown and key != "format" and key not in SECRET_FIELDS:
            shown[key] = _scrub(value)


def _stored_docs(tables: dict, name: str) -> list[dict]:
    from .documents import doc_number

    table = tables.get(name) or {}
    try:
        keys = sorted(table, key=doc_number)
    except (TypeError, ValueError):
        keys = sorted(table)
    return [table[k] for k in keys]


def _supervisor_ids(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SUPERVISOR_FIELDS and isinstance(item, str):
                found.add(item)
            else:
                _supervisor_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _supervisor_ids(item, found)


def participant_export(history: History, tables: dict) -> dict[str, Any]:
    """Everything stored about one participant (see the module doc), from
    `Store.stored`; never a PIN or its hash."""
    from ..domain.access import BY_SUPERVISOR
    from .documents import (
        ACCESS_TABLE,
        ASSIGNMENTS_TABLE,
        CORRECTIONS_TABLE,
        INTERVENTIONS_TABLE,
        NOTES_TABLE,
        PARTICIPANT_TABLE,
        PLANS_TABLE,
        READINGS_TABLE,
    )

    person = history_dict(history)
    _add_stored(person, (tables.get(PARTICIPANT_TABLE) or {}).get("1"))
    by_id = {name: {d.get("id"): d for d in _stored_docs(tables, name) if isinstance(d, dict)}
             for name in (READINGS_TABLE, INTERVENTIONS_TABLE, PLANS_TABLE)}
    for reading in person["readings"]:
        stored = by_id[READINGS_TABLE].get(reading["id"], {})
        stored_answers = {a.get("item"): a for a in stored.get("answers", ()) if isinstance(a, dict)}
        for answer in reading["answers"]:
            _add_stored(answer, stored_answers.get(answer["item"]))
        _add_stored(reading, stored)
    for key, name in (("interventions", INTERVENTIONS_TABLE), ("plans", PLANS_TABLE)):
        for shown in person[key]:
            _add_stored(shown, by_id[name].get(shown["id"]))
    for shown, stored in zip(person["assignments"], _stored_docs(tables, ASSIGNMENTS_TABLE)):
        _add_stored(shown, stored)
    known = {PARTICIPANT_TABLE, READINGS_TABLE, ASSIGNMENTS_TABLE, INTERVENTIONS_TABLE, PLANS_TABLE,
             CORRECTIONS_TABLE, ACCESS_TABLE, NOTES_TABLE}
    # The supervisors' meeting notes, and who opened the data (as stored, but the format).
    person["notes"] = [{k: v for k, v in doc.items() if k != "format"}
                       for doc in _scrub(_stored_docs(tables, NOTES_TABLE)) if isinstance(doc, dict)]
    access = [{k: v for k, v in doc.items() if k != "format"}
              for doc in _scrub(_stored_docs(tables, ACCESS_TABLE)) if isinstance(doc, dict)]
    other = {name: _scrub(_stored_docs(tables, name)) for name in sorted(tables) if name not in known}
    if other:
        person["other_tables"] = other  # of a newer skapa: kept, as stored
    found: set[str] = set()
    _supervisor_ids(person, found)
    found.update(entry["by"] for entry in access
                 if entry.get("by_kind") == BY_SUPERVISOR and isinstance(entry.get("by"), str))
    person["access"] = access  # a user name on this computer (by_kind "user") is no supervisor's id
    return {"format": FORMAT, "exported_at": clock.now().isoformat(), "participant": person,
            "supervisor_ids": sorted(found)}


def export_participant(store: Store, code: str, out: TextIO) -> None:
    """Write `participant_export` of ``code`` to ``out`` as JSON."""
    history, tables = store.stored(code)
    json.dump(participant_export(history, tables), out, ensure_ascii=False, indent=1)
    out.write("\n")
