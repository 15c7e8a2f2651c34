"""A supervisor signed in at a desk: what they may see and do.

`Desk` is the supervisor app's application logic (no Textual). Every call
about a participant first checks that the participant is in this
supervisor's caseload: a supervisor sees only their own participants. The
exceptions are the two ways a participant comes into a caseload: adding a
new one, and taking one over (by typing their code, which the supervisor
must already know). Every change of supervisor is stored with its date,
from whom and to whom (`Store.assign`).

The caseload is read from the store's index and each participant's file;
`refresh()` rereads only the files whose stamp changed since the last look,
so a kiosk sending answers in another process shows within one poll. A
participant read at this desk (`history`, after each of its own changes)
counts as a change for the next `refresh()` too: the caseload's rows are
made again from it, although the file's stamp is by then the one seen.

Other processes change the folder under a running desk, so nothing read
before is trusted for an action: every action on a participant checks, when
it is done, that they are still in this caseload (`check`; `NotInCaseload`
otherwise, a StorageError that says so in words). A file that cannot be
read (damaged, no permission) leaves its row out, and `unreadable()` names
those codes; a caseload that cannot be read at all (the folder or the
supervisor's own file gone) keeps the rows of the last look and
`trouble` says why. `refresh()` itself never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..domain.access import BY_SUPERVISOR, Note
from ..domain.history import History
from ..domain.indicators import N_, PARTICIPANT, SUPERVISOR
from ..domain.reading import ENTRY_HANDOVER, ENTRY_LIVE, ENTRY_PAPER, Reading, today
from ..domain.supervisor import Supervisor
from ..storage import DamagedData, NotWaiting, StorageError, Store, UnknownParticipant
from ..storage.participants import normalize_code
from .caseload import CaseloadRow, caseload_rows
from .conversation import IndicatorComparison, compare
from .visit import Visit


class NotInCaseload(StorageError):
    """The participant is not in this supervisor's caseload."""

    message = N_("{code} is not one of your participants.")


class MeetingDateError(StorageError):
    message = N_("The date of the meeting cannot be in the future.")


@dataclass
class _Seen:
    stamp: tuple[int, int, int] | None
    history: History | None
    damaged: StorageError | None = None


