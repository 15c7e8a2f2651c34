"""Where skapa keeps its data.

The data folder holds the participants (codes, hashed PINs) and their
answers. It is found in this order, first match wins:

1. ``--data DIR`` on the command line;
2. the environment variable ``SKAPA_DATA`` (when set);
3. the per-user data folder of the operating system, from
   ``platformdirs.user_data_dir("skapa")``: on Linux
   ``~/.local/share/skapa`` (or ``$XDG_DATA_HOME/skapa``), on macOS
   ``~/Library/Application Support/skapa``, on Windows
   ``%LOCALAPPDATA%\\skapa``.

A leading ``~`` is expanded and a relative path is taken from the current
folder. An empty ``--data`` or ``SKAPA_DATA`` (or one of spaces only) is a
mistake, not a wish for the default folder: it raises `DataDirError`, and
so does a ``~user`` for a user this computer does not know. Nothing is
created here: the storage creates the folder (mode 0700, and any parent it
has to make) and its files (0600) when it first writes. Imports neither
textual nor rich.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .domain.indicators import N_

ENV_DATA = "SKAPA_DATA"
APP_NAME = "skapa"


class DataDirError(ValueError):
    """The data folder asked for cannot be a folder: ``message`` (a msgid) and ``fields`` say why."""

    def __init__(self, message: str, **fields: str):
        super().__init__(message.format(**fields))
        self.message = message
        self.fields = fields


def default_data_dir() -> Path:
    """The operating system's per-user data folder for skapa."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def data_dir(given: str | os.PathLike[str] | None = None,
             environ: Mapping[str, str] | None = None) -> Path:
    """The data folder: ``given`` (``--data``), else ``$SKAPA_DATA``, else
    the per-user default; absolute, with ``~`` expanded."""
    environ = os.environ if environ is None else environ
    if given is not None:
        if not str(given).strip():
            raise DataDirError(N_("--data needs a folder; it was given empty"))
        chosen = Path(given)
    elif ENV_DATA in environ:
        if not environ[ENV_DATA].strip():
            raise DataDirError(N_("{env} is set but empty: set it to a folder, or unset it"), env=ENV_DATA)
        chosen = Path(environ[ENV_DATA].strip())
    else:
        chosen = default_data_dir()
    try:
        expanded = chosen.expanduser()
    except RuntimeError:  # "~someone" who has no home folder here
        raise DataDirError(N_("{path}: this computer has no user {user}, so there is no home folder ~{user}"),
                           path=str(chosen), user=str(chosen).split(os.sep, 1)[0].lstrip("~")) from None
    return Path(os.path.abspath(expanded))
