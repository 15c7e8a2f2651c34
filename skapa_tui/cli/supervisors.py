"""``skapa supervisors add|passphrase|list|deactivate|contact``: the
supervisors' and leaders' accounts, and the line that tells participants how
to reach their supervisor.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from .. import i18n
from ..domain.supervisor import ACCOUNT_ROLES, ROLE_LEADER, ROLE_SUPERVISOR
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
    command,
    command_group,
    naming,
)


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``supervisors`` command and its actions."""
    supervisor_commands = command_group(
        commands, "supervisors", help=_("add, list or deactivate supervisors, or give one a new passphrase"),
        description=_("Supervisors log in with an id and a passphrase and have participants "
                      "given to them."))
    supervisor_id = naming(data, "id", metavar=_("ID"), help=_("the supervisor's id"))
    add_supervisor = command(
        supervisor_commands, "add", cmd_supervisors_add, parents=[supervisor_id], help=_("add a supervisor"),
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
    command(supervisor_commands, "passphrase", cmd_supervisors_passphrase, parents=[supervisor_id],
            help=_("give a supervisor a new passphrase"),
            description=_("Give a supervisor a new passphrase, asked for twice without showing it. "
                          "It also ends the wait after too many wrong passphrases."))
    command(supervisor_commands, "list", cmd_supervisors_list, parents=[data], help=_("list the supervisors"),
            description=_("List the supervisors: id, name, active or not, and how many participants "
                          "they have."))
    command(supervisor_commands, "deactivate", cmd_supervisors_deactivate, parents=[supervisor_id],
            help=_("deactivate a supervisor"),
            description=_("Deactivate a supervisor: they can no longer log in; what they did stays. "
                          "Their participants then need another supervisor."))
    add_contact_command(supervisor_commands, supervisor_id)


def _ask_passphrase(supervisor_id: str) -> str:
    from ..domain.supervisor import check_passphrase

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
    from ..storage import SupervisorExists, UnknownSupervisor
    from ..storage.supervisors import check_contact, check_name, normalize_id

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
    from ..storage import DamagedData

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


# -- skapa supervisors contact: how participants reach a supervisor --------------

def add_contact_command(supervisor_commands: Commands, supervisor_id: argparse.ArgumentParser) -> None:
    """``skapa supervisors contact ID [CONTACT] [--clear]`` (its parser lines)."""
    contact = command(
        supervisor_commands, "contact", cmd_supervisors_contact, parents=[supervisor_id],
        help=_("set how participants reach a supervisor"),
        description=_("Set the line that tells participants how to reach the supervisor (a work "
                      "phone or e-mail), printed on their summary to take home. Without CONTACT it "
                      "prints the line; --clear removes it."))
    contact.add_argument("contact", nargs="?", metavar=_("CONTACT"),
                         help=_("one short line, such as a work phone or e-mail"))
    contact.add_argument("--clear", action="store_true", help=_("remove the contact line"))


def cmd_supervisors_contact(args: argparse.Namespace) -> int:
    from ..storage.supervisors import check_contact

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
