"""The conversation: the program's messages and the person's replies, scrolling.

The newest message is always in view: after each message, after a
language change (texts get longer or shorter) and after a resize; but a
question said with ``anchor=True`` stays in view from its first line, with
what hangs under it (its help, last time's answer) below it, even where the
space is too small for all of it. While the conversation is shorter than
its space it sits at the bottom, right above the answers, with no gap
between them. A question's help and the line about
last time's answer hang under the question, with no blank line between;
every other message has one blank line before the next.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

Text = Callable[[], str]
"""A text that is worked out again when the language changes."""

ATTACHED = ("help", "recall")
"""Roles whose message hangs under the one before it."""


class ChatBubble(Static):
    """One message. ``role`` is ``program``, ``help``, ``recall`` or ``participant``."""

    DEFAULT_CSS = """
    ChatBubble {
        width: auto;
        max-width: 90%;
        padding: 0 1;
    }
    ChatBubble.-program {
        background: $primary-muted;
        color: $text;
        border-left: outer $primary;
    }
    ChatBubble.-help {
        color: $text-muted;
        padding: 0 1 0 2;
    }
    ChatBubble.-recall {
        color: $text-muted;
        text-style: italic;
        padding: 0 1 0 2;
    }
    ChatBubble.-participant {
        background: $success-muted;
        color: $text;
        border-right: outer $success;
    }
    """

    def __init__(self, text: Text, role: str = "program"):
        super().__init__(text(), markup=False, classes=f"-{role}")
        self.text = text
        self.role = role

    def relabel(self) -> None:
        self.update(self.text())


class ChatRow(Horizontal):
    DEFAULT_CSS = """
    ChatRow {
        height: auto;
        margin: 0 1 1 1;
    }
    ChatRow.-joined {
        margin: 0 1 0 1;
    }
    ChatRow.-participant {
        align-horizontal: right;
    }
    """


class ChatLog(VerticalScroll):
    """A scrolling conversation that always shows its newest message."""

    DEFAULT_CSS = """
    ChatLog {
        height: 1fr;
        padding-top: 1;
        scrollbar-size-vertical: 1;
        align-vertical: bottom;
    }
    """

    can_focus = False

    anchored: ChatRow | None = None
    """The row shown from its top (a question), if any."""

    def say(self, text: Text, role: str = "program", *, anchor: bool = False) -> ChatBubble:
        bubble = ChatBubble(text, role)
        if role in ATTACHED:
            rows = self.query_children(ChatRow)
            if rows:
                rows.last().add_class("-joined")
        row = ChatRow(bubble, classes=f"-{role}")
        self.mount(row)
        if anchor:
            self.anchored = row
        elif role not in ATTACHED:
            self.anchored = None
        self.keep_end()
        return bubble

    def keep_end(self) -> None:
        """Bring the newest message into view once the layout is done (the
        anchored question from its first line, when there is one)."""
        self.call_after_refresh(self._to_end)

    def _to_end(self) -> None:
        if self.anchored is not None and self.anchored.is_attached:
            top = self.anchored.virtual_region.y - 1
            self.scroll_to(y=max(0, min(top, self.max_scroll_y)), animate=False, immediate=True)
        else:
            self.scroll_end(animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.keep_end()

    def clear(self) -> None:
        self.remove_children()

    @property
    def bubbles(self) -> list[ChatBubble]:
        return list(self.query(ChatBubble))
