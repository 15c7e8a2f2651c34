"""The kiosk: a shared terminal where a participant logs in and answers as a chat.

It never leaves the app on its own: the framework's quit, copy, palette and
help keys are not bound (``inherit_bindings=False``, no command palette;
only ``--allow-quit``, for trying it out, binds ctrl+q), and
after ``idle_seconds`` without input a countdown asks "are you still there?"
before the unfinished session (already saved answer by answer) is left and
the screen returns to the welcome. Staff stop it from outside (SIGTERM).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from textual import events
from textual.app import App
from textual.reactive import reactive

from .. import STARTED
from .. import i18n
from ..domain.flow import Flow, load_flow
from ..domain.indicators import PARTICIPANT
from ..i18n import N_, _
from ..resources import flow_path
from ..storage import LoginResting, StorageError, Store
from ..storage.store import LOGIN_REST, LOGIN_TRIES
from .screens.welcome import WelcomeScreen

# The dialog engine (transitions) and the screens of a visit load at the first
# login, not at start-up: the welcome must be ready fast.

# Wrong logins in a row at this kiosk, whatever the codes, make its form rest
# as long as the store makes one code rest (LOGIN_TRIES, LOGIN_REST): the
# message for both is the same "please wait a minute".


class Visit:
    """The person logged in now: their code, open session and dialog."""

    def __init__(self, store: Store, code: str, flow: Flow, lang: str, settle: float,
                 on_trouble: Callable[[], None] = lambda: None):
        from ..engine import DONE, Dialog

        self._done = DONE
        self.store = store
        self.on_trouble = on_trouble
        self.code = code
        from ..domain.reading import ENTRY_KIOSK, today

        session = store.open_reading(code, flow=flow.id, role=PARTICIPANT, rater=None, entry=ENTRY_KIOSK)
        if session is None:
            session = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=PARTICIPANT,
                                          rater=None, entry=ENTRY_KIOSK, entered_by=None,
                                          meeting_date=today(), lang=lang)
        self.session = session
        self.lang = lang
        known = {q.id for q in flow.questions}
        answers = {k: v for k, v in session.answers.items() if k in known}
        self.dialog = Dialog(
            flow,
            answers=answers,
            # nothing answered yet: begin again with the greeting, not "welcome back"
            position=session.position if answers else None,
            on_answer=self._save_answer,
            on_position=self._save_position,
            settle=settle,
        )

    def _save_answer(self, answer, position: str) -> None:
        from ..domain.reading import Answer

        # The store takes the domain's reading Answer (the engine may still make its own).
        stored = Answer(answer.item, answer.indicator, answer.value, answer.answered_at)
        self.store.save_answer(self.code, self.session.id, stored, position)

    def _save_position(self, position: str) -> None:
        # Where to resume is a help, not an answer: trouble saving it is told,
        # and the dialog goes on (the next answer saved brings it up to date).
        # A sent session has nothing to resume.
        if position == self._done:
            return
        try:
            self.store.save_position(self.code, self.session.id, position, self.lang)
        except StorageError:
            self.on_trouble()

    def switch_language(self, lang: str) -> None:
        self.lang = lang
        self._save_position(self.dialog.state)

    def complete(self) -> None:
        self.store.complete_reading(self.code, self.session.id)


class KioskApp(App[int], inherit_bindings=False):
    TITLE = "SKAPA"
    CSS_PATH = "kiosk.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = []

    lang: reactive[str] = reactive(i18n.DEFAULT_LANGUAGE, init=False)

    crash: Exception | None = None
    """The unhandled error that ended this app, if one did (see `_handle_exception`)."""

    def __init__(self, store: Store, flow: Flow, *, lang: str = i18n.DEFAULT_LANGUAGE,
                 idle_seconds: float = 120, countdown_seconds: float = 30,
                 thanks_seconds: float = 20, settle: float = 0.4, allow_quit: bool = False):
        i18n.set_language(lang)
        super().__init__()
        self.set_reactive(KioskApp.lang, lang)
        self.store = store
        self.flow = flow
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self.thanks_seconds = thanks_seconds
        self.settle = settle
        if allow_quit:  # only where staff try the kiosk out (`make run`)
            self.bind("ctrl+q", "quit", show=False)
        self.visit: Visit | None = None
        self.last_input = time.monotonic()
        self.ready_after: float | None = None
        self._wrong_tries = 0
        self._rest_until = 0.0
        self._asking = False

    def _handle_exception(self, error: Exception) -> None:
        # Textual has no public hook for an unhandled error: every message
        # pump, timer and worker hands it to this private method, which ends
        # the app (return_code 1) and keeps a rich traceback *with locals*
        # (a PIN could be one) to print on `error_console` at the end of
        # run(). `App.return_code` and run()'s return value do not say what
        # the error was. So this override only notes the error for
        # `restart.keep_running` (which logs it privately and starts a fresh
        # app) and sends that printing nowhere; Textual still ends the app
        # (an override that does not call it hangs the app: Textual issue
        # #2818). tests/functional/test_kiosk_crash.py fails if a Textual
        # upgrade changes any of this.
        if self.crash is None:
            self.crash = error
        from io import StringIO

        from rich.console import Console

        self.error_console = Console(file=StringIO(), markup=False, highlight=False)
        super()._handle_exception(error)

    def get_default_screen(self) -> WelcomeScreen:
        return WelcomeScreen()

    @property
    def welcome(self) -> WelcomeScreen:
        return self.screen_stack[0]

    def on_mount(self) -> None:
        self.set_interval(min(1.0, self.idle_seconds / 4), self.watch_for_idle)

    def on_ready(self) -> None:
        self.ready_after = time.perf_counter() - STARTED
        self.log.info(f"skapa kiosk ready {self.ready_after * 1000:.0f} ms after the first import")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()
        await super().on_event(event)

    # ---- language ---------------------------------------------------------

    def watch_lang(self, lang: str) -> None:
        i18n.set_language(lang)
        if self.visit is not None:
            self.visit.switch_language(lang)
        for screen in self.screen_stack:
            for node in (screen, *screen.walk_children()):
                relabel = getattr(node, "relabel", None)
                if callable(relabel):
                    relabel()

    def on_language_switch_changed(self, message) -> None:
        self.lang = message.lang

    # ---- a visit ----------------------------------------------------------

    def log_in(self, code: str, pin: str) -> str | None:
        """Open the dialog for the person, or say (a msgid) why not."""
        if time.monotonic() < self._rest_until:
            return N_("Please wait a minute and try again, or ask your supervisor.")
        try:
            found = self.store.check_login(code, pin)  # LoginResting: the code itself rests
            if found is None:
                self._wrong_tries += 1
                if self._wrong_tries >= LOGIN_TRIES:
                    self._wrong_tries = 0
                    self._rest_until = time.monotonic() + LOGIN_REST.total_seconds()
                    return N_("Please wait a minute and try again, or ask your supervisor.")
                return N_("The code or the PIN is not right. Please try again, or ask your supervisor.")
            self._wrong_tries = 0
            self.visit = Visit(self.store, found, self.flow, self.lang, self.settle,
                               on_trouble=self.tell_save_trouble)
        except LoginResting as resting:
            return resting.message
        except StorageError:
            self.visit = None
            return N_("Your answers could not be opened. Please ask your supervisor for help.")
        from .screens.dialog import DialogScreen

        self.welcome.clear()
        self.push_screen(DialogScreen(self.visit.dialog))
        return None

    def finish(self) -> bool:
        """Send the answers: mark the session complete, thank the person, then
        start over. False (and a kind message) when it could not be saved."""
        from .screens.thanks import ThanksScreen

        sent = False
        with self.saving():
            self.visit.complete()
            sent = True
        if not sent:
            return False
        self.visit.dialog.fire("send")
        self.visit = None
        self.switch_screen(ThanksScreen(self.flow, self.thanks_seconds))
        return True

    def take_break(self, message: str = N_("Your answers are saved. Log in again when you want to go on.")) -> None:
        """Stop for now; everything answered is already saved."""
        self.start_over(message)

    def start_over(self, message: str | None = None) -> None:
        """Back to the welcome with nothing of the last person on screen."""
        self.visit = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.welcome.clear(message)

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Storage trouble becomes a kind message; the dialog stays where it is."""
        try:
            yield
        except StorageError:
            self.tell_save_trouble()

    def tell_save_trouble(self) -> None:
        self.notify(_("Your answer could not be saved. Please try again, or ask your supervisor."),
                    severity="error", timeout=10)

    # ---- idle -------------------------------------------------------------

    def watch_for_idle(self) -> None:
        idle = time.monotonic() - self.last_input
        if idle < self.idle_seconds:
            return
        if self.visit is None:
            if isinstance(self.screen, WelcomeScreen) and self.welcome.shows_anything:
                self.welcome.clear()
            return
        if not self._asking:
            from .screens.still_there import StillThereScreen

            self._asking = True
            self.push_screen(StillThereScreen(self.countdown_seconds), self._after_still_there)

    def _after_still_there(self, here: bool | None) -> None:
        self._asking = False
        self.last_input = time.monotonic()
        if not here:
            self.take_break()


