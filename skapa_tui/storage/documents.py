"""Stored documents <-> domain objects: strict, but forward compatible.

Reading (`Shape`): every document must have the fields this version needs,
with the right types; anything else is ``DamagedData`` naming the file and
the field. Forward compatibility:

- every document has ``"format"``; a document of a *newer* format is read
  when the fields this version needs are there;
- fields (and tables) this version does not know are ignored when reading
  and kept when a document is updated (changes are made to the stored
  dictionaries themselves, never to a copy rebuilt from the domain object);
- a value this version does not know in a text field (a new role or entry
  mode, a new indicator) is read as it is.

Backward compatibility: `upgrade` turns a file of the first format (table
``sessions``, participant document of format 1) into the current one in
memory; `Shape` then reads it like any other, and the next write of the
file stores it upgraded (one atomic write).

Writing: the ``*_doc`` functions check values coming from the program
(``InvalidValue``, with the field's name) and give the document to store.
Imports neither textual nor rich.
"""

from __future__ import annotations

import operator
import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ..domain.access import AccessEntry, Note
from ..domain.history import Assignment, History
from ..domain.indicators import BY_ID, N_
from ..domain.plan import Intervention, Plan
from ..domain.reading import ENTRY_KIOSK, Answer, AnswerValue, Correction, Reading
from ..domain.supervisor import ROLE_SUPERVISOR, Supervisor
from . import pins
from .errors import DamagedData, InvalidValue
from .login import LOGIN_TRIES

FORMAT = 2
"""The format of the documents this version writes."""

PARTICIPANT_TABLE = "participant"
READINGS_TABLE = "readings"
OLD_SESSIONS_TABLE = "sessions"
ASSIGNMENTS_TABLE = "assignments"
INTERVENTIONS_TABLE = "interventions"
PLANS_TABLE = "plans"
CORRECTIONS_TABLE = "corrections"
SUPERVISOR_TABLE = "supervisor"
ACCESS_TABLE = "access"
"""Who opened the participant's data, when, and what (`domain.access`); never
read for a history, so the report never sees it."""
NOTES_TABLE = "notes"
"""The supervisors' own meeting notes (`domain.access.Note`)."""

SCALE = range(1, 6)
ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
"""Item, flow and option ids."""
LANG = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")
POSITION = re.compile(r"[A-Za-z0-9_.:-]{1,100}")


# -- checking values from the program -------------------------------------------

def time_text(value: datetime, name: str) -> str:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(N_("{name} must be a time with a time zone."), name=name)
    return value.astimezone(timezone.utc).isoformat()


def date_text(value: date, name: str, *, latest: date | None = None) -> str:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValue(N_("{name} must be a date."), name=name)
    if latest is not None and value > latest:
        raise InvalidValue(N_("{name} cannot be a day in the future."), name=name)
    return value.isoformat()


