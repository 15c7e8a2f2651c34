"""The kiosk: a shared terminal where a participant logs in and answers as a chat.

It never leaves the app on its own: the framework's quit, copy, palette and
help keys are not bound (see `SkapaApp`; only ``--allow-quit``, for trying
it out, binds ctrl+q). Staff stop it from outside (SIGTERM, or closing the
terminal: SIGHUP), and it then leaves the terminal as it found it.

The kiosk's rules are here: who may log in (and when this kiosk's form
rests), what sending and a break mean (thanks, then the welcome again for
the next person), and idle time. The visit itself is `skapa_tui.logic.visit`;
the screens tell the kiosk what happened with `skapa_tui.ui.messages`.

Each person starts fresh, and nothing of theirs stays:

- When a person leaves (they send, take a break, or the idle countdown runs
  out), every screen of theirs goes, and the welcome says goodbye in their
  language (their answers are saved) for ``farewell_seconds``, or until the
  next key; then it is the kiosk's own again: its language (``lang``),
  empty fields, no message.
- After a wrong login both fields are emptied (nothing typed stays for the
  next person) and the message stays until the next key or
  ``farewell_seconds``; the welcome goes back to the kiosk's own language
  after ``welcome_seconds`` without input.

The way back to the start screen does not depend on what any screen does:
about once a second the app itself looks at the time since the last key.
With a person on screen (any screen above the welcome) and
``idle_seconds`` gone, "are you still there?" comes up over whatever is
there; when its countdown is over the app starts over, even if that screen
did not finish it. And should the app itself stop handling its messages,
the keeper (`skapa_tui.ui.restart`) notices the missing heartbeat, logs what
the app was doing and starts a fresh kiosk.

Logging in is checked in a worker thread: the check costs one scrypt
computation and, when it is wrong, the same time whether the code exists or
not (see `Store.check_login`), and the screen stays alive meanwhile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from .. import i18n
from ..domain.flow import FlowError
from ..i18n import N_
from ..resources import flow_library
from ..storage import LoginResting, StorageError, Store
from .app_base import HERE, SkapaApp
from .messages import AnswersSent, BreakTaken, LoginRequested, ThanksDone
from .screens.welcome import WelcomeScreen

if TYPE_CHECKING:
    from ..domain.library import FlowLibrary
    from .restart import Heartbeat

# The dialog engine (transitions), the visit and the screens of a visit load
# at the first login, not at start-up: the welcome must be ready fast.

# Wrong logins in a row at this kiosk, whatever the codes, make it rest
# (`SkapaApp.wrong_login`) as long as the store makes one code rest: the
# message for both is the same "please wait a minute".

WAIT = N_("Please wait a minute and try again, or ask your supervisor.")
WRONG = N_("The code or the PIN is not right. Please try again, or ask your supervisor.")
CANNOT_OPEN = N_("Your answers could not be opened. Please ask your supervisor for help.")
SAVED = N_("Your answers are saved. Log in again when you want to go on.")

PULSE_SECONDS = 1.0
"""How often the app's heartbeat goes through the screen on top."""
GRACE_SECONDS = 2.0
"""After the countdown's end, how long the app lets the countdown screen finish it before it starts over itself."""


class Pulse(Message):
    """The app's heartbeat, posted to the screen on top and passed up to the app."""


