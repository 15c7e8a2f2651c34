"""One browser tab's app: what ``skapa serve`` starts for each connection.

The server (`skapa_tui.serve.server`) runs, for every tab that connects::

    python -m skapa_tui.serve.session kiosk|desk --data DIR --lang LANG
        [--touch] [--heartbeat-fd FD] [--idle-seconds N --countdown-seconds N | --lock-minutes N]

with Textual's web driver chosen in the environment (``TEXTUAL_DRIVER``):
the app reads the browser's keys from its standard input and writes the
screen to its standard output, in the driver's packets. It is an internal
entry point, not a command for people: started from a terminal (without the
web driver) it says so in one line and ends (exit 2). That is also why the
terminal commands' check (``skapa kiosk`` needs a terminal) stays as it is.

The app runs once, without the kiosk's keeper (`skapa_tui.ui.restart`):
under the server a fresh process per connection takes the keeper's place.
When the app ends because of a bug, the bug is logged in the data folder's
error log (``logs/kiosk-errors.log`` or ``logs/supervisor-errors.log``,
never a value) and the exit code is `restart.CRASHED`; the server then
tells the page, which says so and comes back to a fresh start screen. A
kiosk session gets the heartbeat pipe (``--heartbeat-fd``) that the keeper
would watch, and the server watches it instead (a frozen kiosk is ended and
logged the same way).

Exit codes: 0 the app ended (the server asked it to, or the desk was
closed with ctrl+q); `CRASHED` (70) after a logged bug; `EXIT_FAILED` (71)
the data folder or the flows could not be used (logged too); 2 not started
by the server.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import DESK, KIOSK, MODES

if TYPE_CHECKING:
    from ..domain.library import FlowLibrary
    from ..storage import Store
    from ..ui.kiosk_app import KioskApp
    from ..ui.supervisor_app import SupervisorApp

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""The ``TEXTUAL_DRIVER`` a session runs under (textual-serve sets it for its app processes)."""
EXIT_OK, EXIT_USAGE = 0, 2
EXIT_FAILED = 71
"""The data folder or the flows could not be used (logged): not 1, which Python
itself gives for an error nobody caught (then the server logs what it saw)."""


def argv(mode: str, data_dir: Path, lang: str, *, touch: bool = False, heartbeat_fd: int | None = None,
         idle_seconds: float | None = None, countdown_seconds: float | None = None,
         lock_minutes: float | None = None) -> list[str]:
    """The command line that starts one session (the server's side of `main`)."""
    args = [sys.executable, "-m", "skapa_tui.serve.session", mode, "--data", str(data_dir), "--lang", lang]
    if touch:
        args.append("--touch")
    if heartbeat_fd is not None:
        args += ["--heartbeat-fd", str(heartbeat_fd)]
    for option, value in (("--idle-seconds", idle_seconds), ("--countdown-seconds", countdown_seconds),
                          ("--lock-minutes", lock_minutes)):
        if value is not None:
            args += [option, repr(float(value))]
    return args


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m skapa_tui.serve.session", add_help=False)
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("--data", required=True)
    parser.add_argument("--lang", required=True)
    parser.add_argument("--touch", action="store_true")
    parser.add_argument("--heartbeat-fd", type=int)
    parser.add_argument("--idle-seconds", type=float, default=120.0)
    parser.add_argument("--countdown-seconds", type=float, default=30.0)
    parser.add_argument("--lock-minutes", type=float, default=10.0)
    return parser


def _not_for_people() -> int:
    from .. import i18n
    from ..i18n import _

    i18n.set_language(i18n.user_language())
    print("skapa: " + _("this runs one browser tab's kiosk or desk and is started by 'skapa serve'; "
                        "run 'skapa serve kiosk' or 'skapa serve desk' instead"), file=sys.stderr)
    return EXIT_USAGE


def main(arguments: Sequence[str] | None = None) -> int:
    if os.environ.get("TEXTUAL_DRIVER") != WEB_DRIVER or sys.stdout.isatty():
        return _not_for_people()
    try:
        args = _parser().parse_args(arguments)
    except SystemExit:
        return _not_for_people()
    from .. import __version__, i18n
    from ..resources import flow_library
    from ..storage import Store
    from ..storage.error_log import append_error, kiosk_error_log
    from ..ui.restart import CRASHED, run_once

    lang = args.lang if args.lang in i18n.offered_languages() else i18n.DEFAULT_LANGUAGE
    i18n.set_language(lang)
    data_dir = Path(args.data)
    log = kiosk_error_log(data_dir)
    if args.mode == DESK:
        log = log.with_name("supervisor-errors.log")
    try:
        store = Store(data_dir)
        library = flow_library()
        app = _kiosk(store, library, lang, args) if args.mode == KIOSK else _desk(store, library, lang, args)
    except Exception as error:  # noqa: BLE001 - said to the server by the exit code, logged for staff
        try:
            append_error(log, error, version=__version__)
        except Exception:  # noqa: BLE001 - the folder itself is the trouble
            pass
        return EXIT_FAILED
    try:
        return run_once(app, log)
    except Exception:  # noqa: BLE001 - the log itself could not be written: still a crash
        return CRASHED


def _kiosk(store: Store, library: FlowLibrary, lang: str, args: argparse.Namespace) -> KioskApp:
    from ..ui.kiosk_app import KioskApp
    from ..ui.restart import Heartbeat
    from .web_app import web_app

    library.current(KioskApp.FLOW)
    heartbeat = Heartbeat(args.heartbeat_fd) if args.heartbeat_fd is not None else None
    return web_app(KioskApp, args.touch)(store, library, lang=lang, idle_seconds=args.idle_seconds,
                                         countdown_seconds=args.countdown_seconds, heartbeat=heartbeat)


def _desk(store: Store, library: FlowLibrary, lang: str, args: argparse.Namespace) -> SupervisorApp:
    from ..ui.supervisor_app import SupervisorApp
    from .web_app import web_app

    for flow in SupervisorApp.FLOWS:
        library.current(flow)
    library.guide()
    return web_app(SupervisorApp, args.touch)(store, library, lang=lang, lock_seconds=args.lock_minutes * 60)


if __name__ == "__main__":  # pragma: no cover - the server starts it so
    sys.exit(main())
