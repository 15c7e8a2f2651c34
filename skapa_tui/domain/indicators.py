"""The indicators: what the forms rate, the report counts and the charts show.

They are data, kept in ``flows/indicators.toml`` beside the flows (the BIP
model's eleven; a new one is added there, with no change to the code),
declared once by `IndicatorsFile` and `Indicator` (``skapa flows format
indicators`` prints the reference).

Each form rates every indicator asked of its role with exactly one *scale*
question (`domain.flow`): an indicator's rating is one value 1-5 per
reading, which is what the report counts, the chart draws and the
conversation compares. The conversation guide has open questions for each.

`parse_indicators` checks a parsed file and raises `FlowError` with every
problem; `FlowLibrary.indicators` reads a flows folder's file. The functions
`all_indicators`, `by_id`, `asked_of` and `rated_by_both` give the
indicators of the flows folder in use (`skapa_tui.resources.flows_dir`, which
``SKAPA_FLOWS`` can point elsewhere): call them when needed, never keep
their result in a module's constant, so that a flows folder with another
indicator is taken as it is.

This module imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from msgspec import Meta

from .formats import (
    FOUND,
    Changelog,
    ChangelogEntry,
    Id,
    Problems,
    Table,
    Text,
    Version,
    check_changelog,
    check_unique,
    decode,
    describe,
    says,
)
from .formats import N_ as N_

PARTICIPANT = "participant"
SUPERVISOR = "supervisor"
ROLES = (PARTICIPANT, SUPERVISOR)

SCALE = (1, 2, 3, 4, 5)
"""The anchored scale: 1 lowest, 5 highest; every step has its own anchor."""

FILE_NAME = "indicators.toml"
"""The indicators' file in a flows folder."""
INDICATORS_ID = "indicators"
FORMAT = 1
SHORT_MAX = 20
"""The most characters an indicator's (or a question's) short name may have (in English)."""


class Contextual(str):
    """A msgid with a context (gettext's msgctxt): the same English said in
    two places that need different words in another language (the PIN
    field's label beside the command line's placeholder "PIN"). It is the
    English text itself, and `skapa_tui.i18n._` translates it within its
    context."""

    context: str

    def __new__(cls, context: str, message: str) -> Contextual:
        marked = super().__new__(cls, message)
        marked.context = context
        return marked

    def __reduce__(self):
        return (Contextual, (self.context, str(self)))


def NC_(context: str, message: str) -> str:  # noqa: N802  (gettext's naming)
    """Mark a msgid with its context for extraction (``pybabel extract -k
    NC_:1c,2``, see the Makefile) without translating it here."""
    return Contextual(context, message)


Role = Literal["participant", "supervisor"]
Short = Annotated[str, Meta(pattern=r"\S", max_length=SHORT_MAX, description="a text of at most 20 characters (an "
                                                                              "English msgid)",
                            extra={"problem": says(N_("the short name must be a text")),
                                   "count": says(N_("the short name has more than {n} characters"), n=SHORT_MAX)})]
"""A short name (a msgid) for charts and tables."""
_ROLES_PROBLEM = says(N_("a list of the forms that rate it is needed: participant, supervisor or both, "
                         "not {found!r}"), found=FOUND)


class Indicator(Table, frozen=True):
    """One indicator (``[[indicators]]``), in the order of the charts, panels and report rows."""

    NOT_A_TABLE: ClassVar[str] = N_("each indicator must be a table")
    KEY: ClassVar[str | None] = "id"

    id: Annotated[Id, Meta(description="stable: stored with every answer, never renamed or removed")]
    name: Annotated[Text, Meta(description="the report's and the desk's name")]
    asked_of: Annotated[frozenset[Role], Meta(min_length=1, description="the forms that rate it (at least one)",
                                              extra={"problem": _ROLES_PROBLEM, "count": _ROLES_PROBLEM})]
    raises_job_chance: Annotated[bool, Meta(description="BIP found that it raises the chance of a job",
                                            extra={"problem": says(N_("true or false is needed, not {found!r}"),
                                                                   found=FOUND)})] = False
    short: Annotated[Short, Meta(description="the chart's axis label; the name when none is given")] = ""

    @property
    def label(self) -> str:
        """The short name for charts and tables (a msgid)."""
        return self.short or self.name


