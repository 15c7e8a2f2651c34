"""Where skapa keeps its data.

The data folder holds the participants (codes, hashed PINs) and their
answers. It is found in this order, first match wins:

1. ``--data DIR`` on the command line;
2. the environment variable ``SKAPA_DATA`` (when set and not empty);
3. the per-user data folder of the operating system, from
   ``platformdirs.user_data_dir("skapa")``: on Linux
   ``~/.local/share/skapa`` (or ``$XDG_DATA_HOME/skapa``), on macOS
   ``~/Library/Application Support/skapa``, on Windows
   ``%LOCALAPPDATA%\\skapa``.

A leading ``~`` is expanded and a relative path is taken from the current
folder. Nothing is created here: the storage creates the folder (mode 0700)
and its files (0600) when it first writes. Imports neither textual nor rich.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_DATA = "SKAPA_DATA"
APP_NAME = "skapa"


def default_data_dir() -> Path:
    """The operating system's per-user data folder for skapa."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def data_dir(given: str | os.PathLike[str] | None = None,
             environ: Mapping[str, str] | None = None) -> Path:
    """The data folder: ``given`` (``--data``), else ``$SKAPA_DATA``, else
    the per-user default; absolute, with ``~`` expanded."""
    environ = os.environ if environ is None else environ
    if given is not None and str(given) != "":
        chosen = Path(given)
    elif environ.get(ENV_DATA, "").strip():
        chosen = Path(environ[ENV_DATA].strip())
    else:
        chosen = default_data_dir()
    return Path(os.path.abspath(chosen.expanduser()))