def check_value(value: Any, name: str = "value") -> Any:
    """The JSON form of an answer value; InvalidValue when it is none of the four kinds."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidValue(N_("An answer is 1 to 5, an option, options, or none when skipped."), name=name)
    if isinstance(value, int):
        if value in SCALE:
            return value
    elif isinstance(value, str):
        if ID.fullmatch(value):
            return value
    elif isinstance(value, tuple):
        if all(isinstance(v, str) and ID.fullmatch(v) for v in value) and len(set(value)) == len(value):
            return list(value)
    raise InvalidValue(N_("An answer is 1 to 5, an option, options, or none when skipped."), name=name)


def answer_doc(answer: Answer) -> dict[str, Any]:
    if not isinstance(answer, Answer):
        raise InvalidValue(name="answer")
    if not (isinstance(answer.item, str) and ID.fullmatch(answer.item)):
        raise InvalidValue(name="item")
    if answer.indicator is not None and answer.indicator not in BY_ID:
        raise InvalidValue(N_("There is no indicator {indicator}."), indicator=str(answer.indicator))
    return {
        "item": answer.item,
        "indicator": answer.indicator,
        "value": check_value(answer.value),
        "answered_at": time_text(answer.answered_at, "answered_at"),
    }


def check_position(position: str | None) -> None:
    if position is not None and not (isinstance(position, str) and POSITION.fullmatch(position)):
        raise InvalidValue(name="position")


def check_lang(lang: str) -> None:
    if not (isinstance(lang, str) and LANG.fullmatch(lang)):
        raise InvalidValue(name="lang")


def check_text(text: Any, name: str, limit: int, *, required: bool = True) -> str | None:
    """Short free text with its spaces tidied; None when empty and not required."""
    if text is None or (isinstance(text, str) and not text.strip()):
        if required:
            raise InvalidValue(N_("{name} is needed."), name=name)
        return None
    if not isinstance(text, str):
        raise InvalidValue(name=name)
    text = " ".join(text.split())
    if len(text) > limit:
        raise InvalidValue(N_("{name} has at most {max} characters."), name=name, max=limit)
    return text


def reading_doc(reading: Reading) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "id": reading.id,
        "flow": reading.flow,
        "flow_version": reading.flow_version,
        "role": reading.role,
        "rater": reading.rater,
        "entry": reading.entry,
        "entered_by": reading.entered_by,
        "meeting_date": reading.meeting_date.isoformat(),
        "lang": reading.lang,
        "started_at": reading.started_at.isoformat(),
        "completed_at": None,
        "position": None,
        "answers": [],
    }


def assignment_doc(a: Assignment) -> dict[str, Any]:
    return {"format": FORMAT, "supervisor": a.supervisor, "previous": a.previous,
            "on": a.on.isoformat(), "at": a.at.isoformat(), "by": a.by}


def intervention_doc(i: Intervention) -> dict[str, Any]:
    return {"format": FORMAT, "id": i.id, "kind": i.kind, "group": i.group, "text": i.text,
            "start": i.start.isoformat(), "end": None if i.end is None else i.end.isoformat(),
            "responsible": i.responsible, "added_by": i.added_by, "added_at": i.added_at.isoformat()}


def plan_doc(p: Plan) -> dict[str, Any]:
    return {"format": FORMAT, "id": p.id, "made_at": p.made_at.isoformat(), "made_by": p.made_by,
            "goal": p.goal,
            "next_follow_up": None if p.next_follow_up is None else p.next_follow_up.isoformat(),
            "interventions": list(p.interventions)}


def correction_doc(c: Correction) -> dict[str, Any]:
    return {"format": FORMAT, "reading": c.reading, "item": c.item, "old": check_value(c.old, "old"),
            "new": check_value(c.new), "by": c.by, "at": c.at.isoformat(), "why": c.why}


def access_doc(entry: AccessEntry) -> dict[str, Any]:
    return {"format": FORMAT, "by": entry.by, "by_kind": entry.by_kind,
            "at": time_text(entry.at, "at"), "what": entry.what}


def note_doc(note: Note) -> dict[str, Any]:
    return {"format": FORMAT, "meeting_date": note.meeting_date.isoformat(), "text": note.text,
            "by": note.by, "at": time_text(note.at, "at")}


# -- the first format ---------------------------------------------------------------

def upgrade(tables: dict) -> bool:
    """Bring a participant file of the first format to the current one, in
    place; True when something changed. What cannot be upgraded is left for
    `Shape` to report."""
    participant = tables.get(PARTICIPANT_TABLE)
    if not isinstance(participant, dict) or len(participant) != 1:
        return False
    (doc,) = participant.values()
    if not isinstance(doc, dict) or doc.get("format") != 1:
        return False
    sessions = tables.get(OLD_SESSIONS_TABLE, {})
    if READINGS_TABLE in tables or not isinstance(sessions, dict):
        return False
    readings = {}
    for key, old in sessions.items():
        if not isinstance(old, dict):
            return False
        new = {"format": FORMAT, **old}
        new.setdefault("rater", None)
        new.setdefault("entry", ENTRY_KIOSK)
        new.setdefault("entered_by", None)
        try:
            started = datetime.fromisoformat(old["started_at"])
        except (KeyError, TypeError, ValueError):
            return False
        if started.tzinfo is None:
            return False
        # The local date where this program runs: a kiosk meeting's day.
        new.setdefault("meeting_date", started.astimezone().date().isoformat())
        readings[key] = new
    tables.pop(OLD_SESSIONS_TABLE, None)
    tables[READINGS_TABLE] = readings
    doc["format"] = FORMAT
    return True


# -- reading stored documents ---------------------------------------------------------

def doc_number(key: str) -> int:
    return int(key)


_first = operator.itemgetter(0)


class Shape:
    """Reads stored documents strictly; any surprise is DamagedData for ``path``."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, what: str) -> DamagedData:
        return DamagedData(self.path, f"{where}: {what}")

    # -- fields --

    def format(self, doc: Any, where: str) -> None:
        if not isinstance(doc, dict):
            raise self.fail(where, "not an object")
        value = doc.get("format")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(f"{where}.format", "not a format number")

    def text(self, doc: dict, key: str, where: str, *, optional: bool = False, empty: bool = False) -> str | None:
        value = doc.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or (not value and not empty):
            raise self.fail(f"{where}.{key}", "not a text")
        return value

    def time(self, doc: dict, key: str, where: str, *, optional: bool = False) -> datetime | None:
        value = doc.get(key)
        if value is None and optional:
            return None
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise self.fail(f"{where}.{key}", "not a time with a time zone")
        return parsed

    def date(self, doc: dict, key: str, where: str, *, optional: bool = False) -> date | None:
        value = doc.get(key)
        if value is None and optional:
            return None
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(f"{where}.{key}", "not a date")

    def count(self, doc: dict, key: str, where: str, below: int) -> int:
        value = doc.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < below:
            raise self.fail(f"{where}.{key}", f"not a number from 0 to {below - 1}")
        return value

    def value(self, raw: Any, where: str) -> AnswerValue:
        if raw is None:
            return None
        if isinstance(raw, bool):
            pass
        elif isinstance(raw, int) and raw in SCALE:
            return raw
        elif isinstance(raw, str) and ID.fullmatch(raw):
            return raw
        elif isinstance(raw, list) and all(isinstance(v, str) and ID.fullmatch(v) for v in raw) \
                and len(set(raw)) == len(raw):
            return tuple(raw)
        raise self.fail(where, "not 1-5, an option, a list of options or null")

    def secret(self, doc: dict, key: str, where: str) -> str:
        try:
            pins.parse_hash(doc.get(key))
        except pins.BadHash as exc:
            raise self.fail(f"{where}.{key}", str(exc)) from None
        return doc[key]

    def login_marks(self, doc: dict, where: str) -> None:
        self.count(doc, "failed_logins", where, LOGIN_TRIES)
        self.time(doc, "resting_until", where, optional=True)

    # -- tables --

    def table(self, tables: dict, name: str) -> list[tuple[int, dict]]:
        """The documents of a table as (number, document), by number; an absent table is empty."""
        table = tables.get(name, {})
        if not isinstance(table, dict):
            raise self.fail(name, "not a table")
        found = []
        for key, doc in table.items():
            try:
                number = int(key)  # doc_number, inline: a report passes here for every document
            except ValueError:
                raise self.fail(f"{name}.{key}", "not a document number") from None
            if not (type(doc) is dict and type(version := doc.get("format")) is int and version >= 1):
                self.format(doc, f"{name}.{key}")  # names what is wrong
            found.append((number, doc))
        found.sort(key=_first)
        return found

    def single(self, tables: dict | None, name: str) -> dict:
        if tables is None:
            raise self.fail("file", "empty")
        table = tables.get(name)
        if not isinstance(table, dict) or len(table) != 1:
            raise self.fail(name, "not exactly one document")
        ((key, doc),) = table.items()
        if not key.isdigit():
            raise self.fail(name, "not a document number")
        self.format(doc, name)
        return doc

    # -- participant files --

    def participant(self, tables: dict | None, code: str | None = None) -> dict:
        doc = self.single(tables, PARTICIPANT_TABLE)
        where = PARTICIPANT_TABLE
        if doc["format"] < FORMAT:
            raise self.fail(f"{where}.format", "an old format that could not be upgraded")
        stored = self.text(doc, "code", where)
        if code is not None and stored != code:
            raise self.fail(f"{where}.code", "belongs to another code")
        self.secret(doc, "pin", where)
        self.time(doc, "created_at", where)
        self.login_marks(doc, where)
        self.date(doc, "follow_up", where, optional=True)
        return doc

    def reading(self, doc: dict, where: str, corrections: list[Correction]) -> Reading:
        version = doc.get("flow_version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise self.fail(f"{where}.flow_version", "not a number")
        raw_answers = doc.get("answers")
        if not isinstance(raw_answers, list):
            raise self.fail(f"{where}.answers", "not a list")
        answers: dict[str, Answer] = {}
        for n, raw in enumerate(raw_answers):
            # The usual answer (a 1-5 value or none, a time with its offset)
            # is checked inline: a reading holds a dozen answers, a report
            # reads 30,000 readings. Anything else takes the full checks
            # below, which also name what is wrong.
            try:
                item, value, when = raw["item"], raw.get("value"), raw["answered_at"]
                indicator = raw.get("indicator")
                if (type(item) is str and item and type(when) is str
                        and (value is None or (type(value) is int and value in SCALE))
                        and (indicator is None or (type(indicator) is str and indicator))):
                    moment = datetime.fromisoformat(when)
                    if moment.tzinfo is not None:
                        answers[item] = Answer(item, indicator, value, moment)
                        continue
            except (TypeError, KeyError, ValueError):
                pass
            at = f"{where}.answers[{n}]"
            if not isinstance(raw, dict):
                raise self.fail(at, "not an object")
            item = self.text(raw, "item", at)
            answers[item] = Answer(item, self.text(raw, "indicator", at, optional=True),
                                   self.value(raw.get("value"), f"{at}.value"), self.time(raw, "answered_at", at))
        # The reading's own fields, the usual way, inline too; else the checks below.
        get = doc.get
        reading_id, flow, role, entry, lang = get("id"), get("flow"), get("role"), get("entry"), get("lang")
        rater, entered_by, position = get("rater"), get("entered_by"), get("position")
        meeting, started, completed = get("meeting_date"), get("started_at"), get("completed_at")
        if (type(reading_id) is str and reading_id and type(flow) is str and flow and type(role) is str and role
                and type(entry) is str and entry and type(lang) is str and lang
                and (rater is None or (type(rater) is str and rater))
                and (entered_by is None or (type(entered_by) is str and entered_by))
                and (position is None or (type(position) is str and position))
                and type(meeting) is str and len(meeting) == 10 and type(started) is str
                and (completed is None or type(completed) is str)):
            try:
                meeting_date = date.fromisoformat(meeting)
                started_at = datetime.fromisoformat(started)
                completed_at = None if completed is None else datetime.fromisoformat(completed)
            except ValueError:
                pass
            else:
                if started_at.tzinfo is not None and (completed_at is None or completed_at.tzinfo is not None):
                    # by position, in the order of Reading's fields (keywords take twice as long)
                    return Reading(reading_id, flow, version, role, rater, entry, entered_by, meeting_date, lang,
                                   started_at, completed_at, position, answers,
                                   [c for c in corrections if c.reading == reading_id] if corrections else [])
        reading_id = self.text(doc, "id", where)
        return Reading(
            id=reading_id,
            flow=self.text(doc, "flow", where),
            flow_version=version,
            role=self.text(doc, "role", where),
            rater=self.text(doc, "rater", where, optional=True),
            entry=self.text(doc, "entry", where),
            entered_by=self.text(doc, "entered_by", where, optional=True),
            meeting_date=self.date(doc, "meeting_date", where),
            lang=self.text(doc, "lang", where),
            started_at=self.time(doc, "started_at", where),
            completed_at=self.time(doc, "completed_at", where, optional=True),
            position=self.text(doc, "position", where, optional=True),
            answers=answers,
            corrections=[c for c in corrections if c.reading == reading_id],
        )

    def correction(self, doc: dict, where: str) -> Correction:
        return Correction(
            reading=self.text(doc, "reading", where),
            item=self.text(doc, "item", where),
            old=self.value(doc.get("old"), f"{where}.old"),
            new=self.value(doc.get("new"), f"{where}.new"),
            by=self.text(doc, "by", where),
            at=self.time(doc, "at", where),
            why=self.text(doc, "why", where),
        )

    def assignment(self, doc: dict, where: str) -> Assignment:
        return Assignment(
            supervisor=self.text(doc, "supervisor", where, optional=True),
            previous=self.text(doc, "previous", where, optional=True),
            on=self.date(doc, "on", where),
            at=self.time(doc, "at", where),
            by=self.text(doc, "by", where, optional=True),
        )

    def intervention(self, doc: dict, where: str) -> Intervention:
        return Intervention(
            id=self.text(doc, "id", where),
            kind=self.text(doc, "kind", where),
            group=self.text(doc, "group", where),
            text=self.text(doc, "text", where, optional=True),
            start=self.date(doc, "start", where),
            end=self.date(doc, "end", where, optional=True),
            responsible=self.text(doc, "responsible", where),
            added_by=self.text(doc, "added_by", where),
            added_at=self.time(doc, "added_at", where),
        )

    def plan(self, doc: dict, where: str) -> Plan:
        ids = doc.get("interventions")
        if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
            raise self.fail(f"{where}.interventions", "not a list of ids")
        return Plan(
            id=self.text(doc, "id", where),
            made_at=self.time(doc, "made_at", where),
            made_by=self.text(doc, "made_by", where),
            goal=self.text(doc, "goal", where, empty=True),
            next_follow_up=self.date(doc, "next_follow_up", where, optional=True),
            interventions=tuple(ids),
        )

    def history(self, tables: dict, code: str | None = None) -> tuple[dict, History, dict[str, int]]:
        """(participant document, history, {reading id: document number}) of a file."""
        participant = self.participant(tables, code)
        if OLD_SESSIONS_TABLE in tables and READINGS_TABLE not in tables and participant["format"] < FORMAT:
            raise self.fail(OLD_SESSIONS_TABLE, "could not be upgraded")
        corrections = [self.correction(doc, f"{CORRECTIONS_TABLE}.{n}")
                       for n, doc in self.table(tables, CORRECTIONS_TABLE)]
        pairs = [(n, self.reading(doc, f"{READINGS_TABLE}.{n}", corrections))
                 for n, doc in self.table(tables, READINGS_TABLE)]
        numbers = {r.id: n for n, r in pairs}
        if len(numbers) != len(pairs):
            raise self.fail(READINGS_TABLE, "two readings with the same id")
        pairs.sort(key=lambda pair: (pair[1].started_at, pair[0]))
        interventions = [self.intervention(doc, f"{INTERVENTIONS_TABLE}.{n}")
                         for n, doc in self.table(tables, INTERVENTIONS_TABLE)]
        if len({i.id for i in interventions}) != len(interventions):
            raise self.fail(INTERVENTIONS_TABLE, "two interventions with the same id")
        history = History(
            code=participant["code"],
            created_at=self.time(participant, "created_at", PARTICIPANT_TABLE),
            readings=[r for _, r in pairs],
            assignments=[self.assignment(doc, f"{ASSIGNMENTS_TABLE}.{n}")
                         for n, doc in self.table(tables, ASSIGNMENTS_TABLE)],
            interventions=interventions,
            plans=[self.plan(doc, f"{PLANS_TABLE}.{n}") for n, doc in self.table(tables, PLANS_TABLE)],
            follow_up=self.date(participant, "follow_up", PARTICIPANT_TABLE, optional=True),
        )
        return participant, history, numbers

    def access(self, tables: dict) -> list[AccessEntry]:
        """The access record, oldest first (a newer skapa's kinds read as they are)."""
        found = []
        for n, doc in self.table(tables, ACCESS_TABLE):
            where = f"{ACCESS_TABLE}.{n}"
            found.append(AccessEntry(by=self.text(doc, "by", where), by_kind=self.text(doc, "by_kind", where),
                                     at=self.time(doc, "at", where), what=self.text(doc, "what", where)))
        return found

    def notes(self, tables: dict) -> list[Note]:
        """The meeting notes, by meeting date (then as written)."""
        found = []
        for n, doc in self.table(tables, NOTES_TABLE):
            where = f"{NOTES_TABLE}.{n}"
            found.append(Note(meeting_date=self.date(doc, "meeting_date", where),
                              text=self.text(doc, "text", where), by=self.text(doc, "by", where),
                              at=self.time(doc, "at", where)))
        return sorted(found, key=lambda note: note.meeting_date)

    # -- supervisor files --

    def supervisor(self, tables: dict | None, supervisor_id: str | None = None) -> tuple[dict, Supervisor]:
        doc = self.single(tables, SUPERVISOR_TABLE)
        where = SUPERVISOR_TABLE
        stored = self.text(doc, "id", where)
        if supervisor_id is not None and stored != supervisor_id:
            raise self.fail(f"{where}.id", "belongs to another supervisor")
        self.secret(doc, "passphrase", where)
        active = doc.get("active")
        if not isinstance(active, bool):
            raise self.fail(f"{where}.active", "not true or false")
        self.login_marks(doc, where)
        return doc, Supervisor(
            id=stored,
            name=self.text(doc, "name", where, optional=True),
            active=active,
            created_at=self.time(doc, "created_at", where),
            # Older documents have no role: their accounts are supervisors.
            role=self.text(doc, "role", where, optional=True) or ROLE_SUPERVISOR,
            # Older documents have no contact either.
            contact=self.text(doc, "contact", where, optional=True),
        )


def new_number(table: dict) -> str:
    """The next free document number of a TinyDB table (as TinyDB numbers them)."""
    return str(max((int(k) for k in table), default=0) + 1)
