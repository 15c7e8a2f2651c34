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

Textual is imported only by ``skapa kiosk`` and ``skapa supervisor``: the other commands
start fast.

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
import errno
import getpass
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from . import __version__, config, i18n, resources
from .domain.supervisor import ACCOUNT_ROLES, ROLE_LEADER, ROLE_SUPERVISOR
from .i18n import N_, _

PROG = "skapa"
EXPORT_TABLES = ("participants", "readings", "answers", "corrections", "assignments", "interventions",
                 "plans", "supervisors")
"""The tables of ``skapa export --format csv`` (see `skapa_tui.storage.export.CSV_TABLES`)."""
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
REPORT_FORMATS = ("text", "json", "csv", "html")
"""The formats of ``skapa report`` (see `skapa_tui.render.FORMATS`)."""


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


class UsageError(Exception):
    """The command line asks for something that cannot be done: exit 2."""


class Failure(Exception):
    """The command could not do its work; the message says why: exit 1."""


@contextlib.contextmanager
def _argparse_in_user_language() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: _(message) if message else message  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


# -- argument types ---------------------------------------------------------

def _more_than_zero(needed: str, positive: str) -> Callable[[str], float]:
    """An argument type: a finite number above 0; ``needed`` and ``positive``
    (msgids with ``{value}``) say what is wrong."""

    def number(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_(needed).format(value=text)) from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(_(positive).format(value=text))
        return value

    return number


_seconds = _more_than_zero(N_("a number of seconds is needed, not {value!r}"),
                           N_("the number of seconds must be more than 0, not {value}"))
