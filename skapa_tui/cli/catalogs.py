"""``skapa catalogs check``: how much of each language's catalog is
translated, and so which languages are offered.
"""

from __future__ import annotations

import argparse

from .. import i18n, resources
from ..i18n import _
from .common import Commands, _say, command, command_group


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """The ``catalogs`` command and its action."""
    catalog_commands = command_group(
        commands, "catalogs", help=_("check the language catalogs"),
        description=_("Languages are kept as gettext catalogs in {folder}.").format(
            folder=resources.locales_dir()))
    command(catalog_commands, "check", cmd_catalogs_check, help=_("say how much of each catalog is translated"),
            description=_("Print, for each language, how many of skapa's texts its catalog translates. "
                          "A language is offered at the kiosk and the desk only when every text is "
                          "translated (or with --allow-incomplete). Exit 1 if a catalog is not complete."))


def cmd_catalogs_check(args: argparse.Namespace) -> int:
    incomplete = 0
    for lang in i18n.languages():
        translated, total = i18n.coverage(lang)
        name = i18n.language_name(lang)
        if translated == total:
            _say(_("{lang} ({name}): {n} of {total} texts translated; complete, offered").format(
                lang=lang, name=name, n=translated, total=total))
        else:
            incomplete += 1
            _say(_("{lang} ({name}): {n} of {total} texts translated; {missing} missing, "
                   "offered only with --allow-incomplete").format(
                lang=lang, name=name, n=translated, total=total, missing=total - translated))
    return 1 if incomplete else 0
