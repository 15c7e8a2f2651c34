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
    LoginResting,
    ParticipantExists,
    SessionCompleted,
    StorageError,
    UnknownParticipant,
    UnknownSession,
)
from .store import Store


def __getattr__(name: str):
    # The exports (csv, json writers) load only when asked for: the kiosk
    # never exports, and its start-up time counts.
    if name in ("export_csv", "export_json"):
        from . import export

        return getattr(export, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ERRORS",
    "DamagedData",
    "DataFolderError",
    "InvalidCode",
    "InvalidPin",
    "InvalidValue",
    "LoginResting",
    "ParticipantExists",
    "SessionCompleted",
    "StorageError",
    "Store",
    "UnknownParticipant",
    "UnknownSession",
    "export_csv",
    "export_json",
]
