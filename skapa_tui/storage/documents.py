"""The stored documents, declared once: what each file holds, checked, read,
written and described from the same declarations (msgspec Structs).

A participant file is TinyDB's layout: an object of tables, each an object
of documents under their numbers ("1", "2", ...). `ParticipantFile` lists
its tables (a field per table) and each table's document class lists its
fields: the type, whether it may be missing or null (a default), and the
meaning (``Meta(description=...)``; a msgid where the export shows the
field). A supervisor file is `SupervisorFile`. ``python -m
skapa_tui.storage.documents`` prints every table and field (`describe`).

- **Checking and reading** (`read_participant`, `read_supervisor`): the
  bytes of a file are decoded straight into the declared Structs (msgspec's
  typed JSON decoding: no dictionaries in between, the checks done while
  decoding), then made into the domain's objects. Anything that does not fit
  is ``DamagedData`` naming the file and the field, such as
  ``readings.3.answers[0].value: Expected `int` <= 5``.
- **The notes and the access record** (tables ``notes`` and ``access``,
  `read_records`) are read only when asked for: `read_participant` decodes
  `HistoryFile`, the tables a history is made of, so the desk, the kiosk
  and the report never read them, and a damaged entry there is named when
  they are read (the participant's export checks them) and stops nothing
  else.
- **Forward compatibility.** Every document has ``format``; a document of a
  *newer* format is read when the fields this version needs are there.
  Fields and tables this version does not know are ignored when reading and
  kept when a document is updated: a change reads the file a second time as
  plain dictionaries (`read_tables`) and changes those, never a copy rebuilt
  from the Structs. A value this version does not know in a text field (a
  new role or entry mode, a new indicator) is read as it is.
- **Backward compatibility.** `upgrade` turns a file of the first format
  (table ``sessions``, participant document of format 1) into the current
  one in memory; it is then read like any other, and the next write of the
  file stores it upgraded (one atomic write).
- **Writing.** A new document is made as its Struct and stored as
  `stored` gives it (ISO dates and times, as the decoder reads them back);
  the ``check_*`` functions check values coming from the program first
  (``InvalidValue``, with the field's name).
- **An answer's value** (`Value`, `options`) is one rule for reading,
  writing and correcting: 1 to 5, an option id, a list of different option
  ids, or null for "I'd rather not answer".

**To add a field:** add it to its document class with a default (``None``
or a value), so that files written before it still read, and a
``Meta(description=...)`` (an ``N_()`` msgid when the export shows it);
type it ``SupervisorId`` if it names a supervisor (one participant's
export then lists them); put it in the class's ``WHEN_SET`` if it is
written only once set. Write
it where the program makes the document (the ``*_doc`` function below, or
the change in ``participants``/``supervisors``, which sets the stored
dictionary's key) and read it where the domain object is made
(`_history` for a participant's tables, `read_supervisor`). It is in
`describe` at once, and in the export when a list of ``export.TABLES``
names it (``stored(TheDoc, "field")``). **To add a table:** declare its
document class (a subclass of `Document`, ``kw_only=True``), add a field
``<table>: Table[TheDoc] = {}`` to `ParticipantFile` and its name to
`PARTICIPANT_TABLES` (a new file gets it empty; older files read it as
empty), make its documents into domain objects in `_history` (or, for a
table the history does not need, in `read_records`, declaring it on
`ParticipantFile` only), and give it
a ``*_doc`` function; an older skapa ignores the table and keeps it. A
change that older versions must not read as they did needs a new `FORMAT`.

Imports neither textual nor rich.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Union

import msgspec
from msgspec import Meta, Struct

from ..domain.access import AccessEntry, Note
from ..domain.history import Assignment, History
from ..domain.indicators import N_, by_id
from ..domain.plan import Intervention, Plan
from ..domain.reading import ENTRY_KIOSK, Answer, AnswerValue, Correction, Discard, Reading
from ..domain.supervisor import ROLE_SUPERVISOR, Supervisor
from . import pins
from .errors import DamagedData, InvalidValue
from .files import parse_json
from .login import LOGIN_TRIES

FORMAT = 2
"""The format of the documents this version writes."""

PARTICIPANT_TABLE = "participant"
READINGS_TABLE = "readings"
CORRECTIONS_TABLE = "corrections"
DISCARDS_TABLE = "discards"
ASSIGNMENTS_TABLE = "assignments"
INTERVENTIONS_TABLE = "interventions"
PLANS_TABLE = "plans"
ACCESS_TABLE = "access"
"""Who opened the participant's data, when, and what (`domain.access`); never
read for a history, so the report never sees it."""
NOTES_TABLE = "notes"
"""The supervisors' own meeting notes (`domain.access.Note`)."""
HISTORY_TABLES = (PARTICIPANT_TABLE, READINGS_TABLE, ASSIGNMENTS_TABLE, INTERVENTIONS_TABLE, PLANS_TABLE,
                  CORRECTIONS_TABLE)
