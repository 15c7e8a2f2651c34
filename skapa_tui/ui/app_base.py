"""What every skapa app shares: the kiosk's and the supervisor's.

`SkapaApp` is a Textual app with:

- none of the framework's keys (``inherit_bindings=False``: no quit, copy
  or help key; no command palette): an app adds the keys it wants;
- the language (``lang``): the language switches in the title bar change it,
  and every widget on every screen with a ``relabel()`` says its texts again
  in it at once;
- ``crash``: the unhandled error that ended the app, noted for
  `skapa_tui.ui.restart.keep_running` and never printed (see
  `SkapaApp._handle_exception`);
- ``saving()``: storage trouble becomes one kind notification, and
  ``last_input``: when a key or the mouse was last used;
- this terminal's rest after wrong logins (`terminal_rests`, `wrong_login`,
  `right_login`): ``LOGIN_TRIES`` wrong ones in a row, whatever the codes or
  ids, and it rests as long as the store makes one code rest;
- the time from the first import to the first screen in the log (``NAME``).

Screens and widgets that use these declare a typed app, Textual's way
(`textual.getters.app`)::

    class NoteScreen(FormModal[Note | None]):
        app = getters.app(SkapaApp)

so that a type checker knows ``self.app.lang`` (a plain ``self.app`` is an
``App[object]``); at run time ``self.app`` is the same app as before, checked
to be a SkapaApp. A line in each class rather than a shared base class: the
screens stand on Screen, ModalScreen or FormModal, the widgets on their own
Textual classes, and the screens shared by both apps need only what is here.

Every ``on_mount`` in the apps' screens and widgets stands behind
`unless_taken_away`: a screen popped in the moment between its push and its
Mount (a key, the idle timer) still gets Mount from Textual while its
children go, and a handler saying its texts into them would end the app.

App-wide styles are in app_base.tcss; widgets and screens carry their own.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.app import App
from textual.reactive import reactive
from textual.widget import Widget

from .. import STARTED, i18n
from ..i18n import _
from ..storage import StorageError
from ..storage.login import LOGIN_REST, LOGIN_TRIES

if TYPE_CHECKING:
    from ..engine import Dialog
    from ..logic.visit import Visit
    from .messages import AnswersSent

HERE = Path(__file__).resolve().parent

NodeType = TypeVar("NodeType", bound=Widget)


def taken_away(node: Widget) -> bool:
    """The node (a screen, a widget) is being taken down, or is gone.

    Textual keeps this in private flags (its public ``display`` folds them
    in with ``display: none``): ``_pruning`` is set on a popped screen and
    on its children at once, before they have been removed."""
    return node._pruning or node._closing or node._closed


def unless_taken_away(on_mount: Callable[[NodeType], None]) -> Callable[[NodeType], None]:
    """For an ``on_mount``: it does nothing when its node is already being taken down.

    Pushed and popped at once (the kiosk's random walk found a key doing
    it, and going idle can), a screen still gets Mount while Textual removes
    its children, and a handler that says its texts into them or gives one
    the focus finds some of them gone (NoMatches): that ended the app.
    ``tests/unit/test_mount_guard.py`` checks that every on_mount in the
    apps' screens and widgets has this guard."""

    @functools.wraps(on_mount)
    def guarded(self: NodeType) -> None:
        if not taken_away(self):
            on_mount(self)

    guarded.unless_taken_away = True  # type: ignore[attr-defined]
    return guarded


class SkapaApp(App[int], inherit_bindings=False):
    TITLE = "SKAPA"
    CSS_PATH = [HERE / "app_base.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = []

    NAME = "skapa"
    """The app's name in the log ("skapa kiosk ready 240 ms after the first import")."""

    lang: reactive[str] = reactive(i18n.DEFAULT_LANGUAGE, init=False)

    crash: BaseException | None = None
    """The unhandled error that ended this app, if one did (see `_handle_exception`)."""

    def __init__(self, *, lang: str = i18n.DEFAULT_LANGUAGE):
        i18n.set_language(lang)
        super().__init__()
        self.set_reactive(SkapaApp.lang, lang)
        self.last_input = time.monotonic()
        self.ready_after: float | None = None
        self._wrong_tries = 0
        self._rest_until = 0.0

    # ---- wrong logins at this terminal ------------------------------------

    def terminal_rests(self) -> bool:
        return time.monotonic() < self._rest_until

    def wrong_login(self) -> bool:
        """Count a wrong login; True when this terminal now rests."""
        self._wrong_tries += 1
        if self._wrong_tries < LOGIN_TRIES:
            return False
        self._wrong_tries = 0
        self._rest_until = time.monotonic() + LOGIN_REST.total_seconds()
        return True

    def right_login(self) -> None:
        self._wrong_tries = 0

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
            # A bug in a worker (the kiosk checks a login in one) comes wrapped:
            # the log gets the bug itself, with its own traceback.
            from textual.worker import WorkerFailed

            self.crash = error.error if isinstance(error, WorkerFailed) and error.error is not None else error
        from io import StringIO

        from rich.console import Console

        self.error_console = Console(file=StringIO(), markup=False, highlight=False)
        super()._handle_exception(error)

    def on_ready(self) -> None:
        self.ready_after = time.perf_counter() - STARTED
        self.log.info(f"{self.NAME} ready {self.ready_after * 1000:.0f} ms after the first import")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()
        await super().on_event(event)

    # ---- language ---------------------------------------------------------

    def watch_lang(self, lang: str) -> None:
        i18n.set_language(lang)
        for screen in self.screen_stack:
            for node in (screen, *screen.walk_children()):
                relabel = getattr(node, "relabel", None)
                if callable(relabel):
                    relabel()
                if isinstance(node, Widget):
                    # Texts of another length: every width is worked out again
                    # (a docked button kept its old width and cut its new label).
                    node.refresh(layout=True)

    def on_language_switch_changed(self, message) -> None:
        self.lang = message.lang

    # ---- a visit: the participant's screens on this app -------------------

    visit: Visit | None = None
    """The reading being answered on the participant's screens now, if any."""

    def visit_shows(self, dialog: Dialog) -> bool:
        """The message is about the visit on screen (not one the app left meanwhile)."""
        return self.visit is not None and self.visit.dialog is dialog

    def send_answers(self, message: AnswersSent) -> Visit | None:
        """Send the answers of the visit on screen and leave it: the sent visit
        (``visit`` is None after). None when the message is about another
        visit, or when the answers could not be kept: then a kind message says
        so and the review opens again."""
        visit = self.visit
        if visit is None or not self.visit_shows(message.dialog):
            return None
        sent = False
        with self.saving():
            visit.send()
            sent = True
        if not sent:
            message.screen.not_sent()
            return None
        self.visit = None
        return visit

    # ---- saving -----------------------------------------------------------

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Storage trouble becomes a kind message; the screen stays where it is."""
        try:
            yield
        except StorageError:
            self.tell_save_trouble()

    def tell_save_trouble(self) -> None:
        self.notify(_("Your answer could not be saved. Please try again, or ask your supervisor."),
                    severity="error", timeout=10)
