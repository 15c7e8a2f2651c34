"""Where the flows and the catalogs are: inside the installed package, or in
the source checkout (top-level ``flows/`` and ``locales/``). ``SKAPA_LOCALES``
names another catalogs folder (one with a language being added, say), and
``SKAPA_FLOWS`` another flows folder (one with a new question, version or
indicator being tried out, with its ``indicators.toml``, its guide and its
``versions/``)."""

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
    import os

    other = os.environ.get("SKAPA_FLOWS")
    return Path(other) if other else _first("flows")


def locales_dir() -> Path:
    import os

    other = os.environ.get("SKAPA_LOCALES")
    return Path(other) if other else _first("locales")


def flow_path(flow_id: str) -> Path:
    return flows_dir() / f"{flow_id}.toml"


def flow_library() -> FlowLibrary:
    """The flows in use, their kept versions, the indicators and the conversation
    guide (each folder's read once, cached)."""
    return library_at(flows_dir())


@cache
def library_at(folder: Path) -> FlowLibrary:
    """The flow library of ``folder`` (one for each folder, cached)."""
    from .domain.library import FlowLibrary

    return FlowLibrary(folder)


def _indicators_in_use():
    return flow_library().indicators()


# The domain's indicators come from the flows folder in use (its own layer never reaches up here).
from .domain import indicators as _indicators  # noqa: E402

_indicators.use(_indicators_in_use)