class KioskApp(SkapaApp):
    NAME = "skapa kiosk"
    CSS_PATH = [*SkapaApp.CSS_PATH, HERE / "participant.tcss", HERE / "kiosk.tcss"]

    FLOW = "participant"
    """The flow a participant answers at the kiosk."""

    def __init__(self, store: Store, library: FlowLibrary, *, lang: str = i18n.DEFAULT_LANGUAGE,
                 idle_seconds: float = 120, countdown_seconds: float = 30,
                 thanks_seconds: float = 20, farewell_seconds: float = 10, welcome_seconds: float = 30,
                 settle: float = 0.4, allow_quit: bool = False, heartbeat: Heartbeat | None = None):
        super().__init__(lang=lang)
        self.home_lang = lang
        """The kiosk's own language, which every new person starts in."""
        self.store = store
        self.library = library
        self.thanks_seconds = thanks_seconds
        self.farewell_seconds = farewell_seconds
        self.welcome_seconds = welcome_seconds
        self.settle = settle
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self.heartbeat = heartbeat
        if allow_quit:  # only where staff try the kiosk out (`make run`)
            self.bind("ctrl+q", "quit", show=False)
        self.countdown_until: float | None = None
        """When the "are you still there?" countdown on screen ends (None: none is)."""
        self.farewell_until: float | None = None
        """When the welcome's message to the person who left (or was refused) goes."""
        self._logging_in = False

    def get_default_screen(self) -> WelcomeScreen:
        return WelcomeScreen()

    @property
    def welcome(self) -> WelcomeScreen:
        welcome = self.screen_stack[0]  # the default screen, under every other
        assert isinstance(welcome, WelcomeScreen)
        return welcome

    def on_mount(self) -> None:
        self.set_interval(min(1.0, self.idle_seconds / 4), self.watch_for_idle)
        if self.heartbeat is not None:
            import asyncio
            import signal

            self.heartbeat.install()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self.exit)
            self.set_interval(PULSE_SECONDS, self._pulse)

    def _pulse(self) -> None:
        self.screen.post_message(Pulse())

    def on_pulse(self, message: Pulse) -> None:
        if self.heartbeat is not None:
            self.heartbeat.beat()

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        if self.visit is not None:
            self.visit.switch_language(lang)

    # ---- a visit ----------------------------------------------------------

    def on_login_requested(self, message: LoginRequested) -> None:
        if self.visit is not None or self.screen is not self.welcome or self._logging_in:
            return  # a second Enter while the first login is checked or opened the dialog
        self._logging_in = True
        self.check_login(message.code, message.pin)

    @work(thread=True, exclusive=True, group="login")
    def check_login(self, code: str, pin: str) -> None:
        """The store's check, off the screen's thread; the answer comes back to it."""
        outcome: object
        try:
            outcome = self.store.check_login(code, pin)
        except (LoginResting, StorageError) as error:
            outcome = error
        self.call_from_thread(self.logged_in, outcome)

    def logged_in(self, outcome: object) -> None:
        """The check's answer: a code (let in), None (wrong) or why not."""
        self._logging_in = False
        if self.visit is not None or self.screen is not self.welcome:
            return
        refusal = self.open_visit(outcome)
        if refusal is not None:
            self.welcome.refused(refusal)
            self.farewell_until = time.monotonic() + self.farewell_seconds

    def open_visit(self, outcome: object) -> str | None:
        """Open the dialog for the person let in, or say (a msgid) why not."""
        if isinstance(outcome, LoginResting):
            return outcome.message
        if isinstance(outcome, StorageError):
            return CANNOT_OPEN
        if self.terminal_rests():
            return WAIT
        if outcome is None:
            return WAIT if self.wrong_login() else WRONG
        from ..logic.visit import Visit

        self.right_login()
        try:
            self.visit = Visit.open(self.store, str(outcome), self.library, self.FLOW, self.lang,
                                    settle=self.settle, on_trouble=self.tell_save_trouble)
        except (StorageError, FlowError):
            self.visit = None
            return CANNOT_OPEN
        from .screens.dialog import DialogScreen

        self.farewell_until = None
        self.welcome.clear()
        self.push_screen(DialogScreen(self.visit, saving=self.saving))
        return None

    def on_answers_sent(self, message: AnswersSent) -> None:
        """Send the answers, thank the person, then start over. Not sent (a
        kind message says so): the review opens again."""
        visit = self.send_answers(message)
        if visit is None:
            return
        from .screens.thanks import ThanksScreen

        history = self.own_history(visit.code)
        self.switch_screen(ThanksScreen(visit.flow, self.thanks_seconds, history,
                                        lambda r: self.library.version(r.flow, r.flow_version),
                                        settle=self.settle))

    def own_history(self, code: str):
        """The person's stored history, for their own chart on the thanks; None
        when it cannot be read (the thanks goes on without a chart)."""
        try:
            return self.store.history(code)
        except StorageError:
            return None

    def on_break_taken(self, message: BreakTaken) -> None:
        if self.visit_shows(message.dialog):
            self.take_break()

    def on_thanks_done(self, message: ThanksDone) -> None:
        self.start_over()

    def take_break(self) -> None:
        """Stop for now; everything answered is already saved."""
        self.start_over(SAVED)

    def start_over(self, farewell: str | None = None) -> None:
        """Back to the welcome with nothing of the last person on screen:
        ``farewell`` (a msgid) said to them in their language for a moment,
        then the kiosk's own language; without one, at once."""
        self.visit = None
        self.countdown_until = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if farewell is None:
            self.reset_welcome()
        else:
            self.welcome.clear(farewell)
            self.farewell_until = time.monotonic() + self.farewell_seconds

    def reset_welcome(self) -> None:
        """The welcome as the kiosk's own: its language, empty fields, no message."""
        self.farewell_until = None
        if self.lang != self.home_lang:
            self.lang = self.home_lang
        self.welcome.clear()

    @property
    def welcome_is_home(self) -> bool:
        return self.lang == self.home_lang and not self.welcome.shows_anything

    # ---- idle, and keys that end a farewell ------------------------------------

    async def on_event(self, event) -> None:
        from textual import events

        if (isinstance(event, events.Key) and self.farewell_until is not None
                and len(self.screen_stack) == 1 and self.visit is None):
            # The next person's first key: the last one's message goes first.
            self.farewell_until = None
            if self.welcome.message_shown:
                self.welcome.say(None)
            if self.lang != self.home_lang and not self.welcome.typed:
                self.lang = self.home_lang
        await super().on_event(event)

    def watch_for_idle(self) -> None:
        """About once a second, whatever is on screen."""
        now = time.monotonic()
        idle = now - self.last_input
        if len(self.screen_stack) == 1 and self.visit is None:
            if self.farewell_until is not None and now >= self.farewell_until:
                if self.welcome.typed:
                    self.farewell_until = None
                    self.welcome.say(None)
                else:
                    self.reset_welcome()
            elif idle >= self.welcome_seconds and not self.welcome_is_home:
                self.reset_welcome()
            return
        # A person is here: whatever screen they are on, idle time brings the countdown.
        if self.countdown_until is not None:
            if now >= self.countdown_until + GRACE_SECONDS:
                self.take_break()  # the countdown screen did not start over: the app does
            return
        if idle >= self.idle_seconds:
            from .screens.still_there import StillThereScreen

            self.countdown_until = now + self.countdown_seconds
            self.push_screen(StillThereScreen(self.countdown_until), self._after_still_there)

    def _after_still_there(self, here: bool | None) -> None:
        if self.countdown_until is None:
            return  # the app started over meanwhile
        self.countdown_until = None
        self.last_input = time.monotonic()
        if not here:
            self.take_break()


