"""The kiosk: a shared terminal where a participant logs in and answers as a chat.

It never leaves the app on its own: the framework's quit, copy, palette and
help keys are not bound (see `SkapaApp`; only ``--allow-quit``, for trying
it out, binds ctrl+q), and after ``idle_seconds`` without input a countdown
asks "are you still there?" before the unfinished session (already saved
answer by answer) is left and the screen returns to the welcome. Staff stop
it from outside (SIGTERM).

The kiosk's rules are here: who may log in (and when this kiosk's form
rests), what sending and a break mean (thanks, then the welcome again for
the next person), idle time. The visit itself is `skapa_tui.logic.visit`;
the screens tell the kiosk what happened with `skapa_tui.ui.messages`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

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
    from ..logic.visit import Visit

# The dialog engine (transitions), the visit and the screens of a visit load
# at the first login, not at start-up: the welcome must be ready fast.

# Wrong logins in a row at this kiosk, whatever the codes, make it rest
# (`SkapaApp.wrong_login`) as long as the store makes one code rest: the
# message for both is the same "please wait a minute".

WAIT = N_("Please wait a minute and try again, or ask your supervisor.")


class KioskApp(SkapaApp):
    NAME = "skapa kiosk"
    CSS_PATH = [*SkapaApp.CSS_PATH, HERE / "kiosk.tcss"]

    FLOW = "participant"
    """The flow a participant answers at the kiosk."""

    def __init__(self, store: Store, library: FlowLibrary, *, lang: str = i18n.DEFAULT_LANGUAGE,
                 idle_seconds: float = 120, countdown_seconds: float = 30,
                 thanks_seconds: float = 20, settle: float = 0.4, allow_quit: bool = False):
        super().__init__(lang=lang)
        self.store = store
        self.library = library
        self.thanks_seconds = thanks_seconds
        self.settle = settle
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        if allow_quit:  # only where staff try the kiosk out (`make run`)
            self.bind("ctrl+q", "quit", show=False)
        self._asking = False

    def get_default_screen(self) -> WelcomeScreen:
        return WelcomeScreen()

    @property
    def welcome(self) -> WelcomeScreen:
        return self.screen_stack[0]

    def on_mount(self) -> None:
        self.set_interval(min(1.0, self.idle_seconds / 4), self.watch_for_idle)

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        if self.visit is not None:
            self.visit.switch_language(lang)

    # ---- a visit ----------------------------------------------------------

    def on_login_requested(self, message: LoginRequested) -> None:
        if self.visit is not None or self.screen is not self.welcome:
            return  # a second Enter while the first login opened the dialog
        outcome = self.log_in(message.code, message.pin)
        if outcome is not None:
            self.welcome.refused(outcome)

    def log_in(self, code: str, pin: str) -> str | None:
        """Open the dialog for the person, or say (a msgid) why not."""
        if self.terminal_rests():
            return WAIT
        from ..logic.visit import Visit

        try:
            found = self.store.check_login(code, pin)  # LoginResting: the code itself rests
            if found is None:
                if self.wrong_login():
                    return WAIT
                return N_("The code or the PIN is not right. Please try again, or ask your supervisor.")
            self.right_login()
            self.visit = Visit.open(self.store, found, self.library, self.FLOW, self.lang,
                                    settle=self.settle, on_trouble=self.tell_save_trouble)
        except LoginResting as resting:
            return resting.message
        except (StorageError, FlowError):
            self.visit = None
            return N_("Your answers could not be opened. Please ask your supervisor for help.")
        from .screens.dialog import DialogScreen

        self.welcome.clear()
        self.push_screen(DialogScreen(self.visit.dialog, saving=self.saving, recall=self.visit.recall()))
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
                                        lambda r: self.library.version(r.flow, r.flow_version)))

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

    def take_break(self, message: str = N_("Your answers are saved. Log in again when you want to go on.")) -> None:
        """Stop for now; everything answered is already saved."""
        self.start_over(message)

    def start_over(self, message: str | None = None) -> None:
        """Back to the welcome with nothing of the last person on screen."""
        self.visit = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.welcome.clear(message)

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
    library = flow_library()
    library.current(KioskApp.FLOW)  # a broken flow is said before the screen changes

    def fresh_app() -> KioskApp:
        return KioskApp(store, library, lang=lang, idle_seconds=idle_seconds,
                        countdown_seconds=countdown_seconds, allow_quit=allow_quit)

    keep_running(fresh_app, kiosk_error_log(store.root), **run_options)
    return 0