"""The tables a participant's history is made of (`HistoryFile`)."""
PARTICIPANT_TABLES = (*HISTORY_TABLES, NOTES_TABLE, ACCESS_TABLE)
"""The tables of a participant file, each a field of `ParticipantFile`; a new file has them all."""
LATER_TABLES = (DISCARDS_TABLE,)
"""The participant file's tables that are made when first used (a field of
`ParticipantFile` too): a new file holds only what every file needs."""
OLD_SESSIONS_TABLE = "sessions"
SUPERVISOR_TABLE = "supervisor"

ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
"""Item, flow and option ids."""
LANG = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")
POSITION = re.compile(r"[A-Za-z0-9_.:-]{1,100}")


# -- the kinds of field ----------------------------------------------------------------

class Kind(str):
    """What a field holds, in words (a msgid): the export's README says it for
    each column. Put into a field's type as ``Annotated`` metadata, which
    msgspec leaves alone."""


TEXT = Kind(N_("text"))
INTEGER = Kind(N_("whole number"))
DATE = Kind(N_("date (YYYY-MM-DD)"))
TIME = Kind(N_("time (ISO 8601, with its offset from UTC)"))
BOOL = Kind(N_("true or false"))
IDENTIFIER = Kind(N_("id (text)"))

class Refers(str):
    """Whose id a field holds (`SUPERVISOR`), put into its type as
    ``Annotated`` metadata as a `Kind` is: `supervisor_fields` finds the
    fields, so the export of one participant names the supervisors in it."""


SUPERVISOR = Refers("supervisor")

Number = Annotated[str, Meta(pattern=r"^[0-9]+\Z")]
"""A document's number in its table (TinyDB's keys: "1", "2", ...)."""
Format = Annotated[int, Meta(ge=1)]
Text = Annotated[str, Meta(min_length=1), TEXT]
"""Text that is not empty."""
Id = Annotated[str, Meta(min_length=1), IDENTIFIER]
SupervisorId = Annotated[Id, SUPERVISOR]
"""A supervisor's id, where a document names one (who rated, wrote, changed ...)."""
Time = Annotated[datetime, Meta(tz=True), TIME]
"""A time with its offset from UTC (ISO 8601 / RFC 3339)."""
Day = Annotated[date, DATE]
Whole = Annotated[int, INTEGER]
Flag = Annotated[bool, BOOL]

# An answer's value: the one rule (with `options`) for reading, writing and correcting.
Scale = Annotated[int, Meta(ge=1, le=5)]
OptionId = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]{0,63}\Z")]
Value = Annotated[Scale | OptionId | tuple[OptionId, ...] | None, TEXT]
"""1 to 5 (a scale), an option id (a single choice), option ids (a multiple
choice, each once: `options`), or null ("I'd rather not answer")."""

VALUE_RULE = N_("An answer is 1 to 5, an option, options, or none when skipped.")


def options(value: tuple[str, ...]) -> tuple[str, ...]:
    """A multiple choice's option ids (as `Value` reads them: a JSON list, a
    tuple here, as the domain keeps them), each once; ValueError when one is
    there twice."""
    if len(set(value)) != len(value):
        raise ValueError("the same option twice")
    return value


def _secret(value: str, field: str) -> None:
    """A stored PIN or passphrase hash (see ``pins``): ValueError when it is not one."""
    try:
        pins.parse_hash(value)
    except pins.BadHash as exc:
        raise ValueError(f"{field}: {exc}") from None


# -- the documents ----------------------------------------------------------------------

class Document(Struct, kw_only=True, gc=False):
    """A stored document: every one has ``format``, the format it was written in.

    ``WHEN_SET`` names the fields written only when they differ from their
    default (the others are written always, null included)."""

    WHEN_SET: ClassVar[frozenset[str]] = frozenset()

    format: Annotated[Format, Meta(description="The format this document was written in (2 now).")]


class Account(Document, kw_only=True):
    """A document of someone who logs in (the participant, a supervisor):
    files of an earlier skapa kept their login bookkeeping in it."""

    failed_logins: Annotated[int, Meta(ge=0, lt=LOGIN_TRIES), Meta(
        description="Wrong PINs or passphrases in a row (files of an earlier skapa; see storage/login.py).")] = 0
    resting_until: Annotated[Time | None, Meta(
        description="Until when the code or id rests (files of an earlier skapa).")] = None


class ParticipantDoc(Account, kw_only=True):
    """The participant: table ``participant``, exactly one document."""

    WHEN_SET = frozenset({"follow_up", "follow_up_by", "follow_up_at", "failed_logins", "resting_until"})

    code: Annotated[Id, Meta(description=N_("The participant's code."))]
    pin: Annotated[str, Meta(description="The PIN's salted scrypt hash (see storage/pins.py), never the PIN.")]
    created_at: Annotated[Time, Meta(description=N_("When the participant was added."))]
    follow_up: Annotated[Day | None, Meta(description=N_(
        "The next follow-up as agreed; empty when none was agreed."))] = None
    follow_up_by: Annotated[SupervisorId | None, Meta(description="The supervisor who set the follow-up.")] = None
    follow_up_at: Annotated[Time | None, Meta(description="When the follow-up was set.")] = None

    def __post_init__(self) -> None:
        _secret(self.pin, "pin")


