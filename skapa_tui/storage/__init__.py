"""Storage: one private, locked, atomically written TinyDB file per participant.

See ``store`` for the data folder's layout and guarantees, ``export`` for
the export formats, ``pins`` for how PINs are kept (never in clear).
Imports neither textual nor rich.
"""

from .errors import (
    ERRORS,
    DamagedData,
    DataFolderError,
    InvalidCode,
    InvalidPin,
    InvalidValue,
    ParticipantExists,
    SessionCompleted,
    StorageError,
    UnknownParticipant,
    UnknownSession,
)
from .export import export_csv, export_json
from .store import Store

__all__ = [
    "ERRORS",
    "DamagedData",
    "DataFolderError",
    "InvalidCode",
    "InvalidPin",
    "InvalidValue",
    "ParticipantExists",
    "SessionCompleted",
    "StorageError",
    "Store",
    "UnknownParticipant",
    "UnknownSession",
    "export_csv",
    "export_json",
]
