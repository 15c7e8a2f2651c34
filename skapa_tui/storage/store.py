"""`Store`: the data folder's public API, for the kiosk, the supervisor's
terminal and the command line.

The work is done by concern: ``folder`` (the folder, its key, names, locks,
the index; the layout is documented there), ``documents`` (stored documents
<-> domain objects, forward and backward compatible), ``participants``
(participant files), ``supervisors`` (supervisor files), ``login`` (rests
after wrong PINs or passphrases). The Store checks and delegates, and
makes sure that nothing but a StorageError (or the domain's rule errors,
which the storage's Invalid* errors also are) leaves it: every OSError
becomes a DataFolderError naming the file.

The store knows no flows: it checks that values have the right types and
forms (an answer is 1-5, an option id, a tuple of distinct option ids or
None), that dates are not in the future, that supervisors exist and are
active, and the domain's rules for codes, PINs, ids, passphrases and
interventions.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.supervisor import ROLE_SUPERVISOR
from .errors import DamagedData, InvalidValue, LoginResting
from .files import folder_error
from .folder import INDEX_FILE, META_FILE, Folder  # noqa: F401 - part of the interface
from .login import LOGIN_REST, LOGIN_TRIES  # noqa: F401 - part of the interface

if TYPE_CHECKING:
    from ..domain.access import AccessEntry, Note
    from ..domain.history import Assignment, History
    from ..domain.plan import Intervention, Plan
    from ..domain.reading import Answer, AnswerValue, Correction, Reading
    from ..domain.supervisor import Supervisor
    from .participants import Participants
    from .supervisors import Supervisors

# The participant and supervisor files' code (and with it TinyDB, hashlib,
# hmac, the histories and plans) loads at the first login, not at start-up:
# the kiosk's welcome must be ready fast.


def _guarded(method: Callable) -> Callable:
    """No OSError leaves the Store raw: it becomes a DataFolderError naming the file."""

    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def generator(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from method(*args, **kwargs)
            except OSError as exc:
                raise folder_error(exc.filename, exc) from exc

        return generator

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except OSError as exc:
            raise folder_error(exc.filename, exc) from exc

    return wrapper


def _padded(check, *args):
    """``check(*args)``, a refusal (None or LoginResting) padded to the same time."""
    import time

    from .tries import pad

    started = time.monotonic()
    try:
        found = check(*args)
    except LoginResting:
        pad(started)
        raise
    if found is None:
        pad(started)
    return found


class Store:
    """The data folder. Safe to use from several processes at once (kiosks, supervisors).

    Every public method raises only StorageErrors for bad input, bad files
    and a folder that cannot be used.
    """

    def __init__(self, root: Path | str, *, create: bool = True):
        """Open the data folder ``root``; ``create``: make it when it is new and
        empty (else `NoDataFolder`). A folder whose key file is missing or does
        not fit its files is refused (`KeyMissing`, `KeyMismatch`): see ``folder``."""
        self._folder = Folder(root, create=create)
        self.root = self._folder.root
        self.participants_dir = self._folder.participants_dir
        self.supervisors_dir = self._folder.supervisors_dir

    @functools.cached_property
    def _supervisors(self) -> Supervisors:
        from .supervisors import Supervisors

        return Supervisors(self._folder)

    @functools.cached_property
    def _participants(self) -> Participants:
        from .participants import Participants

        return Participants(self._folder, self._supervisors)

    # -- participants ------------------------------------------------------------

    def add_participant(self, code: str, pin: str, *, supervisor: str | None = None,
                        by: str | None = None) -> str:
        """Add a participant; returns the normalized code. With ``supervisor``
        (existing and active) the first assignment is recorded too."""
        return self._participants.add(code, pin, supervisor, by)

    def check_login(self, code: str, pin: str) -> str | None:
        """The normalized code when code and PIN are right, else None.

        A login tells nobody which codes exist (`skapa_tui.storage.tries`):
        it costs one scrypt computation whether or not the code exists, is
        well-formed or rests; a wrong PIN and an unknown code are counted the
        same way, per typed code, and after ``LOGIN_TRIES`` in a row that code
        raises LoginResting, even for the right PIN, until its rest is over;
        and every refusal takes the same time (``tries.LOGIN_FLOOR``). A
        damaged file raises DamagedData. A right PIN writes nothing unless
        there were wrong ones before it.
        """
        return _padded(self._participants.check_login, code, pin)

    def change_pin(self, code: str, pin: str) -> None:
        """Give the participant a new PIN (it also ends a rest)."""
        self._participants.change_pin(code, pin)

    def participant_codes(self) -> list[str]:
        """Every participant's code, sorted, from the index (no participant file
        is opened, so a damaged file's code is still listed; ``damaged_files``
        finds those)."""
        return self._participants.codes()

    def damaged_files(self) -> list[Path]:
        """Participant and supervisor files that cannot be read as skapa data
        (reads every file: slow)."""
        return self._participants.damaged() + self._supervisors.damaged()

    def path_of(self, code: str) -> Path:
        """The file that holds the participant ``code`` (it may not exist)."""
        return self._participants.path_of(code)

    def stamp(self, code: str) -> tuple[int, int, int] | None:
        """The participant file's modification time, inode and size (None when
        there is none): it changes with every write, from any process."""
        return self._participants.stamp(code)

    def history(self, code: str) -> History:
        """Everything stored about the participant."""
        return self._participants.history(code)

    def readings(self, code: str) -> list[Reading]:
        """The participant's readings, oldest first (``history(code).readings``)."""
        return self._participants.history(code).readings

    def read_all(self) -> Iterator[History | DamagedData]:
        """Every participant's history in code order; a DamagedData for each damaged file."""
        return self._participants.read_all()

    def history_files(self) -> list[tuple[str, str | None]]:
        """The participant files in the order ``read_all`` reads them, as (file
        name, code or None): ``read_all()`` is ``read_histories(history_files())``.
        A part of the list can be given to ``read_histories`` (of a Store of the
        same folder, in another process): the parts, read in order, give what
        ``read_all`` gives."""
        return self._participants.files()

    def read_histories(self, files: list[tuple[str, str | None]]) -> Iterator[History | DamagedData]:
        """The histories of ``files`` (from ``history_files``), in that order, as
        ``read_all`` gives them: a DamagedData for each damaged file."""
        yield from self._participants.read_files(files)

    # -- a participant's rights ------------------------------------------------------

    def stored(self, code: str) -> tuple[History, dict]:
        """Everything stored about the participant: the history, and the stored
        tables as they are in the file (PIN hash included: see
        ``export.participant_export`` for what may leave the folder)."""
        return self._participants.stored(code)

    def erase_participant(self, code: str, *, by: str, by_supervisor: bool = False) -> dict:
        """Remove everything about the participant from the data folder: their
        file, its temp files and lock file, their entry in the index, their
        code in the error logs; the others stay as they are. ``by`` is who erases: the id of an active
        supervisor (``by_supervisor``) or the user name on this computer.
        Appends ``{"at", "by", "by_kind"}`` to ``erasures.json`` (see
        ``folder``) and returns it; nothing about the person is in it."""
        if by_supervisor:
            by, by_kind = self._supervisors.require_active(by), "supervisor"
        else:
            if not isinstance(by, str) or not by.strip() or len(by) > 100 \
                    or any(not ch.isprintable() for ch in by):
                raise InvalidValue(name="by")
            by, by_kind = by.strip(), "user"
        return self._participants.erase(code, by=by, by_kind=by_kind)

    def erasures(self) -> list[dict]:
        """Every erasure recorded, oldest first."""
        return self._participants.folder.read_erasures()

    # -- readings ------------------------------------------------------------------

    def start_reading(self, code: str, *, flow: str, flow_version: int, role: str, rater: str | None,
                      entry: str, entered_by: str | None, meeting_date: date, lang: str) -> Reading:
        """Start a reading. ``rater`` is None for the participant's own reading
        and a supervisor for a supervisor's; ``entered_by`` is None at the kiosk
        and the supervisor who enters it otherwise. ``meeting_date`` is today,
        or an earlier day for a reading typed in from paper."""
        return self._participants.start_reading(
            code, flow=flow, flow_version=flow_version, role=role, rater=rater, entry=entry,
            entered_by=entered_by, meeting_date=meeting_date, lang=lang)

    def open_reading(self, code: str, *, flow: str, role: str, rater: str | None = None,
                     entry: str | None = None) -> Reading | None:
        """The newest unfinished reading of that flow, role and rater (and entry, when given)."""
        return self._participants.open_reading(code, flow=flow, role=role, rater=rater, entry=entry)

    def save_answer(self, code: str, reading_id: str, answer: Answer, position: str | None) -> None:
        """Store ``answer`` (replacing an earlier one to the same item) durably, and the position."""
        self._participants.save_answer(code, reading_id, answer, position)

    def save_position(self, code: str, reading_id: str, position: str | None, lang: str | None = None) -> None:
        """Remember where the person stopped (and the language, when given)."""
        self._participants.save_position(code, reading_id, position, lang)

    def discard_reading(self, code: str, reading_id: str, *, by: str):
        """Remove an unfinished reading (asked first, at the desk): one with
        answers leaves a record of the discard (returned; who, when, how many
        answers, never the answers), one with none is just removed (None)."""
        return self._participants.discard_reading(code, reading_id, by=by)

    def complete_reading(self, code: str, reading_id: str) -> Reading:
        """Mark the reading sent (sets completed_at); a second call changes nothing."""
        return self._participants.complete_reading(code, reading_id)

    def correct_answer(self, code: str, reading_id: str, item: str, value: AnswerValue, *,
                       by: str, why: str) -> Correction:
        """Correct an answer of a sent reading: the old value is kept; ``why`` is required."""
        return self._participants.correct_answer(code, reading_id, item, value, by=by, why=why)

    # -- supervisors -------------------------------------------------------------------

    def add_supervisor(self, id: str, passphrase: str, name: str | None = None,  # noqa: A002
                       role: str = ROLE_SUPERVISOR, contact: str | None = None) -> Supervisor:
        """A supervisor account; ``role`` ``leader`` for one with no caseload;
        ``contact``: how participants reach them (printed on their summary)."""
        return self._supervisors.add(id, passphrase, name, role, contact)

    def set_supervisor_contact(self, id: str, contact: str | None) -> Supervisor:  # noqa: A002
        """Set how participants reach the supervisor (None or empty: remove it)."""
        return self._supervisors.set_contact(id, contact)

    def change_passphrase(self, id: str, passphrase: str) -> None:  # noqa: A002
        """A new passphrase (it also ends a rest)."""
        self._supervisors.change_passphrase(id, passphrase)

    def check_supervisor_login(self, id: str, passphrase: str) -> Supervisor | None:  # noqa: A002
        """The supervisor when id and passphrase are right and they are active,
        else None; rests after wrong passphrases like `check_login`."""
        return _padded(self._supervisors.check_login, id, passphrase)

    def supervisors(self) -> list[Supervisor]:
        """Every readable supervisor, by id (``damaged_files`` names the others)."""
        return self._supervisors.all()

    def read_supervisors(self) -> Iterator[Supervisor | DamagedData]:
        """Every supervisor by id, then a DamagedData for each damaged file."""
        return self._supervisors.each()

    def supervisor(self, id: str) -> Supervisor:  # noqa: A002
        return self._supervisors.get(id)

    def deactivate_supervisor(self, id: str) -> Supervisor:  # noqa: A002
        """Deactivate: no more logins; the history stays, their participants need a supervisor."""
        return self._supervisors.deactivate(id)

    def assign(self, code: str, supervisor: str | None, *, by: str | None, on: date | None = None,
               waiting_only: bool = False, by_user: str | None = None) -> Assignment:
        """Give the participant to ``supervisor`` (None: to nobody) from ``on``
        (default today). The change is recorded with the previous supervisor;
        to the same supervisor, nothing new is recorded. ``by`` is the
        supervisor who made the change (None: an administrator's command,
        whose user name on this computer is ``by_user``). ``waiting_only``
        (a take-over): only a participant with no active supervisor, checked
        under the file's lock; `NotWaiting` otherwise."""
        return self._participants.assign(code, supervisor, by=by, on=on, waiting_only=waiting_only,
                                         by_user=by_user)

    def caseload(self, supervisor_id: str) -> list[str]:
        """The codes given to the supervisor now, from the index."""
        return self._participants.caseload(supervisor_id)

    def caseloads(self) -> dict[str | None, list[str]]:
        """Every participant's code by their supervisor's id (None: nobody), from the index."""
        return self._participants.caseloads()

    def needing_supervisor(self) -> list[str]:
        """The codes with no supervisor, or an inactive one."""
        return self._participants.needing_supervisor()

    # -- who looked, and the supervisors' notes ---------------------------------------

    def record_access(self, code: str, *, by: str, by_kind: str, what: str) -> AccessEntry:
        """Keep that ``by`` (a supervisor's id, ``by_kind`` ``supervisor``; or a
        user name on this computer, ``user``) opened ``what`` (one of
        `domain.access.ACCESS_KINDS`) of the participant's data, now. Nothing
        of what was seen is kept."""
        return self._participants.record_access(code, by=by, by_kind=by_kind, what=what)

    def access_record(self, code: str) -> list[AccessEntry]:
        """Who opened the participant's data, when and what, oldest first."""
        return self._participants.access(code)

    def notes(self, code: str) -> list[Note]:
        """The supervisors' meeting notes about the participant, by meeting date."""
        return self._participants.notes(code)

    def save_note(self, code: str, meeting_date: date, text: str | None, *, by: str) -> Note | None:
        """``by``'s own note of the meeting on ``meeting_date`` (replacing theirs
        of that meeting; an empty text removes it)."""
        return self._participants.save_note(code, meeting_date, text, by=by)

    # -- plans ---------------------------------------------------------------------------

    def add_intervention(self, code: str, *, kind: str, group: str, text: str | None, start: date,
                         end: date | None, responsible: str, by: str) -> Intervention:
        return self._participants.add_intervention(
            code, kind=kind, group=group, text=text, start=start, end=end, responsible=responsible, by=by)

    def end_intervention(self, code: str, intervention_id: str, *, end: date, by: str) -> Intervention:
        return self._participants.end_intervention(code, intervention_id, end=end, by=by)

    def save_plan(self, code: str, *, goal: str, next_follow_up: date | None,
                  interventions: list[str] | tuple[str, ...], by: str) -> Plan:
        """A new version of the plan (earlier ones stay); also sets the follow-up."""
        return self._participants.save_plan(code, goal=goal, next_follow_up=next_follow_up,
                                            interventions=interventions, by=by)

    def set_follow_up(self, code: str, day: date | None, *, by: str) -> None:
        self._participants.set_follow_up(code, day, by=by)


def _guard_public(cls: type) -> None:
    for name, value in list(vars(cls).items()):
        if callable(value) and (not name.startswith("_") or name == "__init__"):
            setattr(cls, name, _guarded(value))


_guard_public(Store)