class AnswerDoc(Struct, kw_only=True, gc=False):
    """One answer of a reading (a reading's ``answers``, in the order first given)."""

    item: Annotated[Id, Meta(description=N_("The question."))]
    indicator: Annotated[Id | None, Meta(description=N_(
        "The indicator the question rates; empty for a question that rates none."))] = None
    value: Annotated[Value, Meta(description="The answer as given (see Value); null for \"I'd rather not "
                                             "answer\".")] = None
    answered_at: Annotated[Time, Meta(description=N_("When the answer was given."))]


class ReadingDoc(Document, kw_only=True):
    """One filling-in of one form: table ``readings``."""

    id: Annotated[Id, Meta(description=N_("The reading's id (see readings.csv)."))]
    role: Annotated[Text, Meta(description=N_(
        "Whose form it is: participant (a self-rating) or supervisor."))]
    flow: Annotated[Id, Meta(description=N_("The form (flow) that was used."))]
    flow_version: Annotated[Whole, Meta(description=N_("The version of that form."))]
    rater: Annotated[SupervisorId | None, Meta(description=N_(
        "The supervisor who rated; empty for the participant's own rating."))] = None
    entry: Annotated[Text, Meta(description=N_(
        "How it was entered: kiosk, live (at the meeting), paper (typed in afterwards) or handover (the "
        "participant answered on the supervisor's screen)."))]
    entered_by: Annotated[SupervisorId | None, Meta(description=N_(
        "The supervisor who typed it in; empty at the kiosk."))] = None
    meeting_date: Annotated[Day, Meta(description=N_("The date of the meeting the reading belongs to."))]
    lang: Annotated[Text, Meta(description=N_("The language of the form (sv, da, ...)."))]
    started_at: Annotated[Time, Meta(description=N_("When the reading was started."))]
    completed_at: Annotated[Time | None, Meta(description=N_(
        "When it was sent; empty while it is unfinished."))] = None
    position: Annotated[Text | None, Meta(description="Where an unfinished reading stands (a question, the "
                                                       "review).")] = None
    answers: Annotated[list[AnswerDoc], Meta(description="Its answers (see AnswerDoc).")]


class CorrectionDoc(Document, kw_only=True):
    """A correction of an answer of a sent reading: table ``corrections``."""

    reading: Annotated[Id, Meta(description=N_("The reading's id (see readings.csv)."))]
    item: Annotated[Id, Meta(description=N_("The question."))]
    old: Annotated[Value, Meta(description=N_(
        "The value before the correction (written as value in answers.csv)."))] = None
    new: Annotated[Value, Meta(description=N_(
        "The value after the correction (written as value in answers.csv)."))] = None
    by: Annotated[SupervisorId, Meta(description=N_("The supervisor who corrected it."))]
    at: Annotated[Time, Meta(description=N_("When it was corrected."))]
    why: Annotated[Text, Meta(description=N_("Why it was corrected."))]


class DiscardDoc(Document, kw_only=True):
    """An unfinished reading with answers, discarded at the desk: table
    ``discards``. The answers themselves are gone; this says that it was done."""

    reading: Annotated[Id, Meta(description=N_("The discarded reading's id."))]
    role: Annotated[Id, Meta(description=N_("Whose form it was: participant or supervisor."))]
    entry: Annotated[Id, Meta(description=N_("How it was being filled in."))]
    meeting_date: Annotated[Day, Meta(description=N_("The meeting it was for."))]
    answers: Annotated[int, Meta(ge=0, description=N_("How many answers it had."))]
    by: Annotated[SupervisorId, Meta(description=N_("The supervisor who discarded it."))]
    at: Annotated[Time, Meta(description=N_("When it was discarded."))]


class AssignmentDoc(Document, kw_only=True):
    """A change of the participant's supervisor: table ``assignments``."""

    WHEN_SET = frozenset({"by_user"})

    supervisor: Annotated[SupervisorId | None, Meta(description=N_("The new supervisor; empty for none."))] = None
    previous: Annotated[SupervisorId | None, Meta(description=N_("The supervisor before; empty for none."))] = None
    on: Annotated[Day, Meta(description=N_("The day the change took effect."))]
    at: Annotated[Time, Meta(description=N_("When the change was recorded."))]
    by: Annotated[SupervisorId | None, Meta(description=N_(
        "The supervisor who made the change; empty when it was made on the command line."))] = None
    by_user: Annotated[Text | None, Meta(description="Who ran skapa participants assign (the user name on "
                                                     "this computer), for a change made on the command "
                                                     "line.")] = None


