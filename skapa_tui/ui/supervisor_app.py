"""The supervisor's desk: a supervisor signs in and works with their own caseload.

The app's rules are here: who may sign in (and when this terminal's sign-in
rests, as the kiosk's login does), the idle lock, signing out, and the
hand-over of the terminal to a participant. What a supervisor may see and do
is `skapa_tui.logic.desk.Desk`; the screens tell the app what happened with
`skapa_tui.ui.messages`.

- Sign-in (`SignInScreen`, the bottom screen): a wrong id or passphrase gets
  one message that never says which; the store rests a supervisor after
  ``LOGIN_TRIES`` wrong passphrases, and this terminal rests after as many
  wrong sign-ins in a row, whatever the ids. A deactivated supervisor cannot
  sign in.
- The idle lock: after ``lock_seconds`` without input a full, opaque
  `LockScreen` covers everything (no participant's data is on it) and asks
  for the passphrase (wrong ones count and rest as at the sign-in); "Sign
  out" leaves the desk. ``ctrl+l`` locks at once, on every screen and
  whatever has the focus (not while a participant holds the terminal).
- The hand-over (`HandOverRequested`): the participant answers their own
  form in the kiosk's chat as it is (DialogScreen, ReviewScreen,
  ThanksScreen over the same `Visit`: what they chose last time and the
  change since, the review, the question before sending with answers
  missing, and after a follow-up their own answers over time), as their own
  reading (role participant, entry handover, entered by the supervisor;
  one they began at the kiosk goes on here: `logic.visit.OWN_ENTRIES`).
  They see nothing of the caseload or the supervisor's ratings. When they
  send (and the thanks ends) or take a break, the lock comes up: getting
  back needs the passphrase, then the screens showing the participant read
  them again (`ParticipantChanged`). Idle time during a hand-over brings
  the kiosk's "are you still there?" first, counting down
  ``countdown_seconds`` to the lock, as the screen says; any key there
  gives the participant their time back. While a participant holds the
  terminal ``ctrl+q`` does nothing.
- ``ctrl+q`` quits otherwise: this is a desk, not a kiosk.
- A leader (an account whose role has no caseload, `Supervisor.has_caseload`)
  signs in the same way and gets the organisation's report (`ReportScreen`):
  aggregates only. No `Desk` is made for a leader, so nothing about any one
  participant can be opened; the idle lock and signing out work as for a
  supervisor (``account`` is whoever is signed in, ``desk`` only a supervisor's).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from .. import i18n
from ..domain.flow import FlowError
from ..domain.indicators import PARTICIPANT
from ..domain.reading import today
from ..i18n import N_
from ..logic.desk import NotInCaseload
from ..resources import flow_library
from ..storage import LoginResting, StorageError, Store
from .app_base import HERE, SkapaApp
from .messages import (
    AnswersSent,
    BreakTaken,
    HandOverRequested,
    ParticipantChanged,
    ParticipantChosen,
    SignInRequested,
    ThanksDone,
)
from .restart import AppStopped
from .screens.sign_in import SignInScreen
from .widgets.keys import translate_bindings

if TYPE_CHECKING:
    from ..domain.library import FlowLibrary
    from ..domain.supervisor import Supervisor
    from ..logic.desk import Desk

WAIT = N_("Please wait a minute and try again.")
WRONG = N_("The ID or the passphrase is not right. Please try again.")
WRONG_PASSPHRASE = N_("The passphrase is not right. Please try again.")
"""The lock's own refusal: it asks only for the passphrase."""
NOT_READ = N_("The data folder could not be read. Please try again, or ask for help.")
SIGNED_OUT = N_("You are signed out.")
NOT_OPENED = N_("The participant's form could not be opened.")

GRACE_SECONDS = 2.0
"""After a hand-over's countdown, how long the app lets the countdown screen end it before it locks itself."""


