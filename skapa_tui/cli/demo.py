"""``skapa demo``: a data folder to try skapa out (`skapa_tui.tools.demo`)."""

from __future__ import annotations

import argparse

from .. import resources
from ..i18n import _
from .common import EXIT_OK, Commands, Failure, _data_dir, _say, command


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``demo`` command."""
    demo = command(
        commands, "demo", cmd_demo, help=_("make a data folder to try skapa out"),
        description=_("Make a demo data folder: twenty participants with a year of readings by "
                      "both sides, plans and supervisor changes, two supervisors, demo "
                      "(passphrase demo-passphrase) and demo2 (passphrase demo2-passphrase), and "
                      "a leader who sees the report, leader (passphrase leader-passphrase). "
                      "Log in at the kiosk as DEMO1 (PIN 1234) or DEMO2 (PIN 2345). Adds only "
                      "what is missing, and refuses a folder that has other participants or "
                      "supervisors."))
    demo.add_argument("--data", metavar=_("DIR"), required=True,
                      help=_("the demo data folder (never your real one)"))


def cmd_demo(args: argparse.Namespace) -> int:
    """Make the demo data folder (`skapa_tui.tools.demo`), or add what it lacks."""
    from ..storage import Store
    from ..tools import demo

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