class InterventionDoc(Document, kw_only=True):
    """An intervention of the action plan: table ``interventions``."""

    WHEN_SET = frozenset({"ended_by", "ended_at"})

    id: Annotated[Id, Meta(description=N_("The intervention's id (see plans.csv)."))]
    kind: Annotated[Id, Meta(description=N_("The kind of intervention, or other."))]
    group: Annotated[Id, Meta(description=N_("Its group: job_focused, competence, social or health."))]
    text: Annotated[Text | None, Meta(description=N_("What it is, for the kind other; else empty."))] = None
    start: Annotated[Day, Meta(description=N_("The day it starts."))]
    end: Annotated[Day | None, Meta(description=N_("The day it ends; empty while it has no end."))] = None
    responsible: Annotated[Text, Meta(description=N_("Who is responsible for it."))]
    added_by: Annotated[SupervisorId, Meta(description=N_("The supervisor who added it."))]
    added_at: Annotated[Time, Meta(description=N_("When it was added."))]
    ended_by: Annotated[SupervisorId | None, Meta(description="The supervisor who ended it.")] = None
    ended_at: Annotated[Time | None, Meta(description="When it was ended.")] = None


class PlanDoc(Document, kw_only=True):
    """A version of the action plan: table ``plans`` (earlier versions stay)."""

    id: Annotated[Id, Meta(description=N_("The plan version's id."))]
    made_at: Annotated[Time, Meta(description=N_("When this version was made."))]
    made_by: Annotated[SupervisorId, Meta(description=N_("The supervisor who made it."))]
    goal: Annotated[str, TEXT, Meta(description=N_("The goal, in the participant's words; may be empty."))]
    next_follow_up: Annotated[Day | None, Meta(description=N_(
        "The next follow-up agreed in it; empty for none."))] = None
    interventions: Annotated[list[Id], TEXT, Meta(description=N_(
        "The ids of its interventions joined by ';' (see interventions.csv); empty for none."))]


class SupervisorDoc(Account, kw_only=True):
    """A supervisor's (or a leader's) account: table ``supervisor`` of their own file, one document."""

    WHEN_SET = frozenset({"failed_logins", "resting_until", "contact"})

    id: Annotated[Id, Meta(description=N_("The supervisor's id."))]
    name: Annotated[Text | None, Meta(description=N_("The supervisor's name; may be empty."))] = None
    passphrase: Annotated[str, Meta(description="The passphrase's salted scrypt hash, never the passphrase.")]
    active: Annotated[Flag, Meta(description=N_("false once the account is deactivated."))]
    created_at: Annotated[Time, Meta(description=N_("When the account was added."))]
    role: Annotated[Text | None, Meta(description="supervisor or leader; older documents have none: a "
                                                  "supervisor's.")] = None
    contact: Annotated[Text | None, Meta(description="How a participant reaches them (a work phone or "
                                                     "e-mail, one line), printed on the summary; older "
                                                     "documents have none.")] = None

    def __post_init__(self) -> None:
        _secret(self.passphrase, "passphrase")


class NoteDoc(Document, kw_only=True):
    """A supervisor's own note about one meeting: table ``notes`` (one per
    supervisor and meeting; never in the report nor the export of everyone)."""

    meeting_date: Annotated[Day, Meta(description="The date of the meeting the note is about.")]
    text: Annotated[Text, Meta(description="The note (a few sentences).")]
    by: Annotated[SupervisorId, Meta(description="The supervisor who wrote it.")]
    at: Annotated[Time, Meta(description="When it was written (last changed).")]


class AccessDoc(Document, kw_only=True):
    """One opening of the participant's data: table ``access`` (who, when and
    what; never what was seen; never in the report nor the export of everyone)."""

    by: Annotated[Text, Meta(description="Who opened it: a supervisor's id, or a user name on this "
                                         "computer (a command).")]
    by_kind: Annotated[Text, Meta(description="supervisor (at the desk) or user (a command); a newer "
                                              "skapa's kind is read as it is.")]
    at: Annotated[Time, Meta(description="When it was opened.")]
    what: Annotated[Text, Meta(description="What was opened: page, forms, conversation, progression, "
                                           "summary or export; a newer skapa's kind is read as it is.")]


# -- the files ----------------------------------------------------------------------------

D = typing.TypeVar("D")
Table = dict[Number, D]
One = Annotated[dict[Number, D], Meta(min_length=1, max_length=1)]


class HistoryFile(Struct):
    """The tables of a participant's file that their history is made of
    (`HISTORY_TABLES`): what the desk, the kiosk and the report read."""

    participant: One[ParticipantDoc]
    readings: Table[ReadingDoc] = {}
    corrections: Table[CorrectionDoc] = {}
    assignments: Table[AssignmentDoc] = {}
    interventions: Table[InterventionDoc] = {}
    plans: Table[PlanDoc] = {}
    discards: Table[DiscardDoc] = {}


class ParticipantFile(HistoryFile):
    """A participant's file: one field per table (`PARTICIPANT_TABLES`). The
    notes and the access record are read only when asked for (`read_records`),
    so the history, and the report, never read them: a damaged entry there
    is named when they are read and stops nothing else."""

    notes: Table[NoteDoc] = {}
    access: Table[AccessDoc] = {}


class SupervisorFile(Struct):
    """A supervisor's file."""

    supervisor: One[SupervisorDoc]


