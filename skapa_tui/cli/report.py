"""``skapa report``: the organisation's progression report, in any of
`skapa_tui.render.FORMATS`, counted by `skapa_tui.logic.report` and written by
`skapa_tui.render`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .. import i18n, resources
from ..i18n import _
from ..render import FORMATS
from .common import EXIT_OK, Commands, Failure, UsageError, _fail, _say, _store, _write_private, add_out, command


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``report`` command."""
    report = command(
        commands, "report", cmd_report, parents=[data], help=_("the organisation's progression report"),
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
    report.add_argument("--format", choices=FORMATS, default="text",
                        help=_("the format (default: text)"))
    add_out(report)


def _report_date(text: str | None, option: str) -> date | None:
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
    from ..domain.reading import today
    from ..logic.report import store_report
    from ..render import render

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