class Desk:
    def __init__(self, store: Store, supervisor: Supervisor, library, guide,
                 clock: Callable[[], date] = today):
        if not supervisor.has_caseload:
            # a leader sees the organisation's report, never any one participant
            raise ValueError(f"{supervisor.role} {supervisor.id!r} has no caseload and no desk")
        self.store = store
        self.supervisor = supervisor
        self.library = library
        self.guide = guide
        self.clock = clock
        self._seen: dict[str, _Seen] = {}
        self._read_here = False
        """A participant was read again since the last `refresh()` (see `history`)."""
        self.trouble: StorageError | None = None
        """Why the caseload could not be read at the last look (None: it could)."""

    # ---- the caseload ------------------------------------------------------

    @property
    def id(self) -> str:
        return self.supervisor.id

    def codes(self) -> list[str]:
        return self.store.caseload(self.id)

    def refresh(self) -> bool:
        """Reread what changed since the last look; True when anything did
        (what is shown, `unreadable()` or `trouble`). Never raises: a file
        that cannot be read is noted, and a caseload that cannot be read
        keeps the last look's rows and sets `trouble`."""
        before = self.trouble
        read_here, self._read_here = self._read_here, False
        try:
            codes = self.codes()
        except StorageError as exc:
            self.trouble = exc
            return read_here or type(before) is not type(exc) or before.fields != exc.fields
        self.trouble = None
        changed = read_here or before is not None or set(codes) != set(self._seen)
        for code in list(self._seen):
            if code not in codes:
                del self._seen[code]
        for code in codes:
            seen = self._seen.get(code)
            try:
                stamp = self.store.stamp(code)
            except StorageError as exc:
                if seen is not None and seen.history is None:
                    continue
                changed = True
                self._seen[code] = _Seen(None, None, exc)
                continue
            # A file that could not be read is tried again at each look: its
            # stamp may not change when its owner or mode does.
            if seen is not None and seen.stamp == stamp and seen.history is not None:
                continue
            try:
                history = self.store.history(code)
            except UnknownParticipant:  # erased since the index was read
                changed = changed or code in self._seen
                self._seen.pop(code, None)
                continue
            except StorageError as exc:  # damaged, or cannot be read
                if seen is None or seen.history is not None:
                    changed = True
                self._seen[code] = _Seen(stamp, None, exc)
                continue
            changed = True
            self._seen[code] = _Seen(stamp, history)
        return changed

    def rows(self) -> list[CaseloadRow]:
        """The caseload's rows (call `refresh` first to see changes)."""
        if not self._seen:
            self.refresh()
        histories = [s.history for s in self._seen.values() if s.history is not None]
        known: dict[str, bool] = {}  # each supervisor's file read once per call

        def active(supervisor_id: str) -> bool:
            if supervisor_id not in known:
                known[supervisor_id] = self._active(supervisor_id)
            return known[supervisor_id]

        return caseload_rows(histories, self.clock(), active)

    def damaged(self) -> list[StorageError]:
        return [s.damaged for s in self._seen.values() if s.damaged is not None]

    def unreadable(self) -> list[str]:
        """The codes in the caseload whose file could not be read at the last
        look (damaged, or no permission): their rows are not shown."""
        return sorted(code for code, s in self._seen.items() if s.history is None)

    def _active(self, supervisor_id: str) -> bool:
        try:
            return self.store.supervisor(supervisor_id).active
        except StorageError:
            return False

    # ---- one participant -----------------------------------------------------

    def _mine(self, code: str) -> str:
        code = normalize_code(code)
        if code not in self.codes():
            raise NotInCaseload(code=code)
        return code

    def check(self, code: str) -> str:
        """The normalized code when the participant is in this caseload now;
        `NotInCaseload` (or the StorageError that stopped the look) otherwise."""
        return self._mine(code)

    def history(self, code: str) -> History:
        """The participant as stored now. What is read is also the caseload's
        next look at them: when it differs from the last look, the next
        `refresh()` says so, so the row shows every change made at this desk
        (whose file stamps the caseload would otherwise take as seen)."""
        code = self._mine(code)
        stamp = self.store.stamp(code)  # before the read: a write meanwhile is read at the next look
        history = self.store.history(code)
        seen = self._seen.get(code)
        if seen is None or seen.stamp != stamp or seen.history is None:
            self._read_here = True
        self._seen[code] = _Seen(stamp, history)
        return history

    def add_participant(self, code: str, pin: str) -> str:
        return self.store.add_participant(code, pin, supervisor=self.id, by=self.id)

    def take_over(self, code: str):
        """Take over a participant who waits for a supervisor (none, or an
        inactive one). A colleague's participant, a code nobody has and a
        file that cannot be read are all refused with `NotWaiting`, after the
        same time as a refused login: the refusal says nothing about the code."""
        import time

        from ..storage.tries import pad

        started = time.monotonic()
        code = normalize_code(code)
        try:
            return self.store.assign(code, self.id, by=self.id, waiting_only=True)
        except (NotWaiting, UnknownParticipant, DamagedData):
            pad(started)
            raise NotWaiting(code=code) from None

    def hand_over(self, code: str, to: str):
        code = self._mine(code)
        return self.store.assign(code, to, by=self.id)

    def needing_supervisor(self) -> list[str]:
        """The codes (nothing more) of participants with no active supervisor,
        so that one of them can be taken over."""
        return self.store.needing_supervisor()

    def colleagues(self) -> list[Supervisor]:
        """The active supervisors a participant can be handed over to (never a
        leader: leaders have no participants)."""
        return [s for s in self.store.supervisors() if s.active and s.has_caseload and s.id != self.id]

    def me(self) -> Supervisor:
        """My account as stored now (a contact line set since I signed in
        shows on the next summary); as signed in when it cannot be read."""
        try:
            return self.store.supervisor(self.id)
        except StorageError:
            return self.supervisor

    # ---- who looked, and my notes -------------------------------------------------

    def looked_at(self, code: str, what: str) -> None:
        """Keep in the participant's access record that I opened ``what``
        (`domain.access.ACCESS_KINDS`) now; only for my own participants."""
        code = self._mine(code)
        self.store.record_access(code, by=self.id, by_kind=BY_SUPERVISOR, what=what)

    def notes(self, code: str) -> list[Note]:
        """My own meeting notes about the participant, newest meeting first
        (a colleague's notes stay theirs)."""
        code = self._mine(code)
        return sorted((n for n in self.store.notes(code) if n.by == self.id),
                      key=lambda n: n.meeting_date, reverse=True)

    def save_note(self, code: str, meeting_date: date, text: str) -> Note | None:
        """My note of the meeting on ``meeting_date`` (empty: removed)."""
        code = self._mine(code)
        return self.store.save_note(code, self.check_meeting_date(meeting_date), text, by=self.id)

    # ---- readings --------------------------------------------------------------

    def flow_for(self, reading: Reading):
        """The flow version the reading was made with."""
        return self.library.version(reading.flow, reading.flow_version)

    def comparison(self, code: str) -> tuple[History, list[IndicatorComparison]]:
        history = self.history(code)
        rows = compare(history.latest(PARTICIPANT), history.latest(SUPERVISOR),
                       self.flow_for, self.guide)
        return history, rows

    def check_meeting_date(self, day: date) -> date:
        if day > self.clock():
            raise MeetingDateError()
        return day

    FLOWS = {PARTICIPANT: "participant", SUPERVISOR: "supervisor"}
    """The flow of each side's form."""

    def open_reading(self, code: str, *, role: str, paper: bool = False,
                     meeting_date: date | None = None, lang: str, settle: float = 0.0,
                     on_trouble: Callable[[], None] = lambda: None) -> Visit:
        """Open (resume or start) a reading of ``role``'s form about one of my participants.

        Live (``paper=False``): the supervisor's form dated today, or the
        participant's own answers at this terminal (a hand-over). Paper: a
        form filled in on paper at a meeting of ``meeting_date`` (never in
        the future), typed in now; for either form. The supervisor is
        recorded as who entered it; for their own form also as the rater."""
        code = self._mine(code)
        day = self.check_meeting_date(meeting_date or self.clock()) if paper else self.clock()
        if paper:
            entry = ENTRY_PAPER
        else:
            entry = ENTRY_LIVE if role == SUPERVISOR else ENTRY_HANDOVER
        # The supervisor's own answers are checked like every other action:
        # each is stored only while the participant is still theirs. The
        # participant's own answers at a hand-over are theirs, whoever their
        # supervisor is by then.
        guard = (lambda: self._mine(code)) if role == SUPERVISOR or paper else None
        return Visit.open(self.store, code, self.library, self.FLOWS[role], lang, settle=settle,
                          role=role, rater=self.id if role == SUPERVISOR else None, entry=entry,
                          entered_by=self.id, meeting_date=day, on_trouble=on_trouble, guard=guard)

    def unfinished(self, code: str) -> list[Reading]:
        """The participant's unfinished readings (any form, any way entered), newest first."""
        history = self.history(code)
        return sorted(history.unfinished(), key=lambda r: (r.meeting_date, r.started_at), reverse=True)

    def continue_reading(self, code: str, reading_id: str, *, lang: str, settle: float = 0.0,
                         on_trouble: Callable[[], None] = lambda: None) -> Visit:
        """Go on with one unfinished reading of my participant's, as it was begun
        (its form, its meeting date, how it is entered): no date typed again.
        `UnknownReading` when it was sent or discarded meanwhile."""
        code = self._mine(code)
        reading = next((r for r in self.store.readings(code) if r.id == reading_id and not r.finished), None)
        if reading is None:
            from ..storage import UnknownReading

            raise UnknownReading(code=code, reading=reading_id)
        own = reading.role == SUPERVISOR or reading.entry == ENTRY_PAPER
        guard = (lambda: self._mine(code)) if own else None
        return Visit.open(self.store, code, self.library, reading.flow, lang, settle=settle, role=reading.role,
                          rater=reading.rater, entry=reading.entry, entered_by=reading.entered_by,
                          meeting_date=reading.meeting_date, on_trouble=on_trouble, guard=guard,
                          reading_id=reading.id)

    def discard_reading(self, code: str, reading_id: str):
        """Discard an unfinished reading of my participant's (the screen asks
        first): one with answers leaves a record (`Discard`: who, when, how
        many answers), one with none is just removed (None)."""
        return self.store.discard_reading(self._mine(code), reading_id, by=self.id)

    def correct(self, code: str, reading_id: str, item: str, value, why: str):
        """Correct an answer of a sent reading; the old value stays in the audit trail."""
        return self.store.correct_answer(self._mine(code), reading_id, item, value, by=self.id, why=why)

    # ---- the action plan ---------------------------------------------------------

    def add_intervention(self, code: str, *, kind: str, group: str, text: str | None, start: date,
                         end: date | None, responsible: str):
        return self.store.add_intervention(self._mine(code), kind=kind, group=group, text=text,
                                           start=start, end=end, responsible=responsible, by=self.id)

    def end_intervention(self, code: str, intervention_id: str, end: date):
        return self.store.end_intervention(self._mine(code), intervention_id, end=end, by=self.id)

    def save_plan(self, code: str, *, goal: str, next_follow_up: date | None, interventions):
        return self.store.save_plan(self._mine(code), goal=goal, next_follow_up=next_follow_up,
                                    interventions=interventions, by=self.id)

    def set_follow_up(self, code: str, day: date | None) -> None:
        self.store.set_follow_up(self._mine(code), day, by=self.id)

    # ---- conversation and plan ---------------------------------------------------

    def today(self) -> date:
        """The desk's today (its clock)."""
        return self.clock()

    def conversation(self, code: str):
        """The participant's latest reading beside mine, each read with its own
        flow version (`logic.conversation.Conversation`), and the history."""
        from .conversation import conversation

        history = self.history(code)
        return history, conversation(history.latest(PARTICIPANT), history.latest(SUPERVISOR),
                                     self.flow_for, self.guide)

    def follow_up_to_offer(self, history: History) -> date:
        """The next follow-up date the plan screen offers (see `planning.default_follow_up`)."""
        from .planning import default_follow_up

        return default_follow_up(history, self.clock())
