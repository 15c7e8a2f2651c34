"""No skapa screen, widget or app reuses a name Textual keeps for itself.

The kiosk froze for good when the review kept "dismissed once" in
``self._closed``: Textual's own flag of a closed message queue. Set from a
key binding (which runs in the app's task), it made the screen drop the
message that removes it, and the app waited for that removal for ever.

So every class of ours that is a Textual message pump (app, screen, widget)
is read: any attribute it sets (``self.x = ...``, or ``x = ...`` in the
class body) that a Textual class it builds on already has, as an attribute
or a method, is a clash. Methods we override on purpose (Textual's hooks and
the few private ones we must) are listed below, with the reason. A typed
getter of Textual's own (``app = getters.app(SkapaApp)``, see
`skapa_tui.ui.app_base`) is Textual's way to type its attribute, not a clash;
``self.app = ...`` still is.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re

from textual.message_pump import MessagePump

import skapa_tui.ui

SELF_SET = re.compile(r"\bself\.([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)")
CLASS_SET = re.compile(r"^    ([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)", re.M)

DELIBERATE = {
    # Textual's documented class settings, meant to be set by subclasses.
    "BINDINGS", "DEFAULT_CSS", "CSS_PATH", "TITLE", "SUB_TITLE", "AUTO_FOCUS", "COMPONENT_CLASSES",
    "ENABLE_COMMAND_PALETTE", "ALLOW_SELECT", "FOCUS_ON_CLICK", "can_focus", "can_focus_children",
    "BORDER_TITLE", "ALLOW_MAXIMIZE", "ESCAPE_TO_MINIMIZE", "INLINE_PADDING", "HORIZONTAL_BREAKPOINTS",
    "DEFAULT_CLASSES", "NOTIFICATION_TIMEOUT", "SCOPED_CSS",
    # Public attributes Textual gives for us to set.
    "border_title", "border_subtitle", "tooltip", "disabled", "display", "visible", "cursor_type",
    "title", "sub_title", "error_console", "label", "value", "password", "placeholder",
}
"""Textual's settings and public attributes that a subclass sets as Textual means it to."""


@functools.cache
def _textual_sets(base: type) -> frozenset[str]:
    """The attributes a Textual class sets on itself (read once: its source is long)."""
    try:
        return frozenset(SELF_SET.findall(inspect.getsource(base)))
    except (OSError, TypeError):
        return frozenset()


def textual_names(cls: type) -> set[str]:
    """Every attribute a Textual class in ``cls``'s ancestry has or sets on itself."""
    names: set[str] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("textual"):
            continue
        names.update(vars(base))
        names.update(_textual_sets(base))
    return names


def typed_getter(value: object) -> bool:
    """A getter from `textual.getters` (such as ``getters.app(SkapaApp)``): Textual's
    own attribute, typed, and found as Textual finds it."""
    return type(value).__module__ == "textual.getters"


def own_names(cls: type) -> set[str]:
    """The attributes skapa's own classes in ``cls``'s ancestry set (not methods,
    nor Textual's typed getters)."""
    names: set[str] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("skapa_tui"):
            continue
        source = inspect.getsource(base)
        names.update(SELF_SET.findall(source))
        names.update(name for name in CLASS_SET.findall(source)
                     if not callable(vars(base).get(name)) and not typed_getter(vars(base).get(name)))
    return names


def ui_classes() -> list[type]:
    found: dict[str, type] = {}
    for module in pkgutil.walk_packages(skapa_tui.ui.__path__, "skapa_tui.ui."):
        loaded = importlib.import_module(module.name)
        for _name, value in vars(loaded).items():
            if (inspect.isclass(value) and issubclass(value, MessagePump)
                    and value.__module__ == loaded.__name__):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def test_the_ui_has_classes_to_read():
    assert len(ui_classes()) > 20


def test_no_ui_class_sets_an_attribute_textual_has():
    clashes = []
    for cls in ui_classes():
        for name in sorted((own_names(cls) & textual_names(cls)) - DELIBERATE):
            if name.startswith("__"):
                continue
            clashes.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert not clashes, "these names are Textual's own; choose another:\n" + "\n".join(clashes)


def test_the_check_finds_the_clash_that_froze_the_kiosk():
    from textual.screen import Screen

    class Review(Screen):
        def close(self) -> None:
            self._closed = True

    Review.__module__ = "skapa_tui.ui.example"
    source_of = inspect.getsource

    def source(obj):
        return "    def close(self):\n        self._closed = True\n" if obj is Review else source_of(obj)

    inspect.getsource = source
    try:
        assert "_closed" in own_names(Review) & textual_names(Review)
    finally:
        inspect.getsource = source_of


def test_a_typed_app_is_no_clash_and_setting_the_app_is():
    from textual import getters
    from textual.screen import Screen

    from skapa_tui.ui.app_base import SkapaApp

    class Typed(Screen):
        app = getters.app(SkapaApp)

    class Setting(Screen):
        def adopt(self, app) -> None:
            self.app = app

    sources = {Typed: "    app = getters.app(SkapaApp)\n",
               Setting: "    def adopt(self, app) -> None:\n        self.app = app\n"}
    source_of = inspect.getsource
    inspect.getsource = lambda obj: sources.get(obj) or source_of(obj)
    try:
        for cls in sources:
            cls.__module__ = "skapa_tui.ui.example"
        assert "app" not in own_names(Typed)
        assert "app" in own_names(Setting) & textual_names(Setting)
    finally:
        inspect.getsource = source_of