class SupervisorApp(SkapaApp):
    NAME = "skapa supervisor"
    CSS_PATH = [*SkapaApp.CSS_PATH, HERE / "participant.tcss", HERE / "supervisor.tcss"]
    BINDINGS = [
        # On every screen, whatever has the focus (a priority binding comes
        # before the focused widget's own keys); every key bar shows them,
        # in this order (both priority: the key bar's order of the two was
        # not always the same when only one was).
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        Binding("ctrl+l", "lock", N_("Lock"), priority=True),
    ]

    FLOWS = ("participant", "supervisor")
    """The flows the desk uses (both checked before the screen changes)."""

    def __init__(self, store: Store, library: FlowLibrary, *, lang: str = i18n.DEFAULT_LANGUAGE,
                 lock_seconds: float = 600, countdown_seconds: float = 30,
                 thanks_seconds: float = 20, settle: float = 0.4,
                 poll_seconds: float = 2.0, clock: Callable[[], date] = today):
        super().__init__(lang=lang)
        self.store = store
        self.library = library
        self.thanks_seconds = thanks_seconds
        self.settle = settle
        self.lock_seconds = lock_seconds
        self.countdown_seconds = countdown_seconds
        """At a hand-over, how long "are you still there?" counts down before the lock."""
        self.countdown_until: float | None = None
        """When the "are you still there?" countdown on screen ends (None: none is)."""
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.account: Supervisor | None = None
        """Who is signed in (a supervisor or a leader)."""
        self.desk: Desk | None = None
        """The signed-in supervisor's desk (None for a leader)."""
        self.handover: str | None = None
        """The code of the participant holding the terminal (until the lock comes)."""
        self._handover_depth = 0
        self._back_to: str | None = None

    def get_default_screen(self) -> SignInScreen:
        return SignInScreen()

    @property
    def sign_in_screen(self) -> SignInScreen:
        sign_in = self.screen_stack[0]  # the default screen, under every other
        assert isinstance(sign_in, SignInScreen)
        return sign_in

    def on_mount(self) -> None:
        translate_bindings(self)
        self.set_interval(min(1.0, self.lock_seconds / 4), self.watch_for_idle)

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        translate_bindings(self)
        if self.visit is not None:
            self.visit.switch_language(lang)

    # ---- quitting -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "quit" and self.handover is not None:
            return False  # the participant holds the terminal
        if action == "lock" and (self.account is None or self.locked or self.handover is not None):
            return False  # nothing to lock (the key goes on to the screen), or the participant's turn
        return True

    async def action_quit(self) -> None:
        if self.handover is None:
            await super().action_quit()

    # ---- signing in, locking, signing out -----------------------------------------

    @property
    def locked(self) -> bool:
        from .screens.lock import LockScreen

        return any(isinstance(s, LockScreen) for s in self.screen_stack)

    def on_sign_in_requested(self, message: SignInRequested) -> None:
        from .screens.lock import LockScreen

        screen = self.screen
        if isinstance(screen, LockScreen):
            if self.account is None or message.supervisor_id != self.account.id:
                return
        elif not (isinstance(screen, SignInScreen) and self.account is None):
            return  # a second Enter while the first sign-in opened the caseload
        outcome = self.check(message.supervisor_id, message.passphrase)
        if isinstance(outcome, str):
            screen.refused(WRONG_PASSPHRASE if outcome == WRONG and isinstance(screen, LockScreen) else outcome)
        elif isinstance(screen, LockScreen):
            screen.dismiss("unlocked")
        else:
            self.open_desk(outcome)

    def check(self, supervisor_id: str, passphrase: str):
        """The supervisor when the id and passphrase are right, else a msgid saying why not."""
        if self.terminal_rests():
            return WAIT
        try:
            found = self.store.check_supervisor_login(supervisor_id, passphrase)
        except LoginResting:
            return WAIT
        except StorageError:
            return NOT_READ
        if found is None:
            return WAIT if self.wrong_login() else WRONG
        self.right_login()
        return found

    def open_desk(self, supervisor: Supervisor) -> None:
        """The caseload for a supervisor; the organisation's report for a leader."""
        from ..logic.desk import Desk
        from .screens.caseload import CaseloadScreen

        if not supervisor.has_caseload:
            self.open_report(supervisor)
            return
        self.account = supervisor
        self.desk = Desk(self.store, supervisor, self.library, self.library.guide(), clock=self.clock)
        self.sign_in_screen.clear()
        self.last_input = time.monotonic()
        self.push_screen(CaseloadScreen(self.desk, poll_seconds=self.poll_seconds))

    def open_report(self, leader: Supervisor) -> None:
        from .screens.report import ReportScreen

        self.account = leader
        self.desk = None
        self.sign_in_screen.clear()
        self.last_input = time.monotonic()
        self.push_screen(ReportScreen(self.store, self.library, leader, clock=self.clock))

    def action_lock(self) -> None:
        self.lock()

    def lock(self) -> None:
        """Cover the desk with the lock (nothing happens when nobody is signed in)."""
        if self.account is None or self.locked:
            return
        from .screens.lock import LockScreen

        self.push_screen(LockScreen(self.account), self._after_lock)

    def _after_lock(self, result: str | None) -> None:
        self.last_input = time.monotonic()
        if result == "sign_out":
            self.sign_out()
            return
        code, self._back_to = self._back_to, None
        if code is not None:
            for screen in self.screen_stack:
                screen.post_message(ParticipantChanged(code))

    def sign_out(self, message: str | None = SIGNED_OUT) -> None:
        """Back to the sign-in with nothing of the supervisor's on screen."""
        self.end_handover(lock=False)
        self.desk = None
        self.account = None
        self._back_to = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.sign_in_screen.clear(message)

    # ---- idle -------------------------------------------------------------------

    def watch_for_idle(self) -> None:
        now = time.monotonic()
        if self.handover is not None and self.countdown_until is not None:
            if now >= self.countdown_until + GRACE_SECONDS:
                self.end_handover()  # the countdown screen did not end it: the app does
            return
        if now - self.last_input < self.lock_seconds:
            return
        if self.account is None:
            if isinstance(self.screen, SignInScreen):
                self.sign_in_screen.clear()
            return
        if self.handover is not None and not self.locked:
            # The participant holds the terminal: as at the kiosk, they are
            # asked first; the lock comes when the countdown runs out.
            from .screens.still_there import StillThereScreen, lock_countdown_text

            self.countdown_until = now + self.countdown_seconds
            self.push_screen(StillThereScreen(self.countdown_until, lock_countdown_text),
                             self._after_still_there)
        elif self.handover is not None:
            self.end_handover()  # locked over the hand-over (ctrl+l): it ends under the lock
        else:
            self.lock()

    def _after_still_there(self, here: bool | None) -> None:
        if self.countdown_until is None:
            return  # the hand-over ended meanwhile
        self.countdown_until = None
        self.last_input = time.monotonic()
        if not here:
            self.end_handover()  # every answer is saved; the lock comes up

    # ---- the participant's page ------------------------------------------------------

    def on_participant_chosen(self, message: ParticipantChosen) -> None:
        if self.desk is None or self.locked:
            return
        from .screens.participant import ParticipantScreen

        self.push_screen(ParticipantScreen(self.desk, message.code))

    # ---- the hand-over to the participant ------------------------------------------------

    def on_hand_over_requested(self, message: HandOverRequested) -> None:
        if self.desk is None or self.handover is not None or self.locked:
            return
        try:
            if message.reading is not None:  # an unfinished reading of theirs, as it was begun
                self.visit = self.desk.continue_reading(message.code, message.reading, lang=self.lang,
                                                        settle=self.settle, on_trouble=self.tell_save_trouble)
            else:
                self.visit = self.desk.open_reading(message.code, role=PARTICIPANT, lang=self.lang,
                                                    settle=self.settle, on_trouble=self.tell_save_trouble)
        except NotInCaseload as exc:  # taken over by another desk meanwhile
            self.notify(exc.render(i18n._), severity="error", timeout=10)
            return
        except (StorageError, FlowError):
            self.notify(i18n._(NOT_OPENED), severity="error", timeout=10)
            return
        from .screens.dialog import DialogScreen

        self.handover = message.code
        self._handover_depth = len(self.screen_stack)
        self.push_screen(DialogScreen(self.visit, saving=self.saving))

    @contextmanager
    def saving(self) -> Iterator[None]:
        """As `SkapaApp.saving`, but a participant who is no longer the
        supervisor's (another desk took them over) is said in words."""
        try:
            yield
        except NotInCaseload as exc:
            self.notify(exc.render(i18n._), severity="error", timeout=10)
        except StorageError:
            self.tell_save_trouble()

    def on_answers_sent(self, message: AnswersSent) -> None:
        visit = self.send_answers(message)
        if visit is None:
            return
        from .screens.thanks import ThanksScreen

        self.switch_screen(ThanksScreen(visit.flow, self.thanks_seconds, self.own_history(visit.code),
                                        lambda r: self.library.version(r.flow, r.flow_version),
                                        counts_down=False, settle=self.settle))

    def own_history(self, code: str):
        """The participant's own readings, for their answers over time on the
        thanks as at the kiosk (the thanks shows only their side); None when
        it cannot be read (the thanks goes on without them)."""
        try:
            return self.store.history(code)
        except StorageError:
            return None

    def on_break_taken(self, message: BreakTaken) -> None:
        if self.visit_shows(message.dialog):
            self.end_handover()

    def on_thanks_done(self, message: ThanksDone) -> None:
        if self.handover is not None:
            self.end_handover()

    def end_handover(self, lock: bool = True) -> None:
        """The participant's screens go; the lock comes up (their answers are saved)."""
        if self.handover is None:
            return
        code, self.handover, self.visit = self.handover, None, None
        self.countdown_until = None
        while len(self.screen_stack) > self._handover_depth:
            self.pop_screen()
        if lock:
            self._back_to = code
            self.lock()


def run_supervisor(data_dir: Path, lang: str, lock_seconds: float = 600, **run_options) -> int:
    """Run the supervisor app until ctrl+q. ``run_options`` go to ``App.run``.

    A data folder that cannot be used (StorageError) or a broken flow
    (FlowError) is raised before the screen changes: `skapa_tui.cli` says it
    in one line. A bug that ends the app is logged in the data folder's
    ``logs/supervisor-errors.log`` and raised as `SupervisorStopped`."""
    i18n.set_language(lang)
    store = Store(data_dir)
    library = flow_library()
    for flow in SupervisorApp.FLOWS:
        library.current(flow)
    library.guide()
    app = SupervisorApp(store, library, lang=lang, lock_seconds=lock_seconds)
    app.run(**run_options)
    from .restart import crash_of

    error = crash_of(app)
    if error is not None:
        from .. import __version__
        from ..storage.error_log import append_error, kiosk_error_log

        log = kiosk_error_log(store.root).with_name("supervisor-errors.log")
        append_error(log, error, version=__version__)
        raise SupervisorStopped(log)
    return 0


class SupervisorStopped(AppStopped):
    """The supervisor app ended because of a bug."""
