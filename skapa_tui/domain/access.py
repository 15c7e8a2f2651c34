"""Who looked at a participant's data, and the supervisor's own meeting notes.

An `AccessEntry` is one opening of a participant's data: who (a supervisor's
id at the desk, or the user name on this computer for a command), when, and
what was opened (`ACCESS_KINDS`): never what was seen, never a rating. The
entries are kept in the participant's own file, so they go with it when it
is erased, and `skapa participants export CODE` carries them: a person can
see who looked at their data. The organisation's report never reads them.

A `Note` is a supervisor's short note about one meeting (``meeting_date``),
their own: it is never shown in the participant's chat nor counted in the
report, and it is exported for the person like everything else stored about
them. One note per supervisor and meeting: writing it again replaces the
text (the time of the change is kept). Imports neither textual nor rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

PAGE = "page"
FORMS = "forms"
CONVERSATION = "conversation"
PROGRESSION = "progression"
SUMMARY = "summary"
EXPORT = "export"
ACCESS_KINDS = (PAGE, FORMS, CONVERSATION, PROGRESSION, SUMMARY, EXPORT)
"""What can be opened: the participant's page, a form (theirs or the
supervisor's, to read or fill in), the conversation, the progression, the
summary to take home, and the export of everything stored."""
BY_SUPERVISOR, BY_USER = "supervisor", "user"
"""Who opened: a supervisor at the desk, or a user of this computer (a command)."""

NOTE_MAX = 500
"""A meeting note is short: a few sentences."""


@dataclass(frozen=True)
class AccessEntry:
    by: str
    by_kind: str      # BY_SUPERVISOR or BY_USER (another value of a newer skapa is read as it is)
    at: datetime
    what: str         # one of ACCESS_KINDS (or a newer skapa's kind, read as it is)


@dataclass(frozen=True)
class Note:
    meeting_date: date
    text: str
    by: str
    at: datetime      # when it was written (last changed)
