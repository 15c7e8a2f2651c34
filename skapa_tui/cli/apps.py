"""``skapa kiosk`` and ``skapa supervisor``: the two terminal apps.

The only commands, with ``skapa serve``, that import textual, and only when
they run (the parser and the other commands never load it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .. import i18n
from ..i18n import N_, _
from .common import Commands, Failure, UsageError, _data_dir, _minutes, _seconds, command


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``kiosk`` and ``supervisor`` commands."""
    kiosk = command(
        commands, "kiosk", cmd_kiosk, parents=[data], help=_("start the kiosk where participants rate themselves"),
        description=_("Start the kiosk: a participant signs in with code and PIN and answers "
                      "one question at a time. After a while without a key press the kiosk "
                      "counts down and returns to the start screen."))
    kiosk.add_argument("--lang", choices=i18n.languages(),
                       help=_("the language the kiosk starts in (default: the user's language)"))
    add_kiosk_timers(kiosk)
    kiosk.add_argument("--allow-quit", action="store_true",
                       help=_("let ctrl+q stop the kiosk, for trying it out; never on a shared kiosk"))
    _add_allow_incomplete(kiosk)

    desk = command(
        commands, "supervisor", cmd_supervisor, parents=[data], help=_("start the supervisor's desk"),
        description=_("Start the supervisor's desk: a supervisor signs in with their ID and "
                      "passphrase and works with their own caseload. After a while without a "
                      "key press the desk locks and asks for the passphrase again. ctrl+q quits."))
    desk.add_argument("--lang", choices=i18n.languages(),
                      help=_("the language the desk starts in (default: the user's language)"))
    add_desk_lock(desk)
    _add_allow_incomplete(desk)


def add_kiosk_timers(kiosk: argparse.ArgumentParser) -> None:
    """The kiosk's ``--idle-seconds`` and ``--countdown-seconds`` (in the terminal and served)."""
    kiosk.add_argument("--idle-seconds", type=_seconds, default=120.0, metavar=_("SECONDS"),
                       help=_("seconds without a key press before the countdown starts "
                              "(default: {n})").format(n=120))
    kiosk.add_argument("--countdown-seconds", type=_seconds, default=30.0, metavar=_("SECONDS"),
                       help=_("seconds the countdown lasts before the kiosk returns to the start "
                              "screen (default: {n})").format(n=30))


def add_desk_lock(desk: argparse.ArgumentParser) -> None:
    """The desk's ``--lock-minutes`` (in the terminal and served)."""
    desk.add_argument("--lock-minutes", type=_minutes, default=10.0, metavar=_("MINUTES"),
                      help=_("minutes without a key press before the desk locks "
                             "(default: {n})").format(n=10))


def _add_allow_incomplete(app: argparse.ArgumentParser) -> None:
    app.add_argument("--allow-incomplete", action="store_true",
                     help=_("offer languages whose catalog is not complete yet, for trying one out"))


def _app_data_dir(args: argparse.Namespace) -> Path:
    """The data folder of an app, which must be one already: it is never made here."""
    from ..storage.folder import require_data_folder

    folder = _data_dir(args)
    require_data_folder(folder)
    return folder


def _app_language(args: argparse.Namespace) -> str:
    """The language an app starts in: ``--lang``, else the user's, else the
    default; only a language that is offered (its catalog complete, or
    ``--allow-incomplete``). A ``--lang`` whose catalog is not complete is
    refused with how far it has come."""
    i18n.allow_incomplete(bool(getattr(args, "allow_incomplete", False)))
    offered = i18n.offered_languages()
    if args.lang and args.lang not in offered:
        translated, total = i18n.coverage(args.lang)
        raise UsageError(_("the catalog of {lang} is not complete ({n} of {total} texts translated): "
                           "use --allow-incomplete to try it out").format(
            lang=args.lang, n=translated, total=total))
    lang = args.lang or i18n.user_language()
    return lang if lang in offered else i18n.DEFAULT_LANGUAGE


def _run_app(args: argparse.Namespace, no_terminal: str, stopped_message: str,
             run: Callable[[Path, str], int | None], stopped: type[Exception]) -> int:
    """Run an app (``run(data_dir, lang)``) in this terminal: a wrong --lang
    said first, then no terminal; when the app stops because of an error in
    the program (``stopped``: `ui.restart.AppStopped`, which the command
    imports, as only a command may import the UI), staff are told in one line
    where the details are. What the command line says next is in its user's
    language, not in the app's (--lang)."""
    lang = _app_language(args)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Failure(_(no_terminal))
    users_language = i18n.current_language()
    try:
        return int(run(_app_data_dir(args), lang) or 0)
    except stopped as error:
        i18n.set_language(users_language)
        raise Failure(_(stopped_message).format(log=error)) from None  # an AppStopped says its log
    finally:
        i18n.set_language(users_language)


def cmd_kiosk(args: argparse.Namespace) -> int:
    from ..ui.restart import AppStopped  # the keeper's module: no textual

    def run(data_dir: Path, lang: str) -> int | None:
        from ..ui.kiosk_app import run_kiosk  # imports textual

        return run_kiosk(data_dir=data_dir, lang=lang, idle_seconds=args.idle_seconds,
                         countdown_seconds=args.countdown_seconds, allow_quit=args.allow_quit)

    # The kiosk restarts by itself after a bug, but not after the same bug again and again.
    return _run_app(args, N_("the kiosk needs a terminal to run in"),
                    N_("the kiosk stopped because of an error in the program; the details are in {log}"), run,
                    AppStopped)


def cmd_supervisor(args: argparse.Namespace) -> int:
    from ..ui.restart import AppStopped  # the keeper's module: no textual

    def run(data_dir: Path, lang: str) -> int | None:
        from ..ui.supervisor_app import run_supervisor  # imports textual

        return run_supervisor(data_dir=data_dir, lang=lang, lock_seconds=args.lock_minutes * 60)

    return _run_app(args, N_("the supervisor's desk needs a terminal to run in"),
                    N_("the supervisor's desk stopped because of an error in the program; "
                       "the details are in {log}"), run, AppStopped)