_minutes = _more_than_zero(N_("a number of minutes is needed, not {value!r}"),
                           N_("the number of minutes must be more than 0, not {value}"))


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

    kiosk = commands.add_parser(
        "kiosk", parents=[data], help=_("start the kiosk where participants rate themselves"),
        description=_("Start the kiosk: a participant signs in with code and PIN and answers "
                      "one question at a time. After a while without a key press the kiosk "
                      "counts down and returns to the start screen."))
    kiosk.add_argument("--lang", choices=i18n.languages(),
                       help=_("the language the kiosk starts in (default: the user's language)"))
    kiosk.add_argument("--idle-seconds", type=_seconds, default=120.0, metavar=_("SECONDS"),
                       help=_("seconds without a key press before the countdown starts "
                              "(default: {n})").format(n=120))
    kiosk.add_argument("--countdown-seconds", type=_seconds, default=30.0, metavar=_("SECONDS"),
                       help=_("seconds the countdown lasts before the kiosk returns to the start "
                              "screen (default: {n})").format(n=30))
    kiosk.add_argument("--allow-quit", action="store_true",
                       help=_("let ctrl+q stop the kiosk, for trying it out; never on a shared kiosk"))
    kiosk.add_argument("--allow-incomplete", action="store_true",
                       help=_("offer languages whose catalog is not complete yet, for trying one out"))
    kiosk.set_defaults(run=cmd_kiosk)

    desk = commands.add_parser(
        "supervisor", parents=[data], help=_("start the supervisor's desk"),
        description=_("Start the supervisor's desk: a supervisor signs in with their ID and "
                      "passphrase and works with their own caseload. After a while without a "
                      "key press the desk locks and asks for the passphrase again. ctrl+q quits."))
    desk.add_argument("--lang", choices=i18n.languages(),
                      help=_("the language the desk starts in (default: the user's language)"))
    desk.add_argument("--lock-minutes", type=_minutes, default=10.0, metavar=_("MINUTES"),
                      help=_("minutes without a key press before the desk locks "
                             "(default: {n})").format(n=10))
    desk.add_argument("--allow-incomplete", action="store_true",
                      help=_("offer languages whose catalog is not complete yet, for trying one out"))
    desk.set_defaults(run=cmd_supervisor)

    people = commands.add_parser(
        "participants", help=_("add, list, export or erase participants, or give one a new PIN"),
        description=_("Add a participant (a code and a PIN), give one a new PIN, list the codes, "
                      "or export or erase everything stored about one participant."))
    people_commands = people.add_subparsers(dest="action", metavar=_("ACTION"),
                                            title=_("actions"))
    people_commands.required = True
    code_and_pin = argparse.ArgumentParser(add_help=False, parents=[data])
    code_and_pin.add_argument("code", metavar=_("CODE"), help=_("the participant's code"))
    code_and_pin.add_argument("--pin", metavar=_("PIN"),
                              help=_("the PIN (else asked for; a PIN on the command line can be "
                                     "seen by others on this computer)"))
    add = people_commands.add_parser(
        "add", parents=[code_and_pin], help=_("add a participant"),
        description=_("Add a participant with a code and a PIN. Without --pin the PIN is "
                      "asked for twice, without showing it. The PIN is kept only as a hash."))
    add.add_argument("--supervisor", metavar=_("ID"),
                     help=_("the supervisor the participant is given to (default: none yet)"))
    add.set_defaults(run=cmd_participants_add)
    new_pin = people_commands.add_parser(
        "pin", parents=[code_and_pin], help=_("give a participant a new PIN"),
        description=_("Give a participant a new PIN, for instance when it is forgotten. It also "
                      "ends the wait after too many wrong PINs. Without --pin the PIN is asked "
                      "for twice, without showing it."))
    new_pin.set_defaults(run=cmd_participants_pin)
    listing = people_commands.add_parser(
        "list", parents=[data], help=_("list the participants' codes"),
        description=_("List the participants' codes, one a line."))
    listing.set_defaults(run=cmd_participants_list)
    one_code = argparse.ArgumentParser(add_help=False, parents=[data])
    one_code.add_argument("code", metavar=_("CODE"), help=_("the participant's code"))
    their_data = people_commands.add_parser(
        "export", parents=[one_code], help=_("write everything stored about one participant as JSON"),
        description=_("Write everything stored about one participant as JSON, for them to see or "
                      "to take elsewhere: their readings and answers, corrections, supervisors, "
                      "interventions, plans, the supervisors' meeting notes, and who opened their "
                      "data and when (this export too). The PIN is never exported."))
    their_data.add_argument("--out", metavar=_("FILE"),
                            help=_("the file to write, readable by you only (default: the screen); a file "
                                   "already there is replaced whole, and a FIFO or a device is "
                                   "written into, never replaced"))
    their_data.set_defaults(run=cmd_participants_export)
    add_assign_command(people_commands, one_code)
    erase = people_commands.add_parser(
        "erase", parents=[one_code], help=_("erase everything stored about one participant"),
        description=_("Remove everything stored about one participant from the data folder, for "
                      "good. The code is asked for again to confirm. What stays is a note that an "
                      "erasure was made, when and by whom, with nothing about the person in it."))
    erase.add_argument("--yes", action="store_true",
                       help=_("erase without asking for the code again (for scripts)"))
    erase.add_argument("--by", metavar=_("ID"),
                       help=_("the supervisor who erases (default: your user name on this computer)"))
    erase.set_defaults(run=cmd_participants_erase)

    supervisors = commands.add_parser(
        "supervisors", help=_("add, list or deactivate supervisors, or give one a new passphrase"),
        description=_("Supervisors log in with an id and a passphrase and have participants "
                      "given to them."))
    supervisor_commands = supervisors.add_subparsers(dest="action", metavar=_("ACTION"),
                                                     title=_("actions"))
    supervisor_commands.required = True
    supervisor_id = argparse.ArgumentParser(add_help=False, parents=[data])
    supervisor_id.add_argument("id", metavar=_("ID"), help=_("the supervisor's id"))
    add_supervisor = supervisor_commands.add_parser(
        "add", parents=[supervisor_id], help=_("add a supervisor"),
        description=_("Add a supervisor. The passphrase is asked for twice, without showing it, "
                      "and kept only as a hash."))
    add_supervisor.add_argument("--name", metavar=_("NAME"), help=_("the supervisor's name"))
    add_supervisor.add_argument(
        "--contact", metavar=_("CONTACT"),
        help=_("how participants reach the supervisor, printed on their summary: one short line, "
               "such as a work phone or e-mail"))
    add_supervisor.add_argument(
        "--role", choices=ACCOUNT_ROLES, default=ROLE_SUPERVISOR,
        help=_("supervisor: participants are given to them; leader: sees the organisation's "
               "report and nothing about any one person (default: supervisor)"))
    add_supervisor.set_defaults(run=cmd_supervisors_add)
    passphrase = supervisor_commands.add_parser(
        "passphrase", parents=[supervisor_id], help=_("give a supervisor a new passphrase"),
        description=_("Give a supervisor a new passphrase, asked for twice without showing it. "
                      "It also ends the wait after too many wrong passphrases."))
    passphrase.set_defaults(run=cmd_supervisors_passphrase)
    supervisor_list = supervisor_commands.add_parser(
        "list", parents=[data], help=_("list the supervisors"),
        description=_("List the supervisors: id, name, active or not, and how many participants "
                      "they have."))
    supervisor_list.set_defaults(run=cmd_supervisors_list)
    deactivate = supervisor_commands.add_parser(
        "deactivate", parents=[supervisor_id], help=_("deactivate a supervisor"),
        description=_("Deactivate a supervisor: they can no longer log in; what they did stays. "
                      "Their participants then need another supervisor."))
    deactivate.set_defaults(run=cmd_supervisors_deactivate)
    add_contact_command(supervisor_commands, supervisor_id)

    export = commands.add_parser(
        "export", parents=[data], help=_("export all answers as JSON or CSV"),
        description=_("Write every participant's readings, answers, supervisors and plans as "
                      "JSON, or as CSV tables: all of them, with a README of their columns, in a "
                      "folder or a .zip file, or one table with --table. PINs and passphrases "
                      "are never exported."))
    export.add_argument("--format", choices=("json", "csv"), required=True,
                        help=_("the file format"))
    export.add_argument("--table", choices=EXPORT_TABLES, metavar=_("TABLE"),
                        help=_("write only this CSV table: {tables}").format(
                            tables=", ".join(EXPORT_TABLES)))
    export.add_argument("--out", metavar=_("FILE"),
                        help=_("the file to write, readable by you only (default: the screen); a "
                               "file already there is replaced whole, and a FIFO or a device is "
                               "written into, never replaced. For every CSV table: a new or empty "
                               "folder, or a file name ending in .zip"))
    export.add_argument("--skip-damaged", action="store_true",
                        help=_("export every participant that can be read and name the damaged "
                               "files (default: export nothing while a file is damaged)"))
    export.set_defaults(run=cmd_export)

    report = commands.add_parser(
        "report", parents=[data], help=_("the organisation's progression report"),
        description=_("The progression of all participants as aggregates over a year (four whole "
                      "quarters that have ended): distance travelled per indicator, progression by "
                      "intervention mix and by supervisor changes, interventions, overdue follow-ups "
                      "and gaps between the two ratings. No participant is named and no one can be "
                      "worked out: groups of fewer than 5 people are hidden and every figure is "
                      "changed a little, as the report says."))
    report.add_argument("--lang", choices=i18n.languages(), metavar=_("LANG"),
                        help=_("the report's language: {langs} (default: yours)").format(
                            langs=", ".join(i18n.languages())))
    report.add_argument("--from", dest="first", metavar=_("DATE"),
                        help=_("the year from the start of this date's quarter (YYYY-MM-DD), when "
                               "--to is not given"))
    report.add_argument("--to", dest="last", metavar=_("DATE"),
                        help=_("the year up to the end of this date's quarter (YYYY-MM-DD; default: "
                               "the last quarter that has ended)"))
    report.add_argument("--format", choices=REPORT_FORMATS, default="text",
                        help=_("the format (default: text)"))
    report.add_argument("--out", metavar=_("FILE"),
                        help=_("the file to write, readable by you only (default: the screen); a file "
                                   "already there is replaced whole, and a FIFO or a device is "
                                   "written into, never replaced"))
    report.set_defaults(run=cmd_report)

    flows = commands.add_parser(
        "flows", help=_("check flow files or draw their state machine"),
        description=_("Flows are the questions, anchors and messages of a form, kept in "
                      "TOML files."))
    flow_commands = flows.add_subparsers(dest="action", metavar=_("ACTION"),
                                         title=_("actions"))
    flow_commands.required = True
    check = flow_commands.add_parser(
        "check", help=_("check flow files and their translations"),
        description=_("Check flow files: their keys and values, and that every text is in "
                      "every language's catalog. Each problem is printed as "
                      "'file: key: what is wrong'."))
    check.add_argument("files", nargs="*", metavar=_("FILE"),
                       help=_("the flow files (default: every flow of skapa, in {folder})").format(
                           folder=resources.flows_dir()))
    check.set_defaults(run=cmd_flows_check)
    diagram = flow_commands.add_parser(
        "diagram", help=_("print a flow's state machine as a Mermaid diagram"),
        description=_("Print the state machine of a flow as a Mermaid stateDiagram-v2."))
    diagram.add_argument("flow", metavar=_("FLOW"),
                         help=_("a flow id (such as participant) or a flow file"))
    diagram.set_defaults(run=cmd_flows_diagram)

    catalogs = commands.add_parser(
        "catalogs", help=_("check the language catalogs"),
        description=_("Languages are kept as gettext catalogs in {folder}.").format(
            folder=resources.locales_dir()))
    catalog_commands = catalogs.add_subparsers(dest="action", metavar=_("ACTION"), title=_("actions"))
    catalog_commands.required = True
    catalogs_check = catalog_commands.add_parser(
        "check", help=_("say how much of each catalog is translated"),
        description=_("Print, for each language, how many of skapa's texts its catalog translates. "
                      "A language is offered at the kiosk and the desk only when every text is "
                      "translated (or with --allow-incomplete). Exit 1 if a catalog is not complete."))
    catalogs_check.set_defaults(run=cmd_catalogs_check)

    demo = commands.add_parser(
        "demo", help=_("make a data folder to try skapa out"),
        description=_("Make a demo data folder: twenty participants with a year of readings by "
                      "both sides, plans and supervisor changes, two supervisors, demo "
                      "(passphrase demo-passphrase) and demo2 (passphrase demo2-passphrase), and "
                      "a leader who sees the report, leader (passphrase leader-passphrase). "
                      "Log in at the kiosk as DEMO1 (PIN 1234) or DEMO2 (PIN 2345). Adds only "
                      "what is missing, and refuses a folder that has other participants or "
                      "supervisors."))
    demo.add_argument("--data", metavar=_("DIR"), required=True,
                      help=_("the demo data folder (never your real one)"))
    demo.set_defaults(run=cmd_demo)

    summary = commands.add_parser(
        "summary", parents=[data], help=_("write a participant's one-page summary as a PDF"),
        description=_("Write a one-page A4 summary for the participant to take home: their "
                      "latest answers, their chart, the plan and the next meeting, in their "
                      "language. The file is readable by you only."))
    summary.add_argument("code", metavar=_("CODE"), help=_("the participant's code"))
    summary.add_argument("--lang", choices=i18n.languages(),
                         help=_("the language of the page (default: the language of the "
                                "participant's latest answers)"))
    summary.add_argument("--out", metavar=_("FILE"),
                         help=_("the PDF file to write (needed unless the output goes to a file "
                                "or a program); a file already there is replaced whole, and a "
                                "FIFO or a device is written into, never replaced"))
    summary.set_defaults(run=cmd_summary)
    add_serve_command(commands, data)
    return parser


