"""What every ``skapa`` command shares: the exit codes and the two errors
that end a command, the data folder's `Store`, writing out privately,
saying things, the damaged files, and `describe` (an error in the user's
language, one line each).

Imports neither textual nor rich, and nothing heavy at the top: each
command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias

from .. import config
from ..i18n import N_, _

if TYPE_CHECKING:
    from ..domain.flow import Problem
    from ..storage import Store

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The ``commands`` of a parser (``add_subparsers``), where each command group adds its own."""

PROG = "skapa"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """The command line asks for something that cannot be done: exit 2."""


class Failure(Exception):
    """The command could not do its work; the message says why: exit 1."""


# -- the parsers' shared parts ------------------------------------------------

def command(commands: Commands, name: str, run: Callable[[argparse.Namespace], int], *, help: str,
            description: str, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """The parser of a command (or of an action of a command group) that ``run`` runs."""
    parser = commands.add_parser(name, parents=list(parents), help=help, description=description)
    parser.set_defaults(run=run)
    return parser


def command_group(commands: Commands, name: str, *, help: str, description: str, dest: str = "action",
                  metavar: str | None = None, title: str | None = None) -> Commands:
    """A command of actions (``skapa participants add|...``): the commands of its actions,
    one of which must be given (``metavar`` ACTION, ``title`` actions by default)."""
    group = commands.add_parser(name, help=help, description=description)
    actions = group.add_subparsers(dest=dest, metavar=metavar or _("ACTION"), title=title or _("actions"))
    actions.required = True
    return actions


def naming(data: argparse.ArgumentParser, name: str, *, metavar: str, help: str) -> argparse.ArgumentParser:
    """A parent parser of the actions about one person: ``--data`` and ``name``, their code or id."""
    parent = argparse.ArgumentParser(add_help=False, parents=[data])
    parent.add_argument(name, metavar=metavar, help=help)
    return parent


def add_out(parser: argparse.ArgumentParser) -> None:
    """``--out FILE``: where a command's text goes, if not to the screen (see `_write_out`)."""
    parser.add_argument("--out", metavar=_("FILE"),
                        help=_("the file to write, readable by you only (default: the screen); a file "
                               "already there is replaced whole, and a FIFO or a device is "
                               "written into, never replaced"))


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


# -- the data folder, writing and saying --------------------------------------

def _data_dir(args: argparse.Namespace) -> Path:
    """The data folder (`config.data_dir`); an empty --data or SKAPA_DATA, or a
    ``~user`` this computer does not know, is a wrong command line (exit 2)."""
    try:
        return config.data_dir(getattr(args, "data", None))
    except config.DataDirError as exc:
        raise UsageError(_(exc.message).format(**exc.fields)) from None


def _store(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The data folder's Store. Only a command that adds something has
    ``create``: it may make a new data folder (and says so); every other
    command refuses a folder that does not exist or was never set up."""
    from ..storage import Store
    from ..storage.folder import META_FILE

    folder = _data_dir(args)
    new = create and not (folder / META_FILE).exists()
    store = Store(folder, create=create)
    if new:
        _say(_("Made a new data folder {path}, readable by you only.").format(path=folder), sys.stderr)
    return store


def _say(message: str, file: TextIO | None = None) -> None:
    print(message, file=file or sys.stdout, flush=True)


def _write_private(path: Path, write: Callable[[TextIO], object]) -> None:
    from ..storage.files import write_private

    write_private(path, write)


def _write_out(out_name: str | None, write: Callable[[TextIO], object]) -> None:
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


# -- what went wrong ---------------------------------------------------------

def _os_reason(exc: OSError) -> str:
    """Why ``exc`` happened, in the user's words (`storage.files.os_reason`)."""
    from ..storage.files import os_reason

    return os_reason(exc, _)


def describe(exc: BaseException) -> list[str]:
    """What went wrong, in the user's language, one line each."""
    from ..domain.flow import FlowError

    if isinstance(exc, FlowError):
        return [_render_problem(p) for p in exc.problems]
    message, fields = getattr(exc, "message", None), getattr(exc, "fields", None)
    if isinstance(message, str) and isinstance(fields, dict):
        try:
            return [_(message).format(**fields)]
        except (KeyError, IndexError, ValueError):
            return [message]
    if isinstance(exc, OSError):
        reason = _os_reason(exc)
        name = exc.filename if exc.filename is not None else ""
        return [_("{path}: {reason}").format(path=name, reason=reason) if name else reason]
    return [str(exc) or type(exc).__name__]


def _render_problem(problem: Problem, shown: str | None = None) -> str:
    if shown is not None and problem.file != shown:
        problem = type(problem)(shown, problem.key, problem.message, problem.fields)
    return problem.render(_)


def _fail(lines: Sequence[str]) -> None:
    for line in lines:
        print(f"{PROG}: {line}", file=sys.stderr, flush=True)


def _why_unreadable(path: Path) -> str | None:
    """Why the data file ``path`` cannot be read at all (no permission, not a
    file), in the user's words; None when it can be read (its content is damaged)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _os_reason(exc)
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