def run_kiosk(data_dir: Path, lang: str, idle_seconds: float = 120, countdown_seconds: float = 30,
              allow_quit: bool = False, **run_options) -> int:
    """Run the kiosk full screen until it is stopped from outside (or with
    ctrl+q when ``allow_quit``, for trying it out). ``run_options`` go to
    ``App.run`` (``headless``, ``size``, ``auto_pilot``: for tests).

    A data folder that cannot be used (StorageError) or a broken flow
    (FlowError) is raised before the screen changes: `skapa_tui.cli` says it
    in one line in the user's language.

    A bug that ends the app is logged in the data folder's error log and the
    kiosk starts again at an empty welcome in ``lang``; after too many such
    crashes too close together it raises `restart.KioskStopped` (see
    `skapa_tui.ui.restart`)."""
    from ..storage.error_log import kiosk_error_log
    from .restart import keep_running

    i18n.set_language(lang)
    store = Store(data_dir)
    flow = load_flow(flow_path("participant"))

    def fresh_app() -> KioskApp:
        return KioskApp(store, flow, lang=lang, idle_seconds=idle_seconds,
                        countdown_seconds=countdown_seconds, allow_quit=allow_quit)

    keep_running(fresh_app, kiosk_error_log(store.root), **run_options)
    return 0
