"""``skapa summary``: a participant's one-page summary as a PDF
(`skapa_tui.render.summary_file`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import i18n, resources
from ..i18n import _
from .common import EXIT_OK, Commands, Failure, UsageError, _say, _store, command


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``summary`` command."""
    summary = command(
        commands, "summary", cmd_summary, parents=[data], help=_("write a participant's one-page summary as a PDF"),
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


def cmd_summary(args: argparse.Namespace) -> int:
    if args.out is None and sys.stdout.isatty():
        raise UsageError(_("give --out FILE, or send the output to a file or a program"))
    store = _store(args)
    history = store.history(args.code.strip().upper())
    from datetime import date

    from ..domain.access import BY_USER, SUMMARY
    from ..render.summary_file import summary_bytes, summary_language
    from ..storage import StorageError
    from ..storage.files import write_private
    from .participants import _user_name

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
