"""Export the data folder as JSON or as CSV tables, every column declared once.

Each table of the export is one list of `Column` in `TABLES`: its name
in the CSV header, what it holds and what it means (for the README), how
its value is taken from the domain's object, and its key in the JSON
export. A column of a stored field takes its kind and meaning from the
field's declaration in ``storage/documents.py`` (`stored`); the others
(the participant's supervisor now, an answer's status) say theirs here
(`derived`). The CSV header, the rows, the README of the columns
(`readme`) and the JSON objects all come from these lists;
``python -m skapa_tui.storage.export`` prints the README. To export a new
stored field, add ``stored(TheDoc, "field")`` to its table's list.

JSON::

    {"format": 2, "supervisors": [<supervisor>], "participants": [<participant>]}

where a supervisor and a participant are objects of their table's JSON
keys (`json_keys` lists them), and a participant also has ``readings`` (each
with its ``answers``, the stored answer fields with the value as it was given:
1-5, an option id, a list of option ids, or null when not answered, and its
``corrections``, oldest first), ``assignments``, ``interventions`` and
``plans`` (``interventions``: a list of intervention ids).

CSV: tidy tables, one row per thing (`CSV_TABLES`). ``export_csv`` writes
one of them to a stream; ``write_csv_tables`` writes all of them, one
``<table>.csv`` each, and ``README.md`` (`readme`), which describes every
column of every table (type, meaning), into a folder (the command line makes
it a folder or a zip file). In ``answers`` the value has any corrections
applied (options of a multiple choice joined by ";"), ``status`` is
``answered``, or ``skipped`` for "I'd rather not answer" (its value is
empty), and a reading without answers gives no row.

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
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, TextIO, TypeVar

from ..domain import reading as clock
from ..domain.access import BY_SUPERVISOR
from ..domain.history import History
from ..domain.indicators import N_
from ..domain.reading import Answer, Reading
from ..domain.supervisor import Supervisor
from . import documents as docs
from .errors import DamagedData
from .store import Store

FORMAT = 2
ANSWERED, SKIPPED = "answered", "skipped"
README = "README.md"
V = TypeVar("V")


# -- the columns ----------------------------------------------------------------------

class Column(NamedTuple):
    """One column of an exported table."""

    name: str                   # in the CSV header
    kind: str                   # what it holds (a msgid)
    meaning: str                # what it means (a msgid)
    get: Callable[[Any], Any]   # its value, from the row's object
    key: str | None             # its key in the JSON export; None: the CSV only


def stored(doc: type, field: str, *, name: str | None = None, json: bool = True,
           get: Callable[[Any], Any] | None = None) -> Column:
    """The column of a stored field: its kind and meaning as ``documents``
    declares them, its value the domain object's attribute of the same name
    (or ``get``), named ``name`` in the CSV (the field's name by default)."""
    (found,) = [f for f in docs.fields(doc) if f.name == field]
    assert found.kind is not None and found.meaning, f"{doc.__name__}.{field}: no kind or meaning declared"
    return Column(name or field, found.kind, found.meaning, get or attrgetter(field), field if json else None)


def derived(name: str, kind: str, meaning: str, get: Callable[[Any], Any], *, json: bool = True) -> Column:
    """A column that is not a stored field."""
    return Column(name, kind, meaning, get, name if json else None)


def _on_reading(column: Column) -> Column:
    """``column`` of a reading, for rows of (reading, answer): the CSV only."""
    get = column.get
    return column._replace(get=lambda pair: get(pair[0]), key=None)


def _corrected(pair: tuple[Reading, Answer]) -> int:
    reading, answer = pair
    return sum(1 for c in reading.corrections if c.item == answer.item)


_P, _R, _A, _C = docs.ParticipantDoc, docs.ReadingDoc, docs.AnswerDoc, docs.CorrectionDoc
CODE = stored(_P, "code", json=False)
"""The first column of every participant's table (in the JSON the participant holds them)."""

READING = [
    stored(_R, "id", name="reading"), stored(_R, "role"), stored(_R, "flow"), stored(_R, "flow_version"),
    stored(_R, "rater"), stored(_R, "entry"), stored(_R, "entered_by"), stored(_R, "meeting_date"),
    stored(_R, "lang"), stored(_R, "started_at"), stored(_R, "completed_at"),
]
ANSWER = [stored(_A, "item"), stored(_A, "indicator"), stored(_A, "value"), stored(_A, "answered_at")]
"""An answer in the JSON export: the value as it was given."""


class Table(NamedTuple):
    """One exported table: what a row is, the rows of a participant (None for
    the supervisors' table), and its columns after ``code``."""

    about: str
    rows: Callable[[History], Iterable[Any]] | None
    columns: list[Column]


TABLES: dict[str, Table] = {
    "participants": Table(N_("One row per participant."), lambda h: (h,), [
        stored(_P, "created_at"),
        derived("supervisor", docs.IDENTIFIER, N_("The supervisor the participant has now; empty for none."),
                attrgetter("supervisor")),
        stored(_P, "follow_up"),
    ]),
    "readings": Table(N_("One row per reading: one filling-in of one form, by the participant or by a "
                         "supervisor."), attrgetter("readings"), [
        *READING,
        derived("answers", docs.INTEGER, N_("How many answers the reading has."),
                lambda r: len(r.answers), json=False),
    ]),
    "answers": Table(N_("One row per answer to one question of one reading. A question that was never "
                        "reached has no row."),
                     lambda h: ((r, a) for r in h.readings for a in r.answers.values()), [
        *map(_on_reading, READING),
        stored(_A, "item", get=lambda pair: pair[1].item, json=False),
        stored(_A, "indicator", get=lambda pair: pair[1].indicator, json=False),
        derived("value", docs.TEXT, N_(
            "The answer after any corrections: 1 to 5 on a scale (1 the lowest, 5 the highest), the id of "
            "the option chosen, or the ids of the options of a multiple choice joined by ';'. Empty when the "
            "person chose \"I'd rather not answer\"."),
            lambda pair: pair[0].value(pair[1].item), json=False),
        derived("status", docs.TEXT, N_("answered, or skipped for \"I'd rather not answer\" (then value is "
                                        "empty: missing, not zero)."),
                lambda pair: SKIPPED if pair[0].value(pair[1].item) is None else ANSWERED, json=False),
        stored(_A, "answered_at", get=lambda pair: pair[1].answered_at, json=False),
        derived("corrected", docs.INTEGER, N_("How many times a supervisor corrected the answer (see "
                                              "corrections.csv); 0 for none."), _corrected, json=False),
    ]),
    "corrections": Table(N_("One row per correction of an answer of a sent reading; the old value is kept."),
                         lambda h: (c for r in h.readings for c in r.corrections), [
        stored(_C, "reading", json=False), stored(_C, "item"), stored(_C, "old"), stored(_C, "new"),
        stored(_C, "by"), stored(_C, "at"), stored(_C, "why"),
    ]),
    "assignments": Table(N_("One row per change of the participant's supervisor, oldest first."),
                         attrgetter("assignments"),
                         [stored(docs.AssignmentDoc, f) for f in ("supervisor", "previous", "on", "at", "by")]),
    "interventions": Table(N_("One row per intervention of a participant's action plan."),
                           attrgetter("interventions"), [
        stored(docs.InterventionDoc, "id", name="intervention"),
        *(stored(docs.InterventionDoc, f) for f in ("kind", "group", "text", "start", "end", "responsible",
                                                    "added_by", "added_at")),
    ]),
    "plans": Table(N_("One row per version of a participant's action plan; earlier versions stay."),
                   attrgetter("plans"), [
        stored(docs.PlanDoc, "id", name="plan"),
        *(stored(docs.PlanDoc, f) for f in ("made_at", "made_by", "goal", "next_follow_up", "interventions")),
    ]),
    "supervisors": Table(N_("One row per supervisor account."), None, [
        stored(docs.SupervisorDoc, "id", name="supervisor"),
        *(stored(docs.SupervisorDoc, f) for f in ("name", "active", "created_at")),
    ]),
}
"""Every exported table: the CSV tables in this order, and the JSON's objects."""


def _columns(table: str) -> list[Column]:
    """The CSV columns of ``table``: `CODE` first in a participant's table."""
    spec = TABLES[table]
    return ([CODE] if spec.rows is not None else []) + spec.columns


class _ByTable(Mapping[str, V]):
    """A mapping of every table of `TABLES` (in its order) to what ``of`` makes
    of it: computed when asked, so it always follows the declarations."""

    def __init__(self, of: Callable[[str], V]) -> None:
        self._of = of

    def __getitem__(self, table: str) -> V:
        if table not in TABLES:
            raise KeyError(table)
        return self._of(table)

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)


