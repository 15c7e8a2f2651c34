"""``skapa participants add|pin|list|export|assign|erase``: a participant's
code and PIN, everything stored about one participant, and an
administrator's move of a participant to another supervisor.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    Commands,
    Failure,
    UsageError,
    _say,
    _store,
    _warn_damaged,
    _write_out,
    add_out,
    command,
    command_group,
    naming,
)

if TYPE_CHECKING:
    from ..storage import Store


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``participants`` command and its actions."""
    people_commands = command_group(
        commands, "participants", help=_("add, list, export or erase participants, or give one a new PIN"),
        description=_("Add a participant (a code and a PIN), give one a new PIN, list the codes, "
                      "or export or erase everything stored about one participant."))
    one_code = naming(data, "code", metavar=_("CODE"), help=_("the participant's code"))
    code_and_pin = argparse.ArgumentParser(add_help=False, parents=[one_code])
    code_and_pin.add_argument("--pin", metavar=_("PIN"),
                              help=_("the PIN (else asked for; a PIN on the command line can be "
                                     "seen by others on this computer)"))
    add = command(
        people_commands, "add", cmd_participants_add, parents=[code_and_pin], help=_("add a participant"),
        description=_("Add a participant with a code and a PIN. Without --pin the PIN is "
                      "asked for twice, without showing it. The PIN is kept only as a hash."))
    add.add_argument("--supervisor", metavar=_("ID"),
                     help=_("the supervisor the participant is given to (default: none yet)"))
    command(people_commands, "pin", cmd_participants_pin, parents=[code_and_pin],
            help=_("give a participant a new PIN"),
            description=_("Give a participant a new PIN, for instance when it is forgotten. It also "
                          "ends the wait after too many wrong PINs. Without --pin the PIN is asked "
                          "for twice, without showing it."))
    command(people_commands, "list", cmd_participants_list, parents=[data], help=_("list the participants' codes"),
            description=_("List the participants' codes, one a line."))
    their_data = command(
        people_commands, "export", cmd_participants_export, parents=[one_code],
        help=_("write everything stored about one participant as JSON"),
        description=_("Write everything stored about one participant as JSON, for them to see or "
                      "to take elsewhere: their readings and answers, corrections, supervisors, "
                      "interventions, plans, the supervisors' meeting notes, and who opened their "
                      "data and when (this export too). The PIN is never exported."))
    add_out(their_data)
    add_assign_command(people_commands, one_code)
    erase = command(
        people_commands, "erase", cmd_participants_erase, parents=[one_code],
        help=_("erase everything stored about one participant"),
        description=_("Remove everything stored about one participant from the data folder, for "
                      "good. The code is asked for again to confirm. What stays is a note that an "
                      "erasure was made, when and by whom, with nothing about the person in it."))
    erase.add_argument("--yes", action="store_true",
                       help=_("erase without asking for the code again (for scripts)"))
    erase.add_argument("--by", metavar=_("ID"),
                       help=_("the supervisor who erases (default: your user name on this computer)"))


def _ask_pin(code: str) -> str:
    from ..domain.participant import check_pin

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


def _active_supervisor(store: Store, supervisor_id: str) -> str:
    from ..storage import InactiveSupervisor
    from ..storage.supervisors import LeaderHasNoCaseload

    supervisor = store.supervisor(supervisor_id)
    if not supervisor.active:
        raise InactiveSupervisor(supervisor=supervisor.id)
    if not supervisor.has_caseload:
        raise LeaderHasNoCaseload(supervisor=supervisor.id)
    return supervisor.id


def cmd_participants_add(args: argparse.Namespace) -> int:
    from ..domain.participant import check_pin, normalize_code

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
        from ..storage import ParticipantExists

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
    from ..domain.participant import normalize_code
    from ..storage import UnknownParticipant

    store = _store(args)
    code = normalize_code(args.code)
    if code not in store.participant_codes():
        raise UnknownParticipant(code=code)  # said before anyone types a PIN twice
    pin = args.pin if args.pin is not None else _ask_pin(code)
    store.change_pin(code, pin)
    _say(_("{code} has a new PIN.").format(code=code))
    return EXIT_OK


def _codes(store: Store) -> list[str]:
    return sorted(store.participant_codes())


def cmd_participants_list(args: argparse.Namespace) -> int:
    store = _store(args)
    for code in _codes(store):
        _say(code)
    damaged = store.damaged_files()
    _warn_damaged(damaged, left_out=False)
    return EXIT_FAILED if damaged else EXIT_OK


def cmd_participants_export(args: argparse.Namespace) -> int:
    from ..domain.access import BY_USER, EXPORT
    from ..domain.participant import normalize_code
    from ..storage import export as exporter

    store = _store(args)
    code = normalize_code(args.code)
    store.history(code)  # an unknown code or a damaged file is said before a file is made
    if args.out is not None and Path(args.out).expanduser().is_dir():
        raise Failure(_("{path} is a folder; give a file name").format(path=Path(args.out).expanduser()))
    # Kept before the export is written, so the export carries it too.
    store.record_access(code, by=_user_name(), by_kind=BY_USER, what=EXPORT)
    _write_out(args.out, lambda fp: exporter.export_participant(store, code, fp))
    return EXIT_OK


# -- skapa participants assign: an administrator moves a participant ------------

def add_assign_command(people_commands: Commands, one_code: argparse.ArgumentParser) -> None:
    """``skapa participants assign CODE --supervisor ID`` (its parser lines)."""
    assign = command(
        people_commands, "assign", cmd_participants_assign, parents=[one_code],
        help=_("give a participant to a supervisor (an administrator's command)"),
        description=_("Give a participant to another active supervisor, whoever has them now. At the "
                      "desk, a supervisor takes over only a participant who waits for a supervisor, "
                      "and a colleague's participant moves only when the colleague hands them over; "
                      "this command is for everything else. The change is recorded like every "
                      "change of supervisor: the date, from whom, to whom, and your user name on "
                      "this computer."))
    assign.add_argument("--supervisor", metavar=_("ID"), required=True,
                        help=_("the active supervisor the participant is given to"))


def cmd_participants_assign(args: argparse.Namespace) -> int:
    from ..domain.participant import normalize_code

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


def _user_name() -> str:
    """Who runs this, as the computer knows them."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no name for this uid (a container): its number
        return str(os.getuid())


def _confirm_erasure(code: str) -> None:
    """The code typed again at the terminal; Failure when it is not."""
    from ..domain.participant import InvalidCode, normalize_code

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
    from ..domain.participant import normalize_code
    from ..storage import UnknownParticipant

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