class IndicatorsFile(Table, frozen=True):
    """The indicators (``flows/indicators.toml``): what the forms rate, the report counts and the charts show.
    A new one is added here, with no change to the code."""

    format: Annotated[Literal[1], Meta(description="the file format this code reads", extra={"problem": says(
        N_("the file format must be {expected}, not {found!r}"), expected=FORMAT, found=FOUND)})]
    id: Annotated[Literal["indicators"], Meta(extra={"problem": says(
        N_("the id of the indicators' file must be {expected!r}, not {found!r}"),
        expected=INDICATORS_ID, found=FOUND)})]
    version: Annotated[Version, Meta(description="bump on any change that alters meaning")]
    changelog: Changelog
    indicators: Annotated[tuple[Indicator, ...], Meta(
        min_length=1, description="in the order of the charts, panels and report rows",
        extra={"problem": says(N_("at least one [[indicators]] entry is needed"))})]


@dataclass(frozen=True)
class Indicators:
    """The indicators of a flows folder, in their order."""

    items: tuple[Indicator, ...]
    version: int = 1
    changelog: tuple[ChangelogEntry, ...] = ()
    path: Path | None = None
    id: str = INDICATORS_ID
    by_id: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {i.id: i for i in self.items})

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, n: int) -> Indicator:
        return self.items[n]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.by_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def asked_of(self, role: str) -> tuple[Indicator, ...]:
        """The indicators a form for ``role`` rates, in order."""
        return tuple(i for i in self.items if role in i.asked_of)

    def rated_by_both(self) -> tuple[str, ...]:
        """The ids of the indicators both forms rate (the gaps between them)."""
        return tuple(i.id for i in self.items if set(ROLES) <= i.asked_of)

    def msgids(self) -> Iterator[tuple[str, str]]:
        """Every text a catalog must translate, with its key."""
        for indicator in self.items:
            yield f"indicators.{indicator.id}.name", indicator.name
            if indicator.short:
                yield f"indicators.{indicator.id}.short", indicator.short


def describe_indicators() -> str:
    """The indicators' file format reference, from its declarations."""
    return describe(IndicatorsFile, "The indicators' file format")


def is_indicators(data: Mapping[str, Any]) -> bool:
    """Whether parsed TOML is an indicators file rather than a flow or a guide."""
    return data.get("id") == INDICATORS_ID or ("indicators" in data and "steps" not in data)


def parse_indicators(data: Mapping[str, Any], file: str = "<indicators>", path: Path | None = None) -> Indicators:
    """Check a parsed indicators file and build `Indicators`; `FlowError` lists every problem."""
    decoded = decode(data, IndicatorsFile, file)
    p = Problems(file)
    check_changelog(p, decoded.version, decoded.changelog)
    check_unique(p, ((f"indicators.{i.id}.id", i.id) for i in decoded.indicators))
    for n, indicator in enumerate(decoded.indicators):
        roles = data["indicators"][n]["asked_of"]
        if len(set(roles)) != len(roles):
            p.add(f"indicators.{indicator.id}.asked_of", *_ROLES_PROBLEM[:1], found=roles)
    for role in ROLES:
        if not any(role in i.asked_of for i in decoded.indicators):
            p.add("indicators", N_("no indicator is asked of the {role} form"), role=role)
    p.raise_any()
    return Indicators(decoded.indicators, decoded.version, decoded.changelog, path)


def load_indicators(path: Path | str) -> Indicators:
    """Read and check an indicators file; `FlowError` with every problem."""
    from .formats import read_toml

    path = Path(path)
    return parse_indicators(read_toml(path), str(path), path)


# -- the indicators of the flows folder in use ------------------------------------

_IN_USE: Callable[[], Indicators] | None = None
"""Gives the indicators in use. The layer above the domain that knows where
the flows are (`skapa_tui.resources`, imported with the package) sets it with
`use`; the domain itself never reaches up for them."""


def use(provider: Callable[[], Indicators]) -> None:
    """Name where the indicators in use come from (see ``_IN_USE``)."""
    global _IN_USE
    _IN_USE = provider


def all_indicators() -> Indicators:
    """The indicators of the flows folder in use (`skapa_tui.resources.flow_library`)."""
    if _IN_USE is None:
        raise LookupError("no indicators in use: skapa_tui.resources names them when it is imported")
    return _IN_USE()


def by_id() -> Mapping[str, Indicator]:
    return all_indicators().by_id


def asked_of(role: str) -> tuple[Indicator, ...]:
    """The indicators a form for ``role`` rates, in order."""
    return all_indicators().asked_of(role)


def rated_by_both() -> tuple[str, ...]:
    """The ids of the indicators both forms rate."""
    return all_indicators().rated_by_both()
