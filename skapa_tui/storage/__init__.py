"""Storage: one private, locked, atomically written TinyDB file per participant
and per supervisor.

See ``folder`` for the data folder's layout and guarantees, ``store`` for
the API, ``export`` for the export formats, ``pins`` for how PINs and
passphrases are kept (never in clear).
Imports neither textual nor rich.
"""

from . import errors
from .errors import *  # noqa: F403 - the errors are the storage's interface too
from .store import Store


def __getattr__(name: str):
    # The exports (csv, json writers) load only when asked for: the kiosk
    # never exports, and its start-up time counts.
    if name in ("export_csv", "export_json"):
        from . import export

        return getattr(export, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [*errors.__all__, "Store", "export_csv", "export_json"]  # noqa: F405 - the exports come from __getattr__