_history_file = msgspec.json.Decoder(HistoryFile)
_participant_file = msgspec.json.Decoder(ParticipantFile)
_supervisor_file = msgspec.json.Decoder(SupervisorFile)
_tables = msgspec.json.Decoder()
_DECODE_ERRORS = (msgspec.ValidationError, msgspec.DecodeError)


# -- reading ------------------------------------------------------------------------------

class Participant(typing.NamedTuple):
    """A participant file, read: its participant document, the history, and
    {reading id: document number} (where a change finds a reading)."""

    doc: ParticipantDoc
    history: History
    numbers: dict[str, int]


def read_tables(path: Path, raw: bytes) -> dict[str, Any]:
    """The file's tables as plain dictionaries, to be changed in place and
    written back (fields and tables of a newer skapa stay); `read_participant`
    or `read_supervisor` of the same bytes checks them first."""
    data = _tables.decode(raw)
    if not isinstance(data, dict):  # (they were checked; this only guards the caller)
        raise DamagedData(path, "not a set of TinyDB tables")
    return data


def read_participant(path: Path, raw: bytes, code: str | None = None) -> Participant:
    """The participant file ``path`` of content ``raw``; DamagedData naming the
    field when anything does not fit (or the file holds another ``code``)."""
    try:
        file = _history_file.decode(raw)
    except _DECODE_ERRORS:
        file = _diagnose(path, raw, HistoryFile)
    ((_, doc),) = file.participant.items()
    if doc.format < FORMAT:
        # The first format, or a damaged file: upgraded in memory (and checked again).
        tables = read_tables(path, raw)
        if not upgrade(tables):
            raise DamagedData(path, f"{PARTICIPANT_TABLE}.format: an old format that could not be upgraded")
        file = _converted(path, tables, HistoryFile)
        ((_, doc),) = file.participant.items()
    if code is not None and doc.code != code:
        raise DamagedData(path, f"{PARTICIPANT_TABLE}.code: belongs to another code")
    history, numbers = _history(path, file, doc)
    return Participant(doc, history, numbers)


class Records(typing.NamedTuple):
    """A participant file's notes (by meeting date, then as written) and its
    access record (oldest first)."""

    notes: list[Note]
    access: list[AccessEntry]


def read_records(path: Path, raw: bytes) -> Records:
    """The notes and the access record of the participant file ``path`` of
    content ``raw`` (its history read first by `read_participant`);
    DamagedData naming the field when they do not fit. A newer skapa's kinds
    of access are read as they are."""
    try:
        file = _participant_file.decode(raw)
    except _DECODE_ERRORS:
        file = _diagnose(path, raw, ParticipantFile)
    notes = [Note(n.meeting_date, n.text, n.by, n.at) for _, n in _by_number(file.notes)]
    notes.sort(key=_meeting_date)  # (stable: a day's notes as written)
    return Records(notes, [AccessEntry(a.by, a.by_kind, a.at, a.what) for _, a in _by_number(file.access)])


def _meeting_date(note: Note) -> date:
    return note.meeting_date


def read_supervisor(path: Path, raw: bytes, supervisor_id: str | None = None) -> tuple[SupervisorDoc, Supervisor]:
    """The supervisor file ``path`` of content ``raw``: its document and the Supervisor."""
    try:
        file = _supervisor_file.decode(raw)
    except _DECODE_ERRORS:
        file = _diagnose(path, raw, SupervisorFile)
    ((_, doc),) = file.supervisor.items()
    if supervisor_id is not None and doc.id != supervisor_id:
        raise DamagedData(path, f"{SUPERVISOR_TABLE}.id: belongs to another supervisor")
    # Older documents have no role: their accounts are supervisors.
    # Older documents have no contact either.
    return doc, Supervisor(doc.id, doc.name, doc.active, doc.created_at, doc.role or ROLE_SUPERVISOR, doc.contact)


def _by_number(table: dict[str, D]) -> list[tuple[int, D]]:
    """The documents of a table as (number, document), by number."""
    found = [(int(key), doc) for key, doc in table.items()]
    if len(found) > 1:
        found.sort(key=_first)
    return found


def _first(entry: tuple) -> Any:
    return entry[0]


def _value(path: Path, value: Any, where: str) -> AnswerValue:
    if type(value) is tuple:
        try:
            return options(value)
        except ValueError as exc:
            raise DamagedData(path, f"{where}: {exc}") from None
    return value