def run_kiosk(data_dir: Path, lang: str, idle_seconds: float = 120, countdown_seconds: float = 30,
              allow_quit: bool = False, **run_options) -> int:
    """Run the kiosk full screen until it is stopped from outside (or with
    ctrl+q when ``allow_quit``, for trying it out). ``run_options`` go to
    ``App.run`` (``headless``, ``size``, ``auto_pilot``: for tests, which run
    it in this process).

    A data folder that cannot be used (StorageError) or a broken flow
    (FlowError) is raised before the screen changes: `skapa_tui.cli` says it
    in one line in the user's language.

    The kiosk runs under its keeper (`skapa_tui.ui.restart`): a bug, a
    freeze or a crash is logged in the data folder's error log and a fresh
    kiosk starts at an empty welcome in ``lang``; after too many such
    restarts too close together it raises `restart.KioskStopped`."""
    import os

    from ..storage.error_log import kiosk_error_log
    from .restart import Heartbeat, keep_in_child, keep_running, run_once

    i18n.set_language(lang)
    store = Store(data_dir)
    library = flow_library()
    library.current(KioskApp.FLOW)  # a broken flow is said before the screen changes
    log = kiosk_error_log(store.root)

    def fresh_app(heartbeat: Heartbeat | None = None) -> KioskApp:
        return KioskApp(store, library, lang=lang, idle_seconds=idle_seconds,
                        countdown_seconds=countdown_seconds, allow_quit=allow_quit, heartbeat=heartbeat)

    if run_options or not hasattr(os, "fork"):
        keep_running(fresh_app, log, **run_options)
        return 0

    def run_child(fd: int) -> int:
        i18n.set_language(lang)
        return run_once(fresh_app(Heartbeat(fd)), log)

    return keep_in_child(run_child, log)
