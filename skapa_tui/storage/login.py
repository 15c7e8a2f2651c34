"""Checking a PIN or a passphrase, the same for a participant and a supervisor.

Every try costs one scrypt computation, whether the code (or id) exists or
not, is well-formed or rests. Wrong tries are counted per *typed* code
(`skapa_tui.storage.tries`): after ``LOGIN_TRIES`` wrong ones in a row the
typed code rests for ``LOGIN_REST``, whether anyone has it or not, and a try
while it rests raises ``LoginResting`` (even with the right secret). So the
rest says nothing about which codes exist. The right secret ends the count
and writes nothing when there was none. The store pads every refusal to the
same time (`tries.pad`).

Files of an earlier skapa kept ``failed_logins`` and ``resting_until`` in the
participant's (or supervisor's) own document; they are read as before and
dropped (`forget`) when the document is next changed for a new secret.
"""

from __future__ import annotations

from .errors import LoginResting
from .tries import LOGIN_REST, LOGIN_TRIES, LoginTries

__all__ = ["LOGIN_REST", "LOGIN_TRIES", "check", "forget"]


def marks(doc: dict) -> list[str]:
    """The older login bookkeeping a document holds (normally none)."""
    return [key for key in ("failed_logins", "resting_until") if key in doc]


def forget(doc: dict) -> None:
    """Drop the older login bookkeeping of a document (a new secret is set)."""
    for key in marks(doc):
        del doc[key]


def check(secret: str, stored: str | None, tries: LoginTries, name: str) -> bool:
    """Whether ``secret`` matches the ``stored`` hash (None: there is no such
    code, or it may not log in); the typed code's count is ``name`` in ``tries``.

    Raises LoginResting while that count rests."""
    from . import pins  # (hashlib: at the first login, not at start-up)

    resting = tries.resting_until(name)
    if resting is not None:
        pins.verify_secret(secret, pins.DUMMY_HASH)  # the same cost as a try
        raise LoginResting(resting)
    right = pins.verify_secret(secret, stored if stored is not None else pins.DUMMY_HASH)
    if right and stored is not None:
        tries.forget(name)
        return True
    tries.failed(name)
    return False