def _history(path: Path, file: HistoryFile, doc: ParticipantDoc) -> tuple[History, dict[str, int]]:
    corrections = [
        Correction(c.reading, c.item, _value(path, c.old, f"{CORRECTIONS_TABLE}.{n}.old"),
                   _value(path, c.new, f"{CORRECTIONS_TABLE}.{n}.new"), c.by, c.at, c.why)
        for n, c in _by_number(file.corrections)]
    readings: list[tuple[datetime, int, Reading]] = []
    numbers: dict[str, int] = {}
    for n, r in _by_number(file.readings):
        # tuple.__new__: the named tuple without its own __new__ (a report makes 300,000 of them)
        answers = {a.item: _new(Answer, (a.item, a.indicator, a.value, a.answered_at)) for a in r.answers}
        for k, a in enumerate(r.answers):
            if type(a.value) is tuple:  # a multiple choice: each option once
                _value(path, a.value, f"{READINGS_TABLE}.{n}.answers[{k}].value")
        # by position, in the order of Reading's fields (keywords take twice as long)
        readings.append((r.started_at, n, Reading(
            r.id, r.flow, r.flow_version, r.role, r.rater, r.entry, r.entered_by, r.meeting_date, r.lang,
            r.started_at, r.completed_at, r.position, answers,
            [c for c in corrections if c.reading == r.id] if corrections else [])))
        numbers[r.id] = n
    if len(numbers) != len(readings):
        raise DamagedData(path, f"{READINGS_TABLE}: two readings with the same id")
    readings.sort(key=_first_two)
    interventions = [Intervention(i.id, i.kind, i.group, i.text, i.start, i.end, i.responsible, i.added_by,
                                  i.added_at) for _, i in _by_number(file.interventions)]
    if len({i.id for i in interventions}) != len(interventions):
        raise DamagedData(path, f"{INTERVENTIONS_TABLE}: two interventions with the same id")
    history = History(
        doc.code, doc.created_at, [r for _, _, r in readings],
        [Assignment(a.supervisor, a.previous, a.on, a.at, a.by) for _, a in _by_number(file.assignments)],
        interventions,
        [Plan(p.id, p.made_at, p.made_by, p.goal, p.next_follow_up, tuple(p.interventions))
         for _, p in _by_number(file.plans)],
        doc.follow_up,
        discards=[Discard(d.reading, d.role, d.entry, d.meeting_date, d.answers, d.by, d.at)
                  for _, d in _by_number(file.discards)],
    )
    return history, numbers


_new = tuple.__new__


def _first_two(entry: tuple) -> tuple:
    return entry[0], entry[1]


# -- what is wrong, by name ------------------------------------------------------------------

def _converted(path: Path, tables: Any, kind: type) -> Any:
    """``tables`` (plain dictionaries) as the file Struct ``kind``; DamagedData naming the field."""
    try:
        return msgspec.convert(tables, kind)
    except msgspec.ValidationError:
        _name_the_field(path, tables, kind)
        raise AssertionError("unreachable") from None  # _name_the_field raises


def _diagnose(path: Path, raw: bytes, kind: type) -> Any:
    """After a failed typed decoding: the same file read the slow way, to say
    which field of which document is wrong (DamagedData), in the words the
    file's numbers give. Only damaged files come here."""
    if not raw.strip():
        raise DamagedData(path, "empty")
    tables = parse_json(path, raw)  # "not JSON: ..." with the place
    if tables is None:
        raise DamagedData(path, "empty")
    _name_the_field(path, tables, kind)
    raise AssertionError("unreachable")


def _name_the_field(path: Path, tables: Any, kind: type) -> typing.NoReturn:
    if not isinstance(tables, dict):
        raise DamagedData(path, "not a set of TinyDB tables")
    hints = typing.get_type_hints(kind)  # (without Annotated: dict[Number, the document's class])
    for info in msgspec.structs.fields(kind):
        name = info.name
        table = tables.get(name, None if info.required else {})
        if not isinstance(table, dict):
            raise DamagedData(path, f"{name}: not a table")
        if name in (PARTICIPANT_TABLE, SUPERVISOR_TABLE) and len(table) != 1:
            raise DamagedData(path, f"{name}: not exactly one document")
        doc_kind = typing.get_args(hints[name])[1]
        for key, doc in table.items():
            single = name in (PARTICIPANT_TABLE, SUPERVISOR_TABLE)
            where = name if single else f"{name}.{key}"
            if not _NUMBER.fullmatch(key):
                raise DamagedData(path, f"{where}: not a document number")
            try:
                msgspec.convert(doc, doc_kind)
            except msgspec.ValidationError as exc:
                raise DamagedData(path, _named(where, str(exc))) from None
    raise DamagedData(path, "does not fit the format")  # (msgspec saw something the per-document checks did not)