# -- the commands -----------------------------------------------------------

def _data_dir(args: argparse.Namespace) -> Path:
    """The data folder (`config.data_dir`); an empty --data or SKAPA_DATA, or a
    ``~user`` this computer does not know, is a wrong command line (exit 2)."""
    try:
        return config.data_dir(getattr(args, "data", None))
    except config.DataDirError as exc:
        raise UsageError(_(exc.message).format(**exc.fields)) from None


def _store(args: argparse.Namespace, *, create: bool = False) -> Any:
    """The data folder's Store. Only a command that adds something has
    ``create``: it may make a new data folder (and says so); every other
    command refuses a folder that does not exist or was never set up."""
    from .storage import Store
    from .storage.folder import META_FILE

    folder = _data_dir(args)
    new = create and not (folder / META_FILE).exists()
    store = Store(folder, create=create)
    if new:
        _say(_("Made a new data folder {path}, readable by you only.").format(path=folder), sys.stderr)
    return store


def _app_data_dir(args: argparse.Namespace) -> Path:
    """The data folder of an app, which must be one already: it is never made here."""
    from .storage.folder import require_data_folder

    folder = _data_dir(args)
    require_data_folder(folder)
    return folder


def _say(message: str, file: IO[str] | None = None) -> None:
    print(message, file=file or sys.stdout, flush=True)


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


def cmd_kiosk(args: argparse.Namespace) -> int:
    lang = _app_language(args)  # a wrong --lang is a usage error, said first
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Failure(_("the kiosk needs a terminal to run in"))
    from .ui.kiosk_app import run_kiosk  # imports textual
    from .ui.restart import KioskStopped

    users_language = i18n.current_language()
    try:
        return int(run_kiosk(data_dir=_app_data_dir(args), lang=lang,
                             idle_seconds=args.idle_seconds,
                             countdown_seconds=args.countdown_seconds,
                             allow_quit=args.allow_quit) or 0)
    except KioskStopped as stopped:
        # The kiosk restarts by itself after a bug, but not after the same
        # bug again and again: then staff are told, in one line.
        i18n.set_language(users_language)
        raise Failure(_("the kiosk stopped because of an error in the program; "
                        "the details are in {log}").format(log=stopped.log)) from None
    finally:
        # What the CLI says next is for the person at the command line, in
        # their language, not in the kiosk's (--lang).
        i18n.set_language(users_language)


def cmd_supervisor(args: argparse.Namespace) -> int:
    lang = _app_language(args)  # a wrong --lang is a usage error, said first
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Failure(_("the supervisor's desk needs a terminal to run in"))
    from .ui.supervisor_app import SupervisorStopped, run_supervisor  # imports textual

    users_language = i18n.current_language()
    try:
        return int(run_supervisor(data_dir=_app_data_dir(args), lang=lang,
                                  lock_seconds=args.lock_minutes * 60) or 0)
    except SupervisorStopped as stopped:
        i18n.set_language(users_language)
        raise Failure(_("the supervisor's desk stopped because of an error in the program; "
                        "the details are in {log}").format(log=stopped.log)) from None
    finally:
        i18n.set_language(users_language)


