"""One line under a form that says what went wrong (or right), in the app's language.

The message is kept as a msgid and its fields and said again on every
language change (``relabel``). ``error(exc)`` shows a storage or flow
error's own message (``exc.message``, ``exc.fields``): never a traceback.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from ...i18n import _


def explain(exc: BaseException) -> str:
    """An error's message in the current language."""
    message, fields = getattr(exc, "message", None), getattr(exc, "fields", None)
    if isinstance(message, str):
        try:
            return _(message).format(**(fields or {}))
        except (KeyError, IndexError, ValueError):
            return _(message)
    return str(exc)


class MessageLine(Static):
    DEFAULT_CSS = """
    MessageLine {
        min-height: 1;
        color: $warning;
    }
    MessageLine.-info {
        color: $success;
    }
    """

    def __init__(self, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self._say: tuple[str, dict[str, Any]] | None = None
        self._error: BaseException | None = None

    @property
    def msgid(self) -> str | None:
        return self._say[0] if self._say else None

    def say(self, msgid: str | None, info: bool = False, **fields: Any) -> None:
        self._say, self._error = ((msgid, fields) if msgid else None), None
        self.set_class(info, "-info")
        self.relabel()

    def error(self, exc: BaseException) -> None:
        self._say, self._error = None, exc
        self.set_class(False, "-info")
        self.relabel()

    def relabel(self) -> None:
        if self._error is not None:
            self.update(explain(self._error))
        elif self._say is not None:
            msgid, fields = self._say
            self.update(_(msgid).format(**fields) if fields else _(msgid))
        else:
            self.update("")
