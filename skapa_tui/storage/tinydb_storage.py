"""The TinyDB storage of a participant file: whole-file JSON, written atomically.

Its own module so that TinyDB is imported when the first participant file is
opened (at the first login), not when the kiosk starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ..domain.indicators import N_
from .errors import DamagedData, DataFolderError
from .files import atomic_write, dump_json, parse_json, read_data_file


def _tables(data: Any) -> bool:
    """True when ``data`` is TinyDB's: an object of tables, objects of documents."""
    if not isinstance(data, dict):
        return False
    for table in data.values():
        if not isinstance(table, dict):
            return False
        for doc in table.values():  # plain loops: every file of a report passes here
            if not isinstance(doc, dict):
                return False
    return True


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file JSON, written atomically, never over a damaged file.

    Use it only while holding the file's lock (``locked``) when writing. It
    does not create the file on opening; a missing file reads as empty.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = path if isinstance(path, Path) else Path(path)  # not parsed again
        self._read_ok = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        self._read_ok = False
        raw = read_data_file(self.path)  # a file that cannot be read is DamagedData
        if raw is None:
            self._read_ok = True
            return None
        data = parse_json(self.path, raw)
        if not _tables(data):
            raise DamagedData(self.path, "not a set of TinyDB tables")
        self._read_ok = True
        return data

    def read_bytes(self) -> bytes | None:
        """The file's content as it is (None when there is none), for the
        caller to check (``documents``) before any `write`; a file that cannot
        be read is DamagedData."""
        self._read_ok = False
        raw = read_data_file(self.path)
        self._read_ok = True
        return raw

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self._read_ok:
            # TinyDB always reads before it writes; a failed read must never
            # be followed by a write that would replace what could not be read.
            raise DamagedData(self.path, "not read before writing")
        try:
            payload = dump_json(data)
        except (TypeError, ValueError) as exc:
            raise DataFolderError(
                N_("The data could not be stored: {file}: {reason}"), file=str(self.path), reason=str(exc)
            ) from exc
        atomic_write(self.path, payload)

    def close(self) -> None:
        pass
