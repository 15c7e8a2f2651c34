"""A text field whose editing keys act in the order they were typed.

Textual hands a focused Input its printable keys at once, but a key the
Input binds (Backspace, Delete, the arrows, Home, End) first bubbles up
through the screen to the app, which then runs the Input's action: keys
typed fast behind it overtake it. A person's "x", Backspace, "NOPE-5", read
in one go by a busy kiosk, left "xNOPE-" in the code field. `Field` runs its
own bindings as it reads the key, in its own queue, behind the letters
before it and ahead of those after it.

Every text field in the apps is a `Field` (tests/unit/test_fields.py).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class Field(Input):
    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # (not Input._on_key after this: the key is done)
                return
