"""The conversation: the program's messages and the person's replies, scrolling."""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

Text = Callable[[], str]
"""A text that is worked out again when the language changes."""


class ChatBubble(Static):
    """One message. ``role`` is ``program``, ``help`` or ``participant``."""

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
    ChatRow.-participant {
        align-horizontal: right;
    }
    ChatRow.-help {
        margin-top: -1;
    }
    """


class ChatLog(VerticalScroll):
    """A scrolling conversation that always shows its newest message."""

    DEFAULT_CSS = """
    ChatLog {
        height: 1fr;
        padding-top: 1;
        scrollbar-size-vertical: 1;
    }
    """

    can_focus = False

    def say(self, text: Text, role: str = "program") -> ChatBubble:
        bubble = ChatBubble(text, role)
        self.mount(ChatRow(bubble, classes=f"-{role}"))
        self.call_after_refresh(self.scroll_end, animate=False)
        return bubble

    def clear(self) -> None:
        self.remove_children()

    @property
    def bubbles(self) -> list[ChatBubble]:
        return list(self.query(ChatBubble))
