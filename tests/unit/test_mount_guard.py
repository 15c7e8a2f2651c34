"""Every on_mount in the apps' screens and widgets stands behind
`unless_taken_away` (skapa_tui/ui/app_base.py): a screen popped in the moment
between its push and its Mount still gets Mount while its children go, and an
unguarded handler that says its texts into them ends the app (the kiosk's
random walk found it twice; tests/functional/test_kiosk_crash.py pushes and
pops each of the kiosk's screens at once)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.widget import Widget

import skapa_tui.ui


def ui_classes() -> list[type]:
    found = []
    for module_info in pkgutil.walk_packages(skapa_tui.ui.__path__, "skapa_tui.ui."):
        module = importlib.import_module(module_info.name)
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if cls.__module__ == module.__name__ and issubclass(cls, Widget)]
    return found


def test_every_on_mount_in_the_apps_screens_and_widgets_is_guarded():
    with_mount = [cls for cls in ui_classes() if "on_mount" in vars(cls)]
    assert len(with_mount) >= 20  # the screens and widgets are all found
    unguarded = [cls.__qualname__ for cls in with_mount
                 if not getattr(vars(cls)["on_mount"], "unless_taken_away", False)]
    assert unguarded == []


def test_no_mount_handler_under_another_name():
    """`@on(events.Mount)` or `_on_mount` would slip past the guard's test."""
    for cls in ui_classes():
        assert "_on_mount" not in vars(cls), cls.__qualname__
        for name, member in vars(cls).items():
            handlers = getattr(member, "_textual_on", [])
            assert not any(message.__name__ == "Mount" for message, _ in handlers), f"{cls.__qualname__}.{name}"
