"""Errors of the storage layer.

Every error carries ``message`` (an English msgid with ``{named}`` fields,
marked with ``N_`` for extraction) and ``fields`` (a dict), so the UI and the
CLI say it in the user's language: ``gettext(e.message).format(**e.fields)``
or ``e.render(gettext)``. Bad codes and PINs raise ``InvalidCode`` and
``InvalidPin`` (supervisors' ids and passphrases: ``InvalidSupervisorId``,
``InvalidPassphrase``): the Store raises the classes defined here, which are both
StorageErrors and subclasses of the domain's ``InvalidCode``/``InvalidPin``
(ValueErrors), so either ``except`` catches them. ``ERRORS`` is the tuple to
catch for everything, including the domain functions' own errors.
No OSError or JSON error reaches a caller of the Store: they are turned into
``DataFolderError`` or ``DamagedData``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..domain import participant as _participant
from ..domain import supervisor as _supervisor
from ..domain.indicators import N_
from ..domain.participant import ParticipantRuleError


class StorageError(Exception):
    """Something the data folder cannot do; ``message`` is a msgid, ``fields`` its values."""

    message: str = N_("The data could not be stored.")

    def __init__(self, message: str | None = None, **fields: Any):
        if message is not None:
            self.message = message
        self.fields = fields
        # Not super(): the Invalid* classes below also inherit a ValueError
        # whose __init__ would take the formatted text for the msgid.
        Exception.__init__(self, self.message.format(**fields))

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return gettext(self.message).format(**self.fields)


class DataFolderError(StorageError):
    """The data folder (or a file in it) cannot be created, read or written."""


class DamagedData(StorageError):
    """One or more data files cannot be read as skapa data; they are left untouched.

    ``files`` lists the damaged files (paths); ``fields["file"]`` names them
    joined by ", " for the message.
    """

    def __init__(self, files: Path | Iterable[Path], reason: str = ""):
        self.files = [files] if isinstance(files, (str, Path)) else list(files)
        self.files = [Path(f) for f in self.files]
        names = ", ".join(str(f) for f in self.files)
        if len(self.files) == 1:
            message = N_("The data file {file} is damaged and was left as it is ({reason}).")
        else:
            message = N_("{count} data files are damaged and were left as they are: {file}")
        super().__init__(message, file=names, count=len(self.files), reason=reason or "unreadable")


class NoDataFolder(DataFolderError):
    """The data folder does not exist, or was never set up (and is not to be made)."""

    message = N_("There is no skapa data folder at {folder}. Check --data or SKAPA_DATA; "
                 "'skapa participants add' or 'skapa supervisors add' makes a new one.")


class KeyMissing(DataFolderError):
    """The folder holds data but its key file is gone: no new key is made."""

    message = N_("The key file {file} is missing, but the folder holds participants or "
                 "supervisors. Put skapa-data.json back from your backup of the folder; "
                 "nothing was changed.")


class KeyMismatch(DataFolderError):
    """The key file does not belong to the files in the folder."""

    message = N_("The key in {file} does not fit the files in the folder: it is another "
                 "folder's key. Put this folder's own skapa-data.json back from your "
                 "backup; nothing was changed.")


class ParticipantExists(StorageError):
    message = N_("There is already a participant with the code {code}.")


class UnknownParticipant(StorageError):
    message = N_("There is no participant with the code {code}.")


class UnknownReading(StorageError):
    message = N_("The participant {code} has no reading {reading}.")


class ReadingSent(StorageError):
    message = N_("The reading {reading} is already sent and cannot be changed.")


class UnknownSupervisor(StorageError):
    message = N_("There is no supervisor with the id {supervisor}.")


class SupervisorExists(StorageError):
    message = N_("There is already a supervisor with the id {supervisor}.")


class InactiveSupervisor(StorageError):
    message = N_("The supervisor {supervisor} is deactivated.")


class UnknownIntervention(StorageError):
    message = N_("The participant {code} has no intervention {intervention}.")


class NotWaiting(StorageError):
    """A take-over of a participant who is not waiting for a supervisor: they
    have an active one, or there is no such code. The same words either way,
    so that a refusal never tells whether a code exists."""

    message = N_("No participant waiting for a supervisor has the code {code}. A participant "
                 "who has a supervisor moves only when that supervisor hands them over, or "
                 "when an administrator assigns them.")


class LoginResting(StorageError):
    """Too many wrong PINs in a row for this code: it rests until ``until`` (a UTC datetime).

    Raised only after the code has had ``LOGIN_TRIES`` wrong PINs in a row,
    whichever kiosk or process they came from."""

    message = N_("Please wait a minute and try again, or ask your supervisor.")

    def __init__(self, until: Any):
        self.until = until
        super().__init__()


class InvalidValue(StorageError):
    """A reading, answer, plan or other field has a value the store does not accept."""

    message = N_("The value of {name} is not valid.")


class InvalidCode(StorageError, _participant.InvalidCode):
    """A bad participant code: both a StorageError and the domain's InvalidCode (a ValueError)."""


class InvalidPin(StorageError, _participant.InvalidPin):
    """A bad PIN: both a StorageError and the domain's InvalidPin (a ValueError)."""


class InvalidSupervisorId(StorageError, _supervisor.InvalidSupervisorId):
    """A bad supervisor id or name: a StorageError and the domain's InvalidSupervisorId."""


class InvalidPassphrase(StorageError, _supervisor.InvalidPassphrase):
    """A bad passphrase: a StorageError and the domain's InvalidPassphrase."""


ERRORS: tuple[type[Exception], ...] = (StorageError, ParticipantRuleError)
"""Catch these to catch everything the Store raises for bad input or bad files."""

__all__ = [
    "ERRORS",
    "DamagedData",
    "DataFolderError",
    "InactiveSupervisor",
    "InvalidCode",
    "InvalidPassphrase",
    "InvalidPin",
    "InvalidSupervisorId",
    "InvalidValue",
    "KeyMismatch",
    "KeyMissing",
    "LoginResting",
    "NoDataFolder",
    "NotWaiting",
    "ParticipantExists",
    "ParticipantRuleError",
    "ReadingSent",
    "StorageError",
    "SupervisorExists",
    "UnknownIntervention",
    "UnknownParticipant",
    "UnknownReading",
    "UnknownSupervisor",
]
