"""The participant's summary as a file: one way to make and save it, for
``skapa summary`` and for the supervisor's "Summary to take home".

- `summary_language` picks the page's language: the one asked for, else the
  language of the participant's latest own reading, else the current one
  (else the default), always one that has a catalog.
- `summary_bytes` builds the page (`logic.summary.build_summary`) and lays
  it out as a PDF (`summary_pdf.summary_pdf`).
- `write_summary` builds it and writes it with the storage's
  `files.write_private` (0600, all or nothing).
- `default_summary_path` is the file offered by default: in the user's home
  folder, named by the date only (never the participant's code: a file name
  is seen by anyone who lists the folder).
- `save_problem` says in the user's words why a file could not be written.

Imports neither textual nor rich.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .. import i18n
from ..domain.flow import Flow
from ..domain.history import History
from ..domain.indicators import PARTICIPANT
from ..domain.reading import Reading
from ..domain.supervisor import Supervisor
from ..storage.files import os_reason, write_private

DEFAULT_NAME = "skapa-summary-{date}.pdf"
"""The default file name; ``{date}`` is the ISO date (no participant code)."""

def summary_language(history: History, wanted: str | None = None) -> str:
    """The page's language: ``wanted``, else the participant's latest own
    reading's, else the current language, else the default."""
    available = i18n.offered_languages()
    if wanted is not None:
        return wanted
    latest = history.latest(PARTICIPANT)
    if latest is not None and latest.lang in available:
        return latest.lang
    lang = i18n.current_language()
    return lang if lang in available else i18n.DEFAULT_LANGUAGE


def summary_bytes(history: History, flow_for: Callable[[Reading], Flow], lang: str, today: date,
                  supervisor: Supervisor | None = None) -> bytes:
    """The summary of ``history`` in ``lang``, as PDF bytes; ``supervisor``:
    the participant's supervisor, named on the page with how to reach them."""
    from ..logic.summary import build_summary
    from .summary_pdf import summary_pdf

    return summary_pdf(build_summary(history, flow_for, lang, today, supervisor=supervisor))


def write_summary(path: Path, history: History, flow_for: Callable[[Reading], Flow], lang: str,
                  today: date, supervisor: Supervisor | None = None) -> Path:
    """Make the summary and write it to ``path`` (0600); the path written.

    OSError when the file cannot be written (`save_problem` says why)."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    data = summary_bytes(history, flow_for, lang, today, supervisor)
    write_private(path, lambda fp: fp.write(data), binary=True)
    return path


def default_summary_path(today: date, home: Path | None = None) -> Path:
    """``~/skapa-summary-<date>.pdf``."""
    return (home or Path.home()) / DEFAULT_NAME.format(date=today.isoformat())


def save_problem(exc: OSError) -> str:
    """Why a file could not be written, translated ("permission denied")."""
    return os_reason(exc, i18n._)
