"""Where the flows and the catalogs are: inside the installed package, or in
the source checkout (top-level ``flows/`` and ``locales/``). ``SKAPA_LOCALES``
names another catalogs folder (one with a language being added, say)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .domain.library import FlowLibrary

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _first(name: str) -> Path:
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _CHECKOUT / name


def flows_dir() -> Path:
    return _first("flows")


def locales_dir() -> Path:
    import os

    other = os.environ.get("SKAPA_LOCALES")
    return Path(other) if other else _first("locales")


def flow_path(flow_id: str) -> Path:
    return flows_dir() / f"{flow_id}.toml"


@cache
def flow_library() -> FlowLibrary:
    """The shipped flows, their kept versions and the conversation guide (read once, cached)."""
    from .domain.library import FlowLibrary

    return FlowLibrary(flows_dir())
