"""Key descriptions in the Footer, in the app's language.

A screen's ``BINDINGS`` carry English msgids as descriptions (Textual reads
them once, when the class is made); `translate_bindings` gives the screen a
copy of them said in the current language and has the Footer show them again.
A screen calls it from its ``relabel()``, so a language switch reaches the
Footer too.
"""

from __future__ import annotations

from dataclasses import replace

from ...i18n import _


def translate_bindings(node) -> None:
    """Say ``node``'s own bindings' descriptions in the current language."""
    merged = type(node)._merged_bindings  # the class's bindings, descriptions as msgids
    if merged is None:
        return
    node._bindings.key_to_bindings = {
        key: [replace(b, description=_(b.description)) if b.description else b for b in bindings]
        for key, bindings in merged.key_to_bindings.items()
    }
    node.refresh_bindings()
