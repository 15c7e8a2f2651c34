"""Wrong logins, counted per typed code or id, known or not.

A login must not tell anyone which codes exist. So wrong tries are counted
for whatever code (or supervisor id) was typed, whether a participant (or
supervisor) has it or not, and a code rests after ``LOGIN_TRIES`` wrong
ones in a row in exactly the same way: an unknown code rests like a known
one. The count is kept in the data folder, for every kiosk and desk on it::

    <root>/
      logins.json   {"format": 1, "tries": {<name>: {"failed": n, "last": <time>,
                                                     ["resting_until": <time>]}}}
      logins.lock   flock held for each read-modify-write of it

``<name>`` is HMAC-SHA256 of the folder's key and ``"login:<kind>:<typed>"``
(kind ``participant`` or ``supervisor``; the typed code or id, normalized as
far as it can be): the file names no code in clear, and not even the files'
names (those are HMACs of other texts). An entry goes when the right secret
is given, when a new one is set (`forget`: a new PIN ends a rest at once),
and by itself a day after its last wrong try when it does not rest; so the
file stays small.

The cost of a wrong try is the same for a known and an unknown code (one
scrypt computation, one write of this file), and `Store.check_login` pads
every refused login to the same time (``LOGIN_FLOOR``) on top, so that the
time a refusal takes says nothing either. Only the standard library.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import reading as clock
from .files import atomic_write, dump_json, load_json, locked

if TYPE_CHECKING:
    from .folder import Folder

LOGIN_TRIES = 5
"""Wrong PINs (or passphrases) in a row before the code (or supervisor) rests."""
LOGIN_REST = timedelta(seconds=60)
LOGIN_FORGET = timedelta(days=1)
"""A count with no rest is dropped this long after its last wrong try."""
LOGIN_FLOOR = 0.2
"""Seconds every refused login takes at least, whatever the reason (see `pad`)."""
TRIES_FILE = "logins.json"
TRIES_LOCK = "logins.lock"
FORMAT = 1
PARTICIPANT, SUPERVISOR = "participant", "supervisor"


def pad(started: float, floor: float | None = None) -> None:
    """Sleep until ``floor`` seconds (default `LOGIN_FLOOR`) after ``started``
    (a `time.monotonic` time): a refusal takes the same time whatever made it
    a refusal."""
    left = started + (LOGIN_FLOOR if floor is None else floor) - time.monotonic()
    if left > 0:
        time.sleep(left)


class LoginTries:
    def __init__(self, folder: Folder):
        self.folder = folder
        self.path: Path = folder.root / TRIES_FILE
        self.lock: Path = folder.root / TRIES_LOCK

    def name(self, kind: str, typed: str) -> str:
        return self.folder.name(f"login:{kind}:{typed}")

    def _read(self) -> dict[str, dict]:
        """The counts (empty when the file is missing, or not one we can read:
        a count is a help against guessing, never a reason to refuse a login)."""
        try:
            doc = load_json(self.path)
        except Exception:  # noqa: BLE001 - DamagedData or an unreadable file: start the counts again
            return {}
        tries = doc.get("tries") if isinstance(doc, dict) else None
        return {k: v for k, v in tries.items() if isinstance(v, dict)} if isinstance(tries, dict) else {}

    def _write(self, tries: dict[str, dict]) -> None:
        atomic_write(self.path, dump_json({"format": FORMAT, "tries": tries}))

    @staticmethod
    def _until(entry: dict) -> datetime | None:
        try:
            until = datetime.fromisoformat(entry["resting_until"])
        except (KeyError, TypeError, ValueError):
            return None
        return until if clock.now() < until else None

    def resting_until(self, name: str) -> datetime | None:
        """When the rest of ``name`` ends, if it rests now (read without a lock)."""
        entry = self._read().get(name)
        return self._until(entry) if entry else None

    def failed(self, name: str) -> datetime | None:
        """Count a wrong try of ``name``; when it now rests, until when."""
        now = clock.now()
        with locked(self.lock):
            tries = self._fresh(self._read(), now)
            entry = tries.get(name, {})
            if (until := self._until(entry)) is not None:  # another kiosk made it rest meanwhile
                return until
            failed = int(entry.get("failed", 0)) + 1 if isinstance(entry.get("failed"), int) else 1
            entry = {"failed": failed, "last": now.isoformat()}
            until = None
            if failed >= LOGIN_TRIES:
                until = now + LOGIN_REST
                entry = {"failed": 0, "last": now.isoformat(), "resting_until": until.isoformat()}
            tries[name] = entry
            self._write(tries)
        return until

    def forget(self, name: str) -> None:
        """The right secret, or a new one: the count and any rest of ``name`` go."""
        if name not in self._read():
            return  # the usual case: nothing to write
        with locked(self.lock):
            tries = self._read()
            if tries.pop(name, None) is not None:
                self._write(self._fresh(tries, clock.now()))

    @classmethod
    def _fresh(cls, tries: dict[str, dict], now: datetime) -> dict[str, dict]:
        """The counts still worth keeping: resting, or a wrong try within `LOGIN_FORGET`."""
        kept = {}
        for name, entry in tries.items():
            try:
                last = datetime.fromisoformat(entry.get("last", ""))
            except (TypeError, ValueError):
                continue
            if cls._until(entry) is not None or now - last < LOGIN_FORGET:
                kept[name] = entry
        return kept
