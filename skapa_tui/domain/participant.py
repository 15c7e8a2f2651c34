"""Participant codes and PINs: the rules for what a person types at the kiosk.

A *code* identifies a participant without naming them. It is normalized by
stripping surrounding space, composing accents (NFC) and upper-casing; the
normalized code has 2-20 characters of letters A-Z and ÅÄÖÆØ, digits and
'-', and starts and ends with a letter or digit (a leading '-' would make a
spreadsheet read an exported code as a formula).

A *PIN* is 4-8 digits 0-9. It is never stored in clear (see
``skapa_tui.storage.pins``).

Errors are English msgids with ``{named}`` fields so the UI and CLI can say
them in the user's language: catch ``ParticipantRuleError`` (a ValueError)
and use ``.message`` and ``.fields``. The fields never hold the PIN.
This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from .indicators import N_

CODE_MIN, CODE_MAX = 2, 20
PIN_MIN, PIN_MAX = 4, 8

_CODE_CHARS = "A-Z0-9ÅÄÖÆØ"
_CODE = re.compile(rf"[{_CODE_CHARS}](?:[{_CODE_CHARS}-]*[{_CODE_CHARS}])?")
_PIN = re.compile(r"[0-9]+")


class ParticipantRuleError(ValueError):
    """A code or PIN breaks the rules; ``message`` is a msgid, ``fields`` its values."""

    def __init__(self, message: str, **fields: Any):
        self.message = message
        self.fields = fields
        super().__init__(message.format(**fields))

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return gettext(self.message).format(**self.fields)


class InvalidCode(ParticipantRuleError):
    """The participant code does not follow the rules."""


class InvalidPin(ParticipantRuleError):
    """The PIN does not follow the rules (the PIN itself is never in the error)."""


def normalize_code(code: str) -> str:
    """The code in its stored form; raises InvalidCode when it breaks the rules."""
    if not isinstance(code, str):
        raise InvalidCode(N_("A code is needed."))
    text = unicodedata.normalize("NFC", code).strip().upper()
    if not text:
        raise InvalidCode(N_("A code is needed."))
    if not CODE_MIN <= len(text) <= CODE_MAX:
        raise InvalidCode(
            N_("A code has {min} to {max} characters."), min=CODE_MIN, max=CODE_MAX
        )
    if not _CODE.fullmatch(text):
        raise InvalidCode(
            N_("A code has only letters, digits and '-', and starts and ends with a letter or digit.")
        )
    return text


def check_pin(pin: str) -> str:
    """The PIN as typed (surrounding space removed); raises InvalidPin when it breaks the rules."""
    if not isinstance(pin, str):
        raise InvalidPin(N_("A PIN is needed."))
    text = pin.strip()
    if not text:
        raise InvalidPin(N_("A PIN is needed."))
    if not (_PIN.fullmatch(text) and PIN_MIN <= len(text) <= PIN_MAX):
        raise InvalidPin(
            N_("A PIN has {min} to {max} digits."), min=PIN_MIN, max=PIN_MAX
        )
    return text
