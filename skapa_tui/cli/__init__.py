"""The ``skapa`` command.

Every message is in the user's language (``SKAPA_LANG``, then the locale
variables; see `skapa_tui.i18n.user_language`), argparse's own included:
while `main` runs, the ``_``/``ngettext`` that :mod:`argparse` looks up in
its module globals are our catalog's (see `_argparse_in_user_language`).
That one switch covers usage, help headings and every parse error, needs no
compiled ``.mo`` on disk and honours ``SKAPA_LANG``, which the stdlib's
``gettext.textdomain`` route would not. The argparse msgids we rely on are
listed in `ARGPARSE_MSGIDS` so ``make extract`` puts them in the catalogs.

Exit codes: 0 done; 1 the command could not do its work (a damaged data
folder, a flow with problems, a PIN typed differently twice, ...); 2 the
command line was wrong; 130 interrupted. Nothing ends in a traceback: a
failure is said in one line (a flow's problems, one line each). Set
``SKAPA_DEBUG=1`` to get the traceback of an unexpected error.

One module per command (`apps` holds ``kiosk`` and ``supervisor``), each
with an ``add_parser(commands, data)`` that adds its part of the parser
(``data`` is the ``--data`` option) and the ``cmd_*`` functions it runs;
`common` holds what they share. Textual is imported only when ``skapa
kiosk``, ``skapa supervisor`` or ``skapa serve`` runs: the other commands
start fast (``tests/unit/test_layers.py``).

The data folder (`skapa_tui.config`): an empty ``--data`` or ``SKAPA_DATA`` is
a wrong command line (exit 2). Only the commands that add something
(``participants add``, ``supervisors add``, ``demo``) may make a new data
folder, and they say so; every other command and the apps refuse a folder
that does not exist or was never set up (`storage.NoDataFolder`), and every
command refuses a folder whose key file is lost or foreign (see
`skapa_tui.storage.folder`). ``--out`` goes through `storage.files.write_private`:
a file is replaced whole, a FIFO or a device is written into, a folder is refused.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence

from .. import __version__, config, i18n
from ..i18n import N_, _
from . import apps, catalogs, demo, export, flows, participants, report, serve, summary, supervisors
from .common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, PROG, Failure, UsageError, _fail, describe

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "PROG", "Failure", "UsageError",
           "build_parser", "describe", "main"]

GROUPS = (apps, participants, supervisors, export, report, flows, catalogs, demo, summary, serve)
"""The commands' modules, in the order ``skapa --help`` lists them."""


ARGPARSE_MSGIDS = (
    # The texts argparse passes through its `_`/`ngettext` that a skapa user
    # can meet. The translations must keep the %-placeholders unchanged.
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ignored explicit argument %r"),
)


@contextlib.contextmanager
def _argparse_in_user_language() -> Iterator[None]:
    # argparse's `_` and `ngettext` are its imports from gettext, which its
    # stubs (typeshed) do not declare: hence the ignores.
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: _(message) if message else message  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


# -- the parser -------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    """The parser, with every text in the current language (call after
    `i18n.set_language`, inside `_argparse_in_user_language`)."""
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--data", metavar=_("DIR"),
        help=_("the data folder (default: ${env} when set, else {default})").format(
            env=config.ENV_DATA, default=config.default_data_dir()))

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_("skapa: the BIP/SKAPA progression dialogue. A participant rates "
                      "themself at a shared kiosk; the answers are kept private."),
        epilog=_("Run '{prog} COMMAND --help' for the options of a command.").format(prog=PROG))
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help=_("show the version and exit"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))
    commands.required = True
    for group in GROUPS:
        group.add_parser(commands, data)
    return parser


# -- main -------------------------------------------------------------------

def _quiet_broken_pipe() -> None:
    # The reader went away (`skapa export ... | head`): say nothing more.
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``skapa`` command; returns the exit code."""
    i18n.set_language(i18n.user_language())
    with _argparse_in_user_language():
        try:
            args = build_parser().parse_args(argv)
            return args.run(args)
        except UsageError as exc:
            _fail([str(exc)])
            return EXIT_USAGE
        except Failure as exc:
            _fail([str(exc)])
            return EXIT_FAILED
        except KeyboardInterrupt:
            print(file=sys.stderr)
            _fail([_("interrupted")])
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            _quiet_broken_pipe()
            return EXIT_FAILED
        except Exception as exc:  # noqa: BLE001 - never a traceback for the user
            from ..domain.flow import FlowError

            # FlowError, OSError and the storage's errors (a msgid in
            # `.message`, its fields in `.fields`) are the user's to fix.
            known = (isinstance(exc, (FlowError, OSError))
                     or (hasattr(exc, "message") and hasattr(exc, "fields")))
            if not known and os.environ.get("SKAPA_DEBUG"):
                raise
            lines = describe(exc)
            if not known:
                lines = [_("unexpected error: {error}").format(
                    error=f"{type(exc).__name__}: {' '.join(lines)}"),
                    _("set SKAPA_DEBUG=1 to see the details")]
            _fail(lines)
            return EXIT_FAILED
