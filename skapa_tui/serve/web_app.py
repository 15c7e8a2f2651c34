"""The kiosk's and the desk's apps as they run in a browser tab (imports textual).

`web_app` makes, from `KioskApp` or `SupervisorApp`, the class one
session of ``skapa serve`` runs (`skapa_tui.serve.session`), adding only
what a browser needs:

- **Focus as in the terminal.** Textual's web driver "blurs" an app as it
  starts, and a blurred app gives no widget the focus (the screen's
  ``AUTO_FOCUS`` is skipped): the welcome's code field had no focus and the
  first keys were lost. Here that first blur is taken back at once (the page
  gives the terminal the focus as soon as it is connected; a blur the page
  reports later counts). And whenever the app gets the focus back (from the
  page, or the first key or click) with nothing focused on the screen, the
  screen's own first field gets it, as ``AUTO_FOCUS`` would have done.
- **Nobody left behind.** When the server process is gone (killed, not
  stopped), the session notices within a second (its parent changed) and
  ends: every answer was saved when it was given.
- **Tap targets.** On a touch screen (``touch``) the page asks for
  ``touch.tcss`` on top of the app's own styles: buttons, answers, the
  language switches and the chat's controls are at least two rows high. In
  the terminal, and with a mouse, nothing changes.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, TypeVar, cast

from textual import events

if TYPE_CHECKING:
    from ..ui.app_base import SkapaApp

    _Base = SkapaApp
else:
    _Base = object

AppClass = TypeVar("AppClass", bound="SkapaApp")

HERE = Path(__file__).resolve().parent
TOUCH_CSS = HERE / "touch.tcss"
PARENT_SECONDS = 1.0
"""How often a session looks whether the server that started it is still there."""


class WebMode(_Base):
    """The mixin: put before the app's class (``class Web(WebMode, KioskApp)``).
    (For the type checker it is a `SkapaApp`, as what it mixes into is.)"""

    # Textual calls the handler of every class along the MRO (the mixin's, then
    # the app's own): none of these calls the app's with super().

    def on_mount(self) -> None:
        self._server_pid = os.getppid()
        self.set_interval(PARENT_SECONDS, self._parent_still_there)

    def _parent_still_there(self) -> None:
        if os.getppid() != self._server_pid:
            self.exit()

    _driver_blurred = False

    # The mixin's handlers run before Textual's own for the same event (it
    # comes first in the MRO): what must follow Textual's comes next.

    def on_app_blur(self, event: events.AppBlur) -> None:
        if not self._driver_blurred:
            self._driver_blurred = True  # the driver's own, as the app starts: not the page's
            self.call_later(self._take_blur_back)

    def _take_blur_back(self) -> None:
        if self.screen_stack:  # not while the app ends
            self.app_focus = True

    def on_app_focus(self, event: events.AppFocus) -> None:
        self.call_later(self.focus_first)

    def watch_app_focus(self, focus: bool) -> None:
        # After Textual's own watcher, which gives the focus back to the
        # widget that had it when the app was blurred, if it is still there.
        if focus:
            self.focus_first()

    def focus_first(self) -> None:
        """Focus the screen's first field (its ``AUTO_FOCUS``) when nothing has the focus."""
        if not self.screen_stack:  # the app ends
            return
        screen = self.screen
        if screen.focused is not None:
            return
        selector = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else self.AUTO_FOCUS
        if not selector:
            return
        for widget in screen.query(selector):
            if widget.focusable:
                screen.set_focus(widget)
                return


_made: dict[tuple[type, bool], type] = {}


def web_app(app_class: type[AppClass], touch: bool = False) -> type[AppClass]:
    """``app_class`` for a browser tab; with ``touch``, with tap targets two rows high.
    Made once for each (class, touch)."""
    made = _made.get((app_class, touch))
    if made is None:
        css = [*_css_paths(app_class), TOUCH_CSS] if touch else _css_paths(app_class)
        name = f"Web{'Touch' if touch else ''}{app_class.__name__}"
        made = _made[app_class, touch] = type(name, (WebMode, app_class), {"CSS_PATH": css, "__module__": __name__})
    return cast(type[AppClass], made)  # (a subclass of app_class, made by type())


def _css_paths(app_class: type[SkapaApp]) -> list[str | PurePath]:
    """The app's own ``CSS_PATH`` as a list."""
    found = app_class.CSS_PATH
    if found is None:
        return []
    if isinstance(found, (str, PurePath)):
        return [found]
    return list(found)
