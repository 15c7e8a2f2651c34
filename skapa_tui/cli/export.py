"""``skapa export``: every participant's data as JSON or CSV tables (a folder,
a .zip file or one table), for the organisation's own analysis.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..i18n import _
from .common import EXIT_OK, Commands, Failure, UsageError, _say, _store, _warn_damaged, _write_out, command

if TYPE_CHECKING:
    from ..storage import Store

class ExportTables:
    """The tables ``skapa export --table`` takes: those `skapa_tui.storage.export.TABLES`
    declares, looked up only when argparse checks a ``--table`` or writes the help
    (so the other commands, the kiosk's start above all, never load the export)."""

    @staticmethod
    def _names() -> list[str]:
        from ..storage.export import TABLES

        return list(TABLES)

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``export`` command."""
    export = command(
        commands, "export", cmd_export, parents=[data], help=_("export all answers as JSON or CSV"),
        description=_("Write every participant's readings, answers, supervisors and plans as "
                      "JSON, or as CSV tables: all of them, with a README of their columns, in a "
                      "folder or a .zip file, or one table with --table. PINs and passphrases "
                      "are never exported."))
    export.add_argument("--format", choices=("json", "csv"), required=True,
                        help=_("the file format"))
    export.add_argument("--table", choices=ExportTables(), metavar=_("TABLE"),
                        # argparse puts the tables in place of %(choices)s
                        help=_("write only this CSV table: %(choices)s"))
    export.add_argument("--out", metavar=_("FILE"),
                        help=_("the file to write, readable by you only (default: the screen); a "
                               "file already there is replaced whole, and a FIFO or a device is "
                               "written into, never replaced. For every CSV table: a new or empty "
                               "folder, or a file name ending in .zip"))
    export.add_argument("--skip-damaged", action="store_true",
                        help=_("export every participant that can be read and name the damaged "
                               "files (default: export nothing while a file is damaged)"))


def _export_names() -> set[str]:
    from ..storage import export as exporter

    return {*(f"{table}.csv" for table in exporter.CSV_TABLES), exporter.README}


def _export_tables(store: Store, out: Path, skip_damaged: bool) -> list[Path]:
    """Every CSV table and their README, in the folder ``out`` or the zip file
    ``out`` (a name ending in .zip), readable by you only; all or nothing."""
    import shutil

    from ..storage import export as exporter
    from ..storage.files import private_dir

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

    from ..storage import export as exporter
    from ..storage.files import write_private

    names = sorted(p.name for p in folder.iterdir())
    names.sort(key=lambda name: name != exporter.README)

    def write(fp: BinaryIO) -> None:
        with zipfile.ZipFile(fp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                archive.write(folder / name, arcname=name)

    write_private(out, write, binary=True)


def cmd_export(args: argparse.Namespace) -> int:
    store = _store(args)
    from ..storage import export as exporter

    if args.table is not None and args.format != "csv":
        raise UsageError(_("--table is for --format csv"))
    if args.format == "csv" and args.table is None:
        if args.out is None:
            raise UsageError(_("every CSV table goes to a folder or a .zip file: give it with --out, "
                               "or choose one table with --table"))
        out = Path(args.out).expanduser()
        left_out = _export_tables(store, out, args.skip_damaged)
        _say(_("Wrote {path} (readable by you only).").format(path=out), sys.stderr)
        _warn_damaged(left_out)
        return EXIT_OK
    damaged: list[Path] = []

    def write(fp: TextIO) -> None:
        if args.format == "json":
            damaged.extend(exporter.export_json(store, fp, skip_damaged=args.skip_damaged))
        else:
            damaged.extend(exporter.export_csv(store, fp, table=args.table,
                                               skip_damaged=args.skip_damaged))

    _write_out(args.out, write)
    _warn_damaged(damaged)
    return EXIT_OK
