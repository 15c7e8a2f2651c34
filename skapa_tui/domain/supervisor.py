"""Supervisors: the rules for an id, a name and a passphrase.

A supervisor *id* is 2-32 characters of lower-case letters a-z, digits and
``.``, ``_``, ``-``, starting with a letter (``anna.l``, ``s-0042``); it is
normalized by stripping space and lower-casing. The optional *name* is at
most 80 characters. A *passphrase* has at least 10 characters and is never
stored in clear. A supervisor is ``active`` until deactivated; their history
stays. Errors are `ParticipantRuleError`s (a ValueError with a msgid).
Imports neither textual nor rich.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from .indicators import N_
from .participant import ParticipantRuleError

ID_MIN, ID_MAX = 2, 32
NAME_MAX = 80
CONTACT_MAX = 80
"""How to reach the supervisor (a work phone or e-mail), printed on the
participant's summary: one short line, never more."""
PASSPHRASE_MIN, PASSPHRASE_MAX = 10, 200
_ID = re.compile(r"[a-z][a-z0-9._-]*")
ROLE_SUPERVISOR = "supervisor"
ROLE_LEADER = "leader"
ACCOUNT_ROLES = (ROLE_SUPERVISOR, ROLE_LEADER)


class InvalidSupervisorId(ParticipantRuleError):
    """The supervisor id does not follow the rules."""


class InvalidPassphrase(ParticipantRuleError):
    """The passphrase does not follow the rules (it is never in the error)."""


@dataclass(frozen=True)
class Supervisor:
    id: str
    name: str | None
    active: bool
    created_at: datetime
    role: str = ROLE_SUPERVISOR
    contact: str | None = None
    """How a participant reaches them (optional; one short line)."""

    @property
    def has_caseload(self) -> bool:
        """Participants can be given to this account (a leader's cannot)."""
        return self.role == ROLE_SUPERVISOR

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


def normalize_id(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidSupervisorId(N_("A supervisor id is needed."))
    value = unicodedata.normalize("NFC", text).strip().lower()
    if not (ID_MIN <= len(value) <= ID_MAX and _ID.fullmatch(value)):
        raise InvalidSupervisorId(
            N_("A supervisor id has {min} to {max} characters: a-z, digits, '.', '_' and '-', "
               "and starts with a letter."), min=ID_MIN, max=ID_MAX)
    return value


def check_name(name: str | None) -> str | None:
    if name is None or not name.strip():
        return None
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        raise InvalidSupervisorId(N_("A name has at most {max} characters."), max=NAME_MAX)
    return name


def check_contact(contact: str | None) -> str | None:
    """The contact line with its spaces tidied; None when empty."""
    if contact is None or not contact.strip():
        return None
    contact = " ".join(contact.split())
    if len(contact) > CONTACT_MAX or any(not ch.isprintable() for ch in contact):
        raise InvalidSupervisorId(N_("A contact has at most {max} characters, on one line."), max=CONTACT_MAX)
    return contact


def check_passphrase(passphrase: str) -> str:
    if not isinstance(passphrase, str) or len(passphrase) < PASSPHRASE_MIN:
        raise InvalidPassphrase(N_("A passphrase has at least {min} characters."), min=PASSPHRASE_MIN)
    if len(passphrase) > PASSPHRASE_MAX:
        raise InvalidPassphrase(N_("A passphrase has at most {max} characters."), max=PASSPHRASE_MAX)
    return passphrase
