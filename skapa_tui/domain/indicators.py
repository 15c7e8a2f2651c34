"""The eleven BIP indicators of employability.

Ids are stable (English, snake_case); the names are English msgids that the
catalogs translate. ``asked_of`` says which form rates the indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTICIPANT = "participant"
SUPERVISOR = "supervisor"

SCALE = (1, 2, 3, 4, 5)
"""The anchored scale: 1 lowest, 5 highest; every step has its own anchor."""


def N_(message: str) -> str:
    """Mark a msgid for extraction without translating it here."""
    return message


class Contextual(str):
    """A msgid with a context (gettext's msgctxt): the same English said in
    two places that need different words in another language (the axis label
    "Cooperation" beside the indicator's name "Cooperation"). It is the
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


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    asked_of: frozenset[str]
    raises_job_chance: bool


_BOTH = frozenset({PARTICIPANT, SUPERVISOR})

INDICATORS: tuple[Indicator, ...] = (
    Indicator("labour_market_knowledge", N_("Knowledge of the labour market"), _BOTH, True),
    Indicator("concentration", N_("Concentration and understanding instructions"), _BOTH, False),
    Indicator("self_belief", N_("Belief in getting a job"), frozenset({PARTICIPANT}), True),
    Indicator("supervisor_belief", N_("Supervisor's belief in a job"), frozenset({SUPERVISOR}), True),
    Indicator("goal_directedness", N_("Goal-directedness"), _BOTH, True),
    Indicator("contact", N_("Making contact"), _BOTH, False),
    Indicator("cooperation", N_("Cooperation"), _BOTH, True),
    Indicator("network_support", N_("Support from the network"), _BOTH, False),
    Indicator("everyday_life", N_("Managing everyday life"), _BOTH, False),
    Indicator("health", N_("Health and managing it"), _BOTH, True),
    Indicator("job_search", N_("Job search"), _BOTH, True),
)

BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}


def asked_of(role: str) -> tuple[Indicator, ...]:
    """The indicators a form for ``role`` rates, in the canonical order."""
    return tuple(i for i in INDICATORS if role in i.asked_of)
