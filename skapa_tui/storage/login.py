"""Login rests, the same for a participant's PIN and a supervisor's passphrase.

The document of a code (or supervisor) holds ``failed_logins`` (wrong
tries in a row) and ``resting_until`` only while there were wrong tries.
After ``LOGIN_TRIES`` wrong ones in a row it rests for ``LOGIN_REST``,
whichever kiosk or process the tries came from: a try while it rests
raises ``LoginResting`` (even with the right secret) and costs the same one
scrypt computation. The right secret removes both marks; a right secret
with no marks writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from ..domain import reading as clock
from .errors import LoginResting

LOGIN_TRIES = 5
"""Wrong PINs (or passphrases) in a row before the code (or supervisor) rests."""
LOGIN_REST = timedelta(seconds=60)
__all__ = ["LOGIN_REST", "LOGIN_TRIES", "check", "forget", "resting_until"]


def marks(doc: dict) -> list[str]:
    """The login bookkeeping a document holds now (normally none)."""
    return [key for key in ("failed_logins", "resting_until") if key in doc]


def forget(doc: dict) -> None:
    """The right secret (or a new one) ends the wrong tries and any rest."""
    for key in marks(doc):
        del doc[key]


def resting_until(doc: dict) -> datetime | None:
    """When the rest ends, if it rests now (the document was checked on reading)."""
    until = doc.get("resting_until")
    if until is None:
        return None
    until = datetime.fromisoformat(until)
    return until if clock.now() < until else None


def check(secret: str, doc: dict, field: str,
          change: Callable[[Callable[[dict], bool]], bool]) -> bool:
    """Whether ``secret`` matches ``doc[field]`` (``doc`` read without a lock).

    ``change(update)`` must run ``update`` on the document read again under
    the file's lock and write it when ``update`` returns (not when it raises).
    """
    from . import pins  # (hashlib: at the first login, not at start-up)

    resting = resting_until(doc)
    if resting is not None:
        pins.verify_secret(secret, pins.DUMMY_HASH)  # the same cost as a try
        raise LoginResting(resting)
    right = pins.verify_secret(secret, doc[field])
    if right and not marks(doc):
        return True  # the usual case: nothing to write

    def update(fresh: dict) -> bool:
        if right:
            forget(fresh)
            return True
        if (rest := resting_until(fresh)) is not None:  # another kiosk made it rest meanwhile
            raise LoginResting(rest)
        failed = fresh.get("failed_logins", 0) + 1
        if failed < LOGIN_TRIES:
            fresh["failed_logins"] = failed
        else:
            fresh["failed_logins"] = 0
            fresh["resting_until"] = (clock.now() + LOGIN_REST).isoformat()
        return False

    return change(update)
