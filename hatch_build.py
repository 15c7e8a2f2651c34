"""Build hook: compile the gettext catalogs into the wheel.

``locales/<lang>/LC_MESSAGES/skapa.po`` becomes
``skapa_tui/locales/<lang>/LC_MESSAGES/skapa.mo`` inside the wheel, so an
installed skapa works from any folder; the template ``skapa.pot`` goes with
them (a language is offered only when its catalog translates all of it). Editable installs use the checkout's
``locales/`` directly and need nothing here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._tmp = tempfile.TemporaryDirectory()
        out_root = Path(self._tmp.name)
        for po in sorted(Path(self.root, "locales").glob("*/LC_MESSAGES/skapa.po")):
            lang = po.parent.parent.name
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=lang, domain="skapa")
            mo = out_root / lang / "skapa.mo"
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as fp:
                write_mo(fp, catalog, use_fuzzy=False)
            build_data["force_include"][str(mo)] = f"skapa_tui/locales/{lang}/LC_MESSAGES/skapa.mo"
        # The template: a language is offered only when its catalog translates all of it.
        build_data["force_include"][str(Path(self.root, "locales", "skapa.pot"))] = "skapa_tui/locales/skapa.pot"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