_NUMBER = re.compile(r"[0-9]+")
_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<at>[^`]*)`)?$", re.S)
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`$")
_OWN = re.compile(r"^(?P<field>[a-z_]+): (?P<what>.*)$", re.S)
"""A document's own check (``__post_init__``) names its field first."""


def _named(where: str, message: str) -> str:
    """msgspec's ``Expected `int` - at `$.answers[0].value``` as ``<where>.answers[0].value: Expected `int```."""
    found = _AT.match(message)
    what, at = (found["what"], found["at"] or "") if found else (message, "")
    missing = _MISSING.match(what) or _OWN.match(what)
    if missing:
        return f"{where}{at}.{missing['field']}: {missing['what'] if 'what' in missing.groupdict() else 'missing'}"
    return f"{where}{at}: {what}"


# -- the first format ---------------------------------------------------------------

def upgrade(tables: dict) -> bool:
    """Bring a participant file of the first format to the current one, in
    place; True when something changed. What cannot be upgraded is left for
    the reading to report."""
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


# -- writing ---------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Struct):
        return stored(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def stored(doc: Struct) -> dict[str, Any]:
    """The document as stored: its fields in their declared order, dates and
    times in ISO form (``+00:00``, as Python writes them); a field of the
    class's ``WHEN_SET`` only when it is not its default."""
    when_set: frozenset[str] = getattr(doc, "WHEN_SET", frozenset())
    out = {}
    for info in msgspec.structs.fields(doc):
        value = getattr(doc, info.name)
        if info.name in when_set and value == info.default:
            continue
        out[info.name] = _plain(value)
    return out


def time_text(value: datetime, name: str) -> str:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(N_("{name} must be a time with a time zone."), name=name)
    return value.astimezone(UTC).isoformat()


def date_text(value: date, name: str, *, latest: date | None = None) -> str:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValue(N_("{name} must be a date."), name=name)
    if latest is not None and value > latest:
        raise InvalidValue(N_("{name} cannot be a day in the future."), name=name)
    return value.isoformat()


def check_value(value: Any, name: str = "value") -> Any:
    """The stored form of an answer value from the program (`Value`, `options`);
    InvalidValue when it is none of the four kinds."""
    if type(value) not in (int, str, tuple, type(None)):  # (a multiple choice is a tuple; no bool, no list)
        raise InvalidValue(VALUE_RULE, name=name)
    try:
        checked = msgspec.convert(value, Value)
        if type(checked) is tuple:
            options(checked)
    except (msgspec.ValidationError, ValueError):
        raise InvalidValue(VALUE_RULE, name=name) from None
    return checked


def check_position(position: str | None) -> None:
    if position is not None and not (isinstance(position, str) and POSITION.fullmatch(position)):
        raise InvalidValue(name="position")


def check_lang(lang: str) -> None:
    if not (isinstance(lang, str) and LANG.fullmatch(lang)):
        raise InvalidValue(name="lang")


@typing.overload
def check_text(text: Any, name: str, limit: int, *, required: Literal[True] = True) -> str: ...
@typing.overload
def check_text(text: Any, name: str, limit: int, *, required: bool) -> str | None: ...
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


def participant_doc(code: str, pin_hash: str, created_at: datetime) -> dict[str, Any]:
    return stored(ParticipantDoc(format=FORMAT, code=code, pin=pin_hash, created_at=created_at))


def supervisor_doc(s: Supervisor, passphrase_hash: str) -> dict[str, Any]:
    return stored(SupervisorDoc(format=FORMAT, id=s.id, name=s.name, passphrase=passphrase_hash,
                                active=s.active, created_at=s.created_at, role=s.role, contact=s.contact))


def answer_doc(answer: Answer) -> dict[str, Any]:
    if not isinstance(answer, Answer):
        raise InvalidValue(name="answer")
    if not (isinstance(answer.item, str) and ID.fullmatch(answer.item)):
        raise InvalidValue(name="item")
    if answer.indicator is not None and answer.indicator not in by_id():
        raise InvalidValue(N_("There is no indicator {indicator}."), indicator=str(answer.indicator))
    time_text(answer.answered_at, "answered_at")
    return stored(AnswerDoc(item=answer.item, indicator=answer.indicator, value=check_value(answer.value),
                            answered_at=answer.answered_at.astimezone(UTC)))


def reading_doc(reading: Reading) -> dict[str, Any]:
    return stored(ReadingDoc(
        format=FORMAT, id=reading.id, role=reading.role, flow=reading.flow, flow_version=reading.flow_version,
        rater=reading.rater, entry=reading.entry, entered_by=reading.entered_by,
        meeting_date=reading.meeting_date, lang=reading.lang, started_at=reading.started_at,
        completed_at=None, position=None, answers=[]))


def assignment_doc(a: Assignment) -> dict[str, Any]:
    return stored(AssignmentDoc(format=FORMAT, supervisor=a.supervisor, previous=a.previous, on=a.on, at=a.at,
                                by=a.by))


def intervention_doc(i: Intervention) -> dict[str, Any]:
    return stored(InterventionDoc(format=FORMAT, id=i.id, kind=i.kind, group=i.group, text=i.text,
                                  start=i.start, end=i.end, responsible=i.responsible, added_by=i.added_by,
                                  added_at=i.added_at))


def plan_doc(p: Plan) -> dict[str, Any]:
    return stored(PlanDoc(format=FORMAT, id=p.id, made_at=p.made_at, made_by=p.made_by, goal=p.goal,
                          next_follow_up=p.next_follow_up, interventions=list(p.interventions)))


def correction_doc(c: Correction) -> dict[str, Any]:
    return stored(CorrectionDoc(format=FORMAT, reading=c.reading, item=c.item, old=check_value(c.old, "old"),
                                new=check_value(c.new), by=c.by, at=c.at, why=c.why))


def discard_doc(d: Discard) -> dict[str, Any]:
    return stored(DiscardDoc(format=FORMAT, reading=d.reading, role=d.role, entry=d.entry,
                             meeting_date=d.meeting_date, answers=d.answers, by=d.by, at=d.at))


def access_doc(entry: AccessEntry) -> dict[str, Any]:
    time_text(entry.at, "at")
    return stored(AccessDoc(format=FORMAT, by=entry.by, by_kind=entry.by_kind,
                            at=entry.at.astimezone(UTC), what=entry.what))


def note_doc(note: Note) -> dict[str, Any]:
    time_text(note.at, "at")
    return stored(NoteDoc(format=FORMAT, meeting_date=note.meeting_date, text=note.text, by=note.by,
                          at=note.at.astimezone(UTC)))


def doc_number(key: str) -> int:
    return int(key)


def new_number(table: dict) -> str:
    """The next free document number of a TinyDB table (as TinyDB numbers them)."""
    return str(max((int(k) for k in table), default=0) + 1)


# -- describing ---------------------------------------------------------------------------

class Field(typing.NamedTuple):
    """A declared field, as `fields` gives it."""

    name: str
    kind: Kind | None        # what it holds, for the export's README (a msgid)
    meaning: str             # its Meta description
    required: bool
    nullable: bool
    refers: Refers | None    # whose id it holds (`SupervisorId`: `SUPERVISOR`), if anyone's


@functools.cache
def fields(doc: type) -> tuple[Field, ...]:
    """The declared fields of a document class, in order (``format`` included)."""
    hints = typing.get_type_hints(doc, include_extras=True)
    found = []
    for info in msgspec.structs.fields(doc):
        kind, meaning, nullable, refers = _about(hints[info.name])
        found.append(Field(info.name, kind, meaning, info.required, nullable, refers))
    return tuple(found)


def _about(hint: Any) -> tuple[Kind | None, str, bool, Refers | None]:
    kind, meaning, nullable, refers = None, "", False, None
    stack = [hint]
    while stack:
        t = stack.pop()
        if typing.get_origin(t) is Annotated:
            base, *extras = typing.get_args(t)
            for extra in extras:
                if isinstance(extra, Kind) and kind is None:
                    kind = extra
                elif isinstance(extra, Refers) and refers is None:
                    refers = extra
                elif isinstance(extra, Meta) and extra.description and not meaning:
                    meaning = extra.description
            stack.append(base)
        elif typing.get_origin(t) in (Union, types.UnionType):
            args = typing.get_args(t)
            nullable = nullable or type(None) in args
            stack.extend(a for a in args if a is not type(None))
    return kind, meaning, nullable, refers


def tables_of(file: type[Struct]) -> dict[str, type[Document]]:
    """The tables of a file class (`ParticipantFile`, `SupervisorFile`): {name: its document class}."""
    hints = typing.get_type_hints(file)  # (without Annotated: dict[Number, the document's class])
    return {info.name: typing.get_args(hints[info.name])[1] for info in msgspec.structs.fields(file)}


def documents_in(doc: type[Struct]) -> list[type[Struct]]:
    """``doc`` and the documents its fields hold (a reading's answers), each once."""
    found = [doc]
    for hint in typing.get_type_hints(doc).values():
        stack = [hint]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, Struct):
                found += [d for d in documents_in(t) if d not in found]
            else:
                stack.extend(typing.get_args(t))
    return found


def supervisor_fields(file: type[Struct]) -> frozenset[str]:
    """The names of the fields that hold a supervisor's id (`SupervisorId`) in
    any document of the file class ``file``."""
    return frozenset(f.name for table in tables_of(file).values() for doc in documents_in(table)
                     for f in fields(doc) if f.refers == SUPERVISOR)


def describe() -> str:
    """Every table and field of the stored files, in Markdown, from the declarations."""
    lines = ["# skapa's stored files", "",
             f"Format {FORMAT}. Each file is an object of tables; each table an object of documents "
             "under their numbers (\"1\", \"2\", ...). Fields not listed are kept as they are; a field "
             "with a default may be missing."]
    for file, tables in ((ParticipantFile, PARTICIPANT_TABLES + LATER_TABLES), (SupervisorFile, (SUPERVISOR_TABLE,))):
        docs = tables_of(file)
        lines += ["", f"## {file.__name__}: {(file.__doc__ or '').strip()}"]
        for table in tables:
            doc = docs[table]
            lines += ["", f"### {table}: {(doc.__doc__ or '').strip()}", ""]
            for f in fields(doc):
                lines.append(f"- `{f.name}`{'' if f.required else ' (may be missing)'}"
                             f"{' (may be null)' if f.nullable else ''}"
                             f"{' (written only when set)' if f.name in doc.WHEN_SET else ''}: {f.meaning}")
            if doc is ReadingDoc:
                lines += ["", "Each of its `answers`:", ""]
                lines += [f"  - `{f.name}`{'' if f.required else ' (may be missing)'}"
                          f"{' (may be null)' if f.nullable else ''}: {f.meaning}" for f in fields(AnswerDoc)]
    return "\n".join(lines) + "\n"




if __name__ == "__main__":
    print(describe(), end="")