def _ask_pin(code: str) -> str:
    from .domain.participant import check_pin

    if not sys.stdin.isatty():
        raise UsageError(_("there is no terminal to ask for the PIN on: give it with --pin"))
    try:
        pin = check_pin(getpass.getpass(_("PIN for {code}: ").format(code=code)))
        again = getpass.getpass(_("The same PIN again: "))
    except EOFError:
        raise Failure(_("no PIN was given; nothing was saved")) from None
    if pin != again:
        raise Failure(_("the two PINs are not the same; nothing was saved"))
    return pin


def _active_supervisor(store: Any, supervisor_id: str) -> str:
    from .storage import InactiveSupervisor
    from .storage.supervisors import LeaderHasNoCaseload

    supervisor = store.supervisor(supervisor_id)
    if not supervisor.active:
        raise InactiveSupervisor(supervisor=supervisor.id)
    if not supervisor.has_caseload:
        raise LeaderHasNoCaseload(supervisor=supervisor.id)
    return supervisor.id


def cmd_participants_add(args: argparse.Namespace) -> int:
    from .domain.participant import check_pin, normalize_code

    code = normalize_code(args.code)  # a wrong code or PIN is said before a folder is made
    if args.pin is not None:
        check_pin(args.pin)
    if args.pin is None and not sys.stdin.isatty():
        raise UsageError(_("there is no terminal to ask for the PIN on: give it with --pin"))
    store = _store(args, create=True)
    pin = args.pin
    supervisor = args.supervisor
    if pin is None:
        # A taken code, or a wrong supervisor, is said before anyone types a PIN twice.
        from .storage import ParticipantExists

        if code in store.participant_codes():
            raise ParticipantExists(code=code)
        if supervisor is not None:
            supervisor = _active_supervisor(store, supervisor)
        pin = _ask_pin(code)
    code = store.add_participant(args.code, pin, supervisor=supervisor)
    if supervisor is None:
        _say(_("Added the participant {code}.").format(code=code))
    else:
        _say(_("Added the participant {code}, given to the supervisor {supervisor}.").format(
            code=code, supervisor=store.supervisor(supervisor).id))
    return EXIT_OK


def cmd_participants_pin(args: argparse.Namespace) -> int:
    from .domain.participant import normalize_code
    from .storage import UnknownParticipant

    store = _store(args)
    code = normalize_code(args.code)
    if code not in store.participant_codes():
        raise UnknownParticipant(code=code)  # said before anyone types a PIN twice
    pin = args.pin if args.pin is not None else _ask_pin(code)
    store.change_pin(code, pin)
    _say(_("{code} has a new PIN.").format(code=code))
    return EXIT_OK


def _ask_passphrase(supervisor_id: str) -> str:
    from .domain.supervisor import check_passphrase

    if not sys.stdin.isatty():
        raise UsageError(_("there is no terminal to ask for the passphrase on"))
    try:
        passphrase = check_passphrase(getpass.getpass(
            _("Passphrase for {id}: ").format(id=supervisor_id)))
        again = getpass.getpass(_("The same passphrase again: "))
    except EOFError:
        raise Failure(_("no passphrase was given; nothing was saved")) from None
    if passphrase != again:
        raise Failure(_("the two passphrases are not the same; nothing was saved"))
    return passphrase


def cmd_supervisors_add(args: argparse.Namespace) -> int:
    from .storage import SupervisorExists, UnknownSupervisor
    from .storage.supervisors import check_contact, check_name, normalize_id

    supervisor_id = normalize_id(args.id)  # a wrong id, name or contact is said before a folder is made
    name = check_name(args.name)
    contact = check_contact(args.contact)
    if not sys.stdin.isatty():
        raise UsageError(_("there is no terminal to ask for the passphrase on"))
    store = _store(args, create=True)
    # A wrong or taken id is said before anyone types a passphrase twice.
    try:
        store.supervisor(supervisor_id)
    except UnknownSupervisor:
        pass
    else:
        raise SupervisorExists(supervisor=supervisor_id)
    if contact is not None and args.role == ROLE_LEADER:
        raise UsageError(_("a leader has no participants, so no contact for them"))
    supervisor = store.add_supervisor(supervisor_id, _ask_passphrase(supervisor_id), name, args.role, contact)
    if supervisor.role == ROLE_LEADER:
        _say(_("Added the leader {id}.").format(id=supervisor.id))
    else:
        _say(_("Added the supervisor {id}.").format(id=supervisor.id))
    return EXIT_OK


def cmd_supervisors_passphrase(args: argparse.Namespace) -> int:
    store = _store(args)
    supervisor = store.supervisor(args.id)  # an unknown id is said before anyone types
    store.change_passphrase(supervisor.id, _ask_passphrase(supervisor.id))
    _say(_("{id} has a new passphrase.").format(id=supervisor.id))
    return EXIT_OK