CSV_TABLES: Mapping[str, tuple[str, ...]] = _ByTable(lambda table: tuple(c.name for c in _columns(table)))
"""Every CSV table's header, from `TABLES`."""
CSV_COLUMNS = CSV_TABLES["answers"]
COLUMN_DOCS: Mapping[str, tuple[str, tuple[tuple[str, str, str], ...]]] = _ByTable(
    lambda table: (TABLES[table].about, tuple((c.name, c.kind, c.meaning) for c in _columns(table))))
"""Every column of every CSV table: (name, type, meaning), msgids; see `readme`."""


def json_keys(table: str) -> list[str]:
    """The keys of a table's objects in the JSON export (besides a participant's and a reading's lists)."""
    return (["code"] if table == "participants" else []) + [c.key for c in TABLES[table].columns if c.key]


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


# -- the values ---------------------------------------------------------------------------

def _json(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


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


def _object(columns: list[Column], thing: Any) -> dict[str, Any]:
    return {c.key: _json(c.get(thing)) for c in columns if c.key is not None}


def reading_dict(reading: Reading) -> dict[str, Any]:
    found = _object(TABLES["readings"].columns, reading)
    found["answers"] = [_object(ANSWER, a) for a in reading.answers.values()]
    found["corrections"] = [_object(TABLES["corrections"].columns, c) for c in reading.corrections]
    return found


def history_dict(history: History) -> dict[str, Any]:
    found = {"code": history.code, **_object(TABLES["participants"].columns, history)}
    found["readings"] = [reading_dict(r) for r in history.readings]
    for table in ("assignments", "interventions", "plans"):
        found[table] = [_object(TABLES[table].columns, thing) for thing in _things(table, history)]
    return found


def supervisor_dict(supervisor: Supervisor) -> dict[str, Any]:
    return _object(TABLES["supervisors"].columns, supervisor)


def _things(table: str, history: History) -> Iterable[Any]:
    """What the rows of the participant's table ``table`` are made of (ValueError for the supervisors')."""
    rows = TABLES[table].rows
    if rows is None:
        raise ValueError(f"{table!r} is not a table of a participant's data")
    return rows(history)


def _rows(table: str, history: History) -> Iterator[list[Any]]:
    code = history.code
    getters = [c.get for c in TABLES[table].columns]
    for thing in _things(table, history):
        yield [code, *(_cell(get(thing)) for get in getters)]


def _supervisor_row(s: Supervisor) -> list:
    return [_cell(c.get(s)) for c in TABLES["supervisors"].columns]


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
        writer.writerows(_rows(table, history))
    return damaged


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
                writer.writerows(_rows(table, history))
        for supervisor in _readable(store.read_supervisors(), damaged, skip_damaged):
            writers["supervisors"].writerow(_supervisor_row(supervisor))
        files[README].write(readme(translate))
        for fp in files.values():
            fp.flush()
            os.fsync(fp.fileno())
    return damaged


# -- one participant -------------------------------------------------------------

SECRET_FIELDS = frozenset({"pin", "passphrase"})
SUPERVISOR_FIELDS = docs.supervisor_fields(docs.ParticipantFile)
"""The fields of a participant's data that hold a supervisor's id: those its
declarations in ``documents`` type ``SupervisorId``."""


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
    table = tables.get(name) or {}
    try:
        keys = sorted(table, key=docs.doc_number)
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
    person = history_dict(history)
    # the unfinished readings with answers that were discarded at the desk:
    # who, when, how many answers (never the answers, which are gone)
    person["discards"] = [
        {"reading": d.reading, "role": d.role, "entry": d.entry, "meeting_date": _json(d.meeting_date),
         "answers": d.answers, "by": d.by, "at": _json(d.at)}
        for d in history.discards]
    for shown, kept in zip(person["discards"], _stored_docs(tables, docs.DISCARDS_TABLE)):
        _add_stored(shown, kept)
    _add_stored(person, (tables.get(docs.PARTICIPANT_TABLE) or {}).get("1"))
    by_id = {name: {d.get("id"): d for d in _stored_docs(tables, name) if isinstance(d, dict)}
             for name in (docs.READINGS_TABLE, docs.INTERVENTIONS_TABLE, docs.PLANS_TABLE)}
    for reading in person["readings"]:
        kept = by_id[docs.READINGS_TABLE].get(reading["id"], {})
        kept_answers = {a.get("item"): a for a in kept.get("answers", ()) if isinstance(a, dict)}
        for answer in reading["answers"]:
            _add_stored(answer, kept_answers.get(answer["item"]))
        _add_stored(reading, kept)
    for key, name in (("interventions", docs.INTERVENTIONS_TABLE), ("plans", docs.PLANS_TABLE)):
        for shown in person[key]:
            _add_stored(shown, by_id[name].get(shown["id"]))
    for shown, kept in zip(person["assignments"], _stored_docs(tables, docs.ASSIGNMENTS_TABLE)):
        _add_stored(shown, kept)
    # The supervisors' meeting notes, and who opened the data (as stored, but the format).
    person["notes"] = [{k: v for k, v in doc.items() if k != "format"}
                       for doc in _scrub(_stored_docs(tables, docs.NOTES_TABLE)) if isinstance(doc, dict)]
    access = [{k: v for k, v in doc.items() if k != "format"}
              for doc in _scrub(_stored_docs(tables, docs.ACCESS_TABLE)) if isinstance(doc, dict)]
    other = {name: _scrub(_stored_docs(tables, name) if isinstance(tables[name], dict) else tables[name])
             for name in sorted(tables) if name not in docs.PARTICIPANT_TABLES + docs.LATER_TABLES}
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


if __name__ == "__main__":
    print(readme(), end="")