def cmd_supervisors_list(args: argparse.Namespace) -> int:
    from .storage import DamagedData

    store = _store(args)
    caseloads = store.caseloads()
    rows, damaged = [], []
    for item in store.read_supervisors():
        if isinstance(item, DamagedData):
            damaged.extend(item.files)
            continue
        count = len(caseloads.get(item.id, ()))
        role = {ROLE_SUPERVISOR: _("supervisor"), ROLE_LEADER: _("leader")}.get(item.role, item.role)
        rows.append((item.id, item.name or "-", role, _("active") if item.active else _("inactive"),
                     i18n.ngettext("{n} participant", "{n} participants", count).format(n=count)
                     if item.has_caseload else "-"))
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    for row in rows:
        _say("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])
    _warn_damaged(damaged, left_out=False)
    return EXIT_FAILED if damaged else EXIT_OK


def cmd_supervisors_deactivate(args: argparse.Namespace) -> int:
    store = _store(args)
    supervisor = store.deactivate_supervisor(args.id)
    _say(_("Deactivated the supervisor {id}; what they did stays.").format(id=supervisor.id))
    count = len(store.caseload(supervisor.id))
    if count:
        _say(i18n.ngettext("{n} participant now needs another supervisor.",
                           "{n} participants now need another supervisor.", count).format(n=count))
    return EXIT_OK


def _codes(store: Any) -> list[str]:
    return sorted(store.participant_codes())


def _why_unreadable(path: Path) -> str | None:
    """Why the data file ``path`` cannot be read at all (no permission, not a
    file), in the user's words; None when it can be read (its content is damaged)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        reason = _OS_REASONS.get(exc.errno)
        return _(reason) if reason else (exc.strerror or str(exc))
    try:
        return None if stat.S_ISREG(os.fstat(fd).st_mode) else _("it is not a file")
    finally:
        os.close(fd)


def _warn_damaged(files: Sequence[Path], left_out: bool = True) -> None:
    for path in files:
        why = _why_unreadable(path)
        if why is not None:
            if left_out:
                _fail([_("the data file {file} cannot be read ({reason}) and was left out").format(
                    file=path, reason=why)])
            else:
                _fail([_("the data file {file} cannot be read ({reason})").format(file=path, reason=why)])
        elif left_out:
            _fail([_("the data file {file} is damaged and was left out").format(file=path)])
        else:
            _fail([_("the data file {file} is damaged").format(file=path)])


def cmd_participants_list(args: argparse.Namespace) -> int:
    store = _store(args)
    for code in _codes(store):
        _say(code)
    damaged = store.damaged_files()
    _warn_damaged(damaged, left_out=False)
    return EXIT_FAILED if damaged else EXIT_OK


def _write_private(path: Path, write: Callable[[IO[str]], None]) -> None:
    from .storage.files import write_private

    write_private(path, write)


def cmd_participants_export(args: argparse.Namespace) -> int:
    from .domain.participant import normalize_code
    from .storage import export as exporter

    from .domain.access import BY_USER, EXPORT

    store = _store(args)
    code = normalize_code(args.code)
    store.history(code)  # an unknown code or a damaged file is said before a file is made
    if args.out is not None and Path(args.out).expanduser().is_dir():
        raise Failure(_("{path} is a folder; give a file name").format(path=Path(args.out).expanduser()))
    # Kept before the export is written, so the export carries it too.
    store.record_access(code, by=_user_name(), by_kind=BY_USER, what=EXPORT)
    _write_out(args.out, lambda fp: exporter.export_participant(store, code, fp))
    return EXIT_OK


def _user_name() -> str:
    """Who runs this, as the computer knows them."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no name for this uid (a container): its number
        return str(os.getuid())


def _confirm_erasure(code: str) -> None:
    """The code typed again at the terminal; Failure when it is not."""
    from .domain.participant import InvalidCode, normalize_code

    if not sys.stdin.isatty():
        raise Failure(_("there is no terminal to confirm the erasure on; give --yes to erase "
                        "without asking. Nothing was erased"))
    _say(_("This erases everything stored about {code}: readings, answers, plans and "
           "interventions. It cannot be undone.").format(code=code), sys.stderr)
    sys.stderr.write(_("Type the code again to confirm: "))
    sys.stderr.flush()
    typed = sys.stdin.readline()
    if not typed:
        raise Failure(_("the code was not typed again; nothing was erased"))
    try:
        same = normalize_code(typed) == code
    except InvalidCode:
        same = False
    if not same:
        raise Failure(_("that is not the code {code}; nothing was erased").format(code=code))


def cmd_participants_erase(args: argparse.Namespace) -> int:
    from .domain.participant import normalize_code
    from .storage import UnknownParticipant

    store = _store(args)
    code = normalize_code(args.code)
    if not store.path_of(code).exists():
        raise UnknownParticipant(code=code)  # said before anyone types the code again
    if args.by is not None:
        by, by_supervisor = _active_supervisor(store, args.by), True
    else:
        by, by_supervisor = _user_name(), False
    if not args.yes:
        _confirm_erasure(code)
    store.erase_participant(code, by=by, by_supervisor=by_supervisor)
    _say(_("Erased everything stored about {code}. A note that an erasure was made, when and by "
           "whom, is kept, with nothing about the person in it.").format(code=code))
    return EXIT_OK


def _write_out(out_name: str | None, write: Callable[[IO[str]], None]) -> None:
    """``write`` to the screen, or to the file ``out_name`` readable by its owner only."""
    if out_name is None:
        write(sys.stdout)
        sys.stdout.flush()
        return
    out = Path(out_name).expanduser()
    if out.is_dir():
        raise Failure(_("{path} is a folder; give a file name").format(path=out))
    _write_private(out, write)
    _say(_("Wrote {path} (readable by you only).").format(path=out), sys.stderr)


def _export_names() -> set[str]:
    from .storage import export as exporter

    return {*(f"{table}.csv" for table in exporter.CSV_TABLES), exporter.README}


def _export_tables(store: Any, out: Path, skip_damaged: bool) -> list[Path]:
    """Every CSV table and their README, in the folder ``out`` or the zip file
    ``out`` (a name ending in .zip), readable by you only; all or nothing."""
    import shutil

    from .storage import export as exporter
    from .storage.files import private_dir

    zipped = out.suffix.lower() == ".zip"
    if zipped and out.is_dir():
        raise Failure(_("{path} is a folder; give a file name").format(path=out))
    if not zipped and out.exists():
        if not out.is_dir():
            raise Failure(_("{path} is not a folder; give a folder, or a file name ending in "
                            ".zip").format(path=out))
        if not set(os.listdir(out)) <= _export_names():
            raise Failure(_("{path} is not empty and holds more than an earlier export; give a new "
                            "or an empty folder").format(path=out))
    # Written aside first (a private folder next to the target), then moved in.
    stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        damaged = exporter.write_csv_tables(store, stage, skip_damaged=skip_damaged, translate=_)
        if zipped:
            _write_private_zip(out, stage)
        elif not out.exists():
            os.rename(stage, out)
        else:
            private_dir(out)
            for name in _export_names():
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(out / name)
            for path in sorted(stage.iterdir()):
                os.replace(path, out / path.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return damaged


def _write_private_zip(out: Path, folder: Path) -> None:
    """A zip file (0600) of the files of ``folder``, README first; replaces ``out`` whole."""
    import zipfile

    from .storage import export as exporter

    names = sorted(p.name for p in folder.iterdir())
    names.sort(key=lambda name: name != exporter.README)

    def write(fp: IO[str]) -> None:
        with zipfile.ZipFile(fp.buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[attr-defined]
            for name in names:
                archive.write(folder / name, arcname=name)

    _write_private(out, write)


def cmd_export(args: argparse.Namespace) -> int:
    store = _store(args)
    from .storage import export as exporter

    if args.table is not None and args.format != "csv":
        raise UsageError(_("--table is for --format csv"))
    if args.format == "csv" and args.table is None:
        if args.out is None:
            raise UsageError(_("every CSV table goes to a folder or a .zip file: give it with --out, "
                               "or choose one table with --table"))
        out = Path(args.out).expanduser()
        damaged = _export_tables(store, out, args.skip_damaged)
        _say(_("Wrote {path} (readable by you only).").format(path=out), sys.stderr)
        _warn_damaged(damaged)
        return EXIT_OK
    damaged: list[Path] = []

    def write(fp: IO[str]) -> None:
        if args.format == "json":
            damaged.extend(exporter.export_json(store, fp, skip_damaged=args.skip_damaged))
        else:
            damaged.extend(exporter.export_csv(store, fp, table=args.table,
                                               skip_damaged=args.skip_damaged))

    _write_out(args.out, write)
    _warn_damaged(damaged)
    return EXIT_OK


def _report_date(text: str | None, option: str) -> Any:
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("{option} needs a date as YYYY-MM-DD, not {value!r}").format(
            option=option, value=text)) from None


def cmd_report(args: argparse.Namespace) -> int:
    first, last = _report_date(args.first, "--from"), _report_date(args.last, "--to")
    if first is not None and last is not None and first > last:
        raise UsageError(_("--from must not come after --to"))
    out = None
    if args.out is not None:
        out = Path(args.out).expanduser()
        if out.is_dir():
            raise Failure(_("{path} is a folder; give a file name").format(path=out))
    lang = args.lang or i18n.current_language()
    if lang not in i18n.languages() and lang != "en":  # English is the msgids themselves
        lang = i18n.DEFAULT_LANGUAGE
    store = _store(args)
    from .domain.reading import today
    from .logic.report import store_report
    from .render import render

    report = store_report(store, flow_for=resources.flow_library().version, first=first, last=last,
                          today=today())
    i18n.set_language(lang)
    text = render(report, args.format, lang)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        _write_private(out, lambda fp: fp.write(text))
        _say(_("Wrote {path} (readable by you only).").format(path=out), sys.stderr)
    if report.unreadable_files:
        _fail([i18n.ngettext("{n} damaged data file was left out of the report",
                             "{n} damaged data files were left out of the report",
                             report.unreadable_files).format(n=report.unreadable_files)])
    return EXIT_OK


def _shown(path: Path) -> str:
    """A path as the user would like to read it: relative when under the current folder."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def cmd_flows_check(args: argparse.Namespace) -> int:
    from .domain.flow import Flow
    from .domain.library import check_file

    across: dict[str, list[Any]] = {}
    if args.files:
        files = [Path(f) for f in args.files]
    else:
        library = resources.flow_library()
        files = library.all_files()
        if not files:
            raise Failure(_("there are no flow files in {folder}").format(folder=resources.flows_dir()))
        for problem in library.check_versions():
            across.setdefault(problem.file, []).append(problem)
    translated = {lang: i18n.translated_msgids(lang) for lang in i18n.languages()}
    failed = 0
    for path in files:
        shown = _shown(path) if not args.files else str(path)
        doc, problems = check_file(path, translated, file=shown)
        problems += across.get(str(path), [])
        if problems:
            failed += 1
            for problem in problems:
                _say(_render_problem(problem, shown))
        elif isinstance(doc, Flow):
            _say(i18n.ngettext("{file}: OK, version {version}, {n} question",
                               "{file}: OK, version {version}, {n} questions",
                               len(doc.questions)).format(
                file=shown, version=doc.version, n=len(doc.questions)))
        else:
            _say(_("{file}: OK, version {version}, a conversation guide").format(
                file=shown, version=doc.version))
    if failed:
        _say(i18n.ngettext("{n} flow file has problems.", "{n} flow files have problems.",
                           failed).format(n=failed), sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _render_problem(problem: Any, shown: str | None = None) -> str:
    if shown is not None and problem.file != shown:
        problem = type(problem)(shown, problem.key, problem.message, problem.fields)
    return problem.render(_)


def _flow_file(name: str) -> Path:
    path = Path(name)
    if name.endswith(".toml") or os.sep in name or path.exists():
        return path
    return resources.flow_path(name)


def cmd_catalogs_check(args: argparse.Namespace) -> int:
    incomplete = 0
    for lang in i18n.languages():
        translated, total = i18n.coverage(lang)
        name = i18n.language_name(lang)
        if translated == total:
            _say(_("{lang} ({name}): {n} of {total} texts translated; complete, offered").format(
                lang=lang, name=name, n=translated, total=total))
        else:
            incomplete += 1
            _say(_("{lang} ({name}): {n} of {total} texts translated; {missing} missing, "
                   "offered only with --allow-incomplete").format(
                lang=lang, name=name, n=translated, total=total, missing=total - translated))
    return 1 if incomplete else 0


def cmd_flows_diagram(args: argparse.Namespace) -> int:
    from .domain.flow import Flow
    from .domain.library import load_document

    path = _flow_file(args.flow)
    flow = load_document(path)
    if not isinstance(flow, Flow):
        raise Failure(_("{file} is a conversation guide, not a flow: it has no state machine").format(
            file=path))
    from .engine import mermaid_diagram

    _say(mermaid_diagram(flow))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Make the demo data folder (`skapa_tui.demo`), or add what it lacks."""
    from . import demo

    from .storage import Store

    folder = _data_dir(args)
    store = Store(folder, create=True)  # (it says below whether it made the folder)
    if not demo.is_demo_folder(store):
        raise Failure(_("{path} already has other participants: it is not made into a demo "
                        "folder; give another folder with --data").format(path=folder))
    fresh = not store.participant_codes() and not store.supervisors()
    demo.build(store, resources.flow_library())
    if fresh:
        _say(_("Made the demo data folder {path}.").format(path=folder))
    else:
        _say(_("The demo data folder {path} is ready.").format(path=folder))
    _say(_("Log in at the kiosk with one of these codes and PINs:"))
    for code, pin in demo.LOGINS:
        _say("  " + _("code {code}, PIN {pin}").format(code=code, pin=pin))
    for supervisor_id, passphrase, _name in demo.SUPERVISORS:
        _say(_("The supervisor {id} has the passphrase {passphrase}.").format(
            id=supervisor_id, passphrase=passphrase))
    for leader_id, passphrase, _name in demo.LEADERS:
        _say(_("The leader {id} has the passphrase {passphrase}: the organisation's report, "
               "no participants.").format(id=leader_id, passphrase=passphrase))
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    if args.out is None and sys.stdout.isatty():
        raise UsageError(_("give --out FILE, or send the output to a file or a program"))
    store = _store(args)
    history = store.history(args.code.strip().upper())
    from datetime import date

    from .domain.access import BY_USER, SUMMARY
    from .storage import StorageError
    from .storage.files import write_private
    from .summary_file import summary_bytes, summary_language

    supervisor = None
    if history.supervisor is not None:
        try:
            supervisor = store.supervisor(history.supervisor)
        except StorageError:  # gone or damaged: the page names nobody
            supervisor = None
    library = resources.flow_library()
    lang = summary_language(history, args.lang)
    data = summary_bytes(history, lambda r: library.version(r.flow, r.flow_version), lang, date.today(),
                         supervisor)
    if args.out is None:
        store.record_access(history.code, by=_user_name(), by_kind=BY_USER, what=SUMMARY)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise Failure(_("{path} is a folder; give a file name").format(path=out))
    store.record_access(history.code, by=_user_name(), by_kind=BY_USER, what=SUMMARY)  # before it leaves
    write_private(out, lambda fp: fp.write(data), binary=True)
    _say(_("Wrote {path} (readable by you only).").format(path=out), sys.stderr)
    return EXIT_OK


# -- skapa participants assign: an administrator moves a participant ------------

def add_assign_command(people_commands: Any, one_code: argparse.ArgumentParser) -> None:
    """``skapa participants assign CODE --supervisor ID`` (its parser lines)."""
    assign = people_commands.add_parser(
        "assign", parents=[one_code], help=_("give a participant to a supervisor (an administrator's command)"),
        description=_("Give a participant to another active supervisor, whoever has them now. At the "
                      "desk, a supervisor takes over only a participant who waits for a supervisor, "
                      "and a colleague's participant moves only when the colleague hands them over; "
                      "this command is for everything else. The change is recorded like every "
                      "change of supervisor: the date, from whom, to whom, and your user name on "
                      "this computer."))
    assign.add_argument("--supervisor", metavar=_("ID"), required=True,
                        help=_("the active supervisor the participant is given to"))
    assign.set_defaults(run=cmd_participants_assign)


def cmd_participants_assign(args: argparse.Namespace) -> int:
    from .domain.participant import normalize_code

    store = _store(args)
    code = normalize_code(args.code)
    before = store.history(code).supervisor  # an unknown code or a damaged file is said first
    supervisor = _active_supervisor(store, args.supervisor)
    if before == supervisor:
        _say(_("{code} is already given to the supervisor {supervisor}; nothing changed.").format(
            code=code, supervisor=supervisor))
        return EXIT_OK
    store.assign(code, supervisor, by=None, by_user=_user_name())
    if before is None:
        _say(_("{code} is now given to the supervisor {supervisor}.").format(code=code, supervisor=supervisor))
    else:
        _say(_("{code} is now given to the supervisor {supervisor} (before: {previous}). The change is "
               "recorded.").format(code=code, supervisor=supervisor, previous=before))
    return EXIT_OK


# -- skapa supervisors contact: how participants reach a supervisor --------------

def add_contact_command(supervisor_commands: Any, supervisor_id: argparse.ArgumentParser) -> None:
    """``skapa supervisors contact ID [CONTACT] [--clear]`` (its parser lines)."""
    contact = supervisor_commands.add_parser(
        "contact", parents=[supervisor_id], help=_("set how participants reach a supervisor"),
        description=_("Set the line that tells participants how to reach the supervisor (a work "
                      "phone or e-mail), printed on their summary to take home. Without CONTACT it "
                      "prints the line; --clear removes it."))
    contact.add_argument("contact", nargs="?", metavar=_("CONTACT"),
                         help=_("one short line, such as a work phone or e-mail"))
    contact.add_argument("--clear", action="store_true", help=_("remove the contact line"))
    contact.set_defaults(run=cmd_supervisors_contact)


def cmd_supervisors_contact(args: argparse.Namespace) -> int:
    from .storage.supervisors import check_contact

    if args.clear and args.contact is not None:
        raise UsageError(_("give either CONTACT or --clear, not both"))
    wanted = None if args.clear else check_contact(args.contact) if args.contact is not None else ...
    if args.contact is not None and wanted is None:
        raise UsageError(_("the contact is empty; use --clear to remove it"))
    store = _store(args)
    supervisor = store.supervisor(args.id)
    if wanted is ...:
        if supervisor.contact:
            _say(supervisor.contact)
        else:
            _say(_("{id} has no contact line.").format(id=supervisor.id), sys.stderr)
        return EXIT_OK
    if wanted is not None and not supervisor.has_caseload:
        raise UsageError(_("a leader has no participants, so no contact for them"))
    supervisor = store.set_supervisor_contact(supervisor.id, wanted)
    if wanted is None:
        _say(_("{id} has no contact line now.").format(id=supervisor.id))
    else:
        _say(_("Participants of {id} now see: {contact}").format(id=supervisor.id, contact=wanted))
    return EXIT_OK


# -- skapa serve: the kiosk and the desk in a web browser ----------------------

def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a port number is needed, not {value!r}").format(value=text)) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("a port is a number from 0 to 65535, not {value}").format(value=text))
    return port


def _sessions(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a number of sessions is needed, not {value!r}").format(
            value=text)) from None
    if count < 1:
        raise argparse.ArgumentTypeError(_("the number of sessions must be at least 1, not {value}").format(
            value=text))
    return count


def _public_url(text: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username
            or parts.password or parts.query or parts.fragment):
        raise argparse.ArgumentTypeError(_("a web address such as https://kiosk.example.org/kiosk/ is needed, "
                                           "not {value!r}").format(value=text))
    return text.strip()


def add_serve_command(commands: Any, data: argparse.ArgumentParser) -> None:
    """``skapa serve kiosk|desk``: the parser (see `cmd_serve`)."""
    from .serve import DEFAULT_MAX_SESSIONS, DEFAULT_PORTS

    serve = commands.add_parser(
        "serve", help=_("serve the kiosk or the desk in a web browser"),
        description=_("Serve the kiosk or the supervisor's desk as a web page: each browser tab gets "
                      "its own kiosk or desk, with nothing to install. It listens on this computer "
                      "only unless --host says otherwise; to serve other computers, put it behind a "
                      "web server with TLS (see the README)."))
    modes = serve.add_subparsers(dest="mode", metavar=_("WHAT"), title=_("what to serve"))
    modes.required = True
    common = argparse.ArgumentParser(add_help=False, parents=[data])
    common.add_argument("--lang", choices=i18n.languages(),
                        help=_("the language every tab starts in (default: the browser's language)"))
    common.add_argument("--host", default="127.0.0.1", metavar=_("ADDRESS"),
                        help=_("the address to listen on (default: 127.0.0.1, this computer only)"))
    common.add_argument("--public-url", type=_public_url, metavar=_("URL"),
                        help=_("the address people open, when a web server in front of skapa passes "
                               "the pages on (for instance https://skapa.example.org/kiosk/)"))
    common.add_argument("--max-sessions", type=_sessions, default=DEFAULT_MAX_SESSIONS, metavar=_("N"),
                        help=_("the most tabs open at once; one more waits (default: {n})").format(
                            n=DEFAULT_MAX_SESSIONS))
    kiosk = modes.add_parser(
        "kiosk", parents=[common], help=_("serve the kiosk"),
        description=_("Serve the kiosk: each tab is a kiosk where a participant logs in and answers. "
                      "Run the browser in its kiosk mode on a shared screen."))
    kiosk.add_argument("--port", type=_port, default=DEFAULT_PORTS["kiosk"], metavar=_("PORT"),
                       help=_("the port to listen on (default: {n})").format(n=DEFAULT_PORTS["kiosk"]))
    kiosk.add_argument("--idle-seconds", type=_seconds, default=120.0, metavar=_("SECONDS"),
                       help=_("seconds without a key press before the countdown starts "
                              "(default: {n})").format(n=120))
    kiosk.add_argument("--countdown-seconds", type=_seconds, default=30.0, metavar=_("SECONDS"),
                       help=_("seconds the countdown lasts before the kiosk returns to the start "
                              "screen (default: {n})").format(n=30))
    desk = modes.add_parser(
        "desk", parents=[common], help=_("serve the supervisor's desk"),
        description=_("Serve the supervisor's desk: each tab signs in on its own. Anyone who can open "
                      "the page can try to sign in, so outside this computer put it behind a web "
                      "server with TLS and its own access control."))
    desk.add_argument("--port", type=_port, default=DEFAULT_PORTS["desk"], metavar=_("PORT"),
                      help=_("the port to listen on (default: {n})").format(n=DEFAULT_PORTS["desk"]))
    desk.add_argument("--lock-minutes", type=_minutes, default=10.0, metavar=_("MINUTES"),
                      help=_("minutes without a key press before the desk locks "
                             "(default: {n})").format(n=10))
    serve.set_defaults(run=cmd_serve)


def _is_loopback(host: str) -> bool:
    import ipaddress

    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the kiosk or the desk until stopped (ctrl+c, SIGTERM, SIGHUP): exit 0."""
    data_dir = _data_dir(args)
    _store(args)  # a folder that cannot be used is said before anything listens
    library = resources.flow_library()
    for flow in ("participant",) if args.mode == "kiosk" else ("participant", "supervisor"):
        library.current(flow)
    if args.mode == "desk":
        library.guide()
    from .serve.server import Settings, serve

    settings = Settings(
        mode=args.mode, data_dir=data_dir, lang=args.lang, host=args.host, port=args.port,
        public_url=args.public_url, max_sessions=args.max_sessions,
        idle_seconds=getattr(args, "idle_seconds", None),
        countdown_seconds=getattr(args, "countdown_seconds", None),
        lock_minutes=getattr(args, "lock_minutes", None),
        debug=bool(os.environ.get("SKAPA_DEBUG")))
    what = _("the kiosk") if args.mode == "kiosk" else _("the supervisor's desk")

    def ready(url: str) -> None:
        _say(_("Serving {what} at {url}").format(what=what, url=url))
        if _is_loopback(args.host):
            _say(_("Only this computer can reach it (--host {host}).").format(host=args.host))
        else:
            _say(_("Other computers can reach it (--host {host}). Put it behind a web server with TLS "
                   "and, for the desk, its own access control: see the README.").format(host=args.host))
        if args.public_url:
            _say(_("People open it at {url}").format(url=args.public_url))
        _say(_("Stop it with ctrl+c."))

    try:
        ended = serve(settings, say=_say, ready=ready)
    except OSError as exc:
        raise Failure(_("could not listen on {host} port {port}: {reason}").format(
            host=args.host, port=args.port, reason=describe(exc)[0])) from None
    _say(i18n.ngettext("Stopped; {n} open tab was closed.", "Stopped; {n} open tabs were closed.",
                       ended).format(n=ended))
    return EXIT_OK


# -- errors and main --------------------------------------------------------

_OS_REASONS = {
    errno.ENOENT: N_("it does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EEXIST: N_("it already exists"),
}


def describe(exc: BaseException) -> list[str]:
    """What went wrong, in the user's language, one line each."""
    from .domain.flow import FlowError

    if isinstance(exc, FlowError):
        return [_render_problem(p) for p in exc.problems]
    message, fields = getattr(exc, "message", None), getattr(exc, "fields", None)
    if isinstance(message, str) and isinstance(fields, dict):
        try:
            return [_(message).format(**fields)]
        except (KeyError, IndexError, ValueError):
            return [message]
    if isinstance(exc, OSError):
        reason = _OS_REASONS.get(exc.errno)
        reason = _(reason) if reason else (exc.strerror or str(exc))
        name = exc.filename if exc.filename is not None else ""
        return [_("{path}: {reason}").format(path=name, reason=reason) if name else reason]
    return [str(exc) or type(exc).__name__]


def _fail(lines: Sequence[str]) -> None:
    for line in lines:
        print(f"{PROG}: {line}", file=sys.stderr, flush=True)


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
            from .domain.flow import FlowError

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
