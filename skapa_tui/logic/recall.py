"""The dialog remembers: what the person answered last time, and the change since.

In a follow-up, before each question the person is told in one short line
what they chose last time and when (`recall_line`), and after their answer
one short, resource-focused line reflects the change (`reflection_line`):
up is said warmly, the same is noted as steady, and down is never blamed
and never promised away ("it is only a phase" is a promise nobody can
keep): it is named as something that changes, with an invitation to talk
with the supervisor about it. Each direction has a few lines, said in turn
(``turn``), so the same words do not come three times in a row. Nothing is
preselected: the earlier answer is only said.

`previous_answers` finds the earlier answers: from the person's latest
*sent* reading of the same side (role; and, when given, the same rater) and
flow before the reading being answered, ordered by meeting date (then the
time it was sent). That reading is read against its own flow version, and
its answers are keyed by the items of the reading being answered: the same
item id when it still asks about the same indicator in the same way, else
(a version that renamed an item) the question that rates the same
indicator. What the person chose is kept as the texts (msgids) of the
version they answered, so the line says what they actually saw then.

Dates are written through Babel in the language's own way ("3 March" is
"3 mars" in Swedish and "3. marts" in Danish), with the year only when it
is not this year. Every text is an English msgid, short and plain (the
participant reads them). Imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeGuard

from ..domain.indicators import N_, SCALE
from ..domain.reading import Answer, AnswerValue, Reading
from ..i18n import translation

if TYPE_CHECKING:
    from ..domain.flow import Flow, Question
    from ..domain.history import History
    from ..domain.library import FlowLibrary

RECALL = N_("Last time, on {date}, you chose: {answer}")
RECALL_NOT_ANSWERED = N_("Last time, on {date}, you chose not to answer.")
# Said to the supervisor who types in the participant's own form from paper:
# what the participant chose, not "you".
RECALL_THEIRS = N_("Last time, on {date}, the participant chose: {answer}")
RECALL_THEIRS_NOT_ANSWERED = N_("Last time, on {date}, the participant chose not to answer.")
YOURS, THEIRS = "yours", "theirs"
"""Whose earlier answer `recall_line` says: the reader's own, or the participant's to their supervisor."""
WENT_UP = (
    N_("It has gone up since last time. Good to see!"),
    N_("That is more than last time. Good!"),
    N_("You have come further since last time."),
)
STAYED = (
    N_("The same as last time."),
    N_("Just like last time."),
    N_("No change since last time."),
)
WENT_DOWN = (
    N_("It can go up and down. You are welcome to talk with your supervisor about it."),
    N_("It is lower than last time. You are welcome to talk with your supervisor about it."),
    N_("It changes over time. You are welcome to talk with your supervisor about it."),
)
REFLECTIONS = (*WENT_UP, *STAYED, *WENT_DOWN)
"""Every reflection line (msgids), for tests and the readability check."""


class Previous(NamedTuple):
    """One earlier answer: the answer (corrections applied), the meeting date of
    its reading and what the person chose, as the msgids of the question they
    answered then (empty for "I'd rather not answer")."""

    answer: Answer
    on: date
    chosen: tuple[str, ...] = ()


# -- finding the earlier answers ------------------------------------------------

def _order(reading: Reading) -> tuple:
    # Sent readings by meeting date, then the time sent; an unsent one after
    # every sent one of its meeting date.
    sent = reading.completed_at.timestamp() if reading.completed_at else float("inf")
    return (reading.meeting_date, sent)


def earlier_reading(history: History, role: str, rater: str | None, flow_id: str,
                    before_reading_id: str | None) -> Reading | None:
    """The latest sent reading of ``role`` (and ``rater``, when given) on
    ``flow_id`` that comes before the reading ``before_reading_id`` (None: the
    latest of all). Raises KeyError for a reading the history does not have."""
    limit = None
    if before_reading_id is not None:
        limit = next((r for r in history.readings if r.id == before_reading_id), None)
        if limit is None:
            raise KeyError(before_reading_id)
    found = [r for r in history.readings
             if r.finished and r.role == role and r.flow == flow_id
             and (rater is None or r.rater == rater)
             and (limit is None or (r.id != limit.id and _order(r) < _order(limit)))]
    return max(found, key=_order) if found else None


def _chosen(question: Question, value: AnswerValue) -> tuple[str, ...]:
    """The msgids of what ``value`` chose on ``question`` (empty when none fits)."""
    try:
        if value is None:
            return ()
        if isinstance(value, int):
            return (question.anchor(value).text,)
        if isinstance(value, str):
            return (question.option(value).text,)
        return tuple(question.option(v).text for v in value)
    except KeyError:
        return ()


def _old_question(old: Flow, question: Question) -> Question | None:
    """The question of the earlier version that ``question`` is asked in place of."""
    same = next((q for q in old.questions if q.id == question.id), None)
    if same is not None and same.indicator == question.indicator and same.answer == question.answer:
        return same
    return old.rated_question(question.indicator) if question.rates else None


def previous_answers(history: History, role: str, rater: str | None, flow_id: str,
                     before_reading_id: str | None, *, library: FlowLibrary) -> dict[str, Previous]:
    """The person's earlier answers, keyed by the items of the reading
    ``before_reading_id`` (None: of the flow's current version): empty when
    there is no earlier sent reading (a first meeting).

    Raises KeyError for an unknown reading, and the library's FlowError when
    a version cannot be read."""
    earlier = earlier_reading(history, role, rater, flow_id, before_reading_id)
    if earlier is None:
        return {}
    if before_reading_id is None:
        now = library.current(flow_id)
    else:
        reading = next(r for r in history.readings if r.id == before_reading_id)
        now = library.version(flow_id, reading.flow_version)
    old = library.version(flow_id, earlier.flow_version)
    found: dict[str, Previous] = {}
    for question in now.questions:
        asked = _old_question(old, question)
        if asked is None:
            continue
        answer = earlier.answer(asked.id)
        if answer is None:
            continue  # never reached (the reading was sent without it)
        chosen = _chosen(asked, answer.value)
        if answer.value is not None and not chosen:
            continue  # a value its own version does not know: nothing true to say
        found[question.id] = Previous(answer, earlier.meeting_date, chosen)
    return found


# -- the lines ---------------------------------------------------------------------

def fmt_day(day: date, lang: str, today: date | None = None) -> str:
    """The day as the language writes it, the year only when it is not this year:
    "3 mars", "3. marts", "3 mars 2024"."""
    from babel.dates import format_skeleton

    this_year = (today or date.today()).year
    return format_skeleton("MMMMd" if day.year == this_year else "yMMMMd", day, locale=lang)


def recall_line(previous: Previous | None, question: Question | None, lang: str, *,
                today: date | None = None, whose: str = YOURS) -> str | None:
    """What the person chose last time and when, in ``lang`` (None: nothing to say):
    "you chose" (``whose`` `YOURS`: said to whoever answers), or "the
    participant chose" (`THEIRS`: the participant's form typed in by their
    supervisor).

    What they chose is said with the texts of the version they answered
    (``previous.chosen``); without them, with ``question``'s own anchors or
    options."""
    if previous is None:
        return None
    gettext: Callable[[str], str] = translation(lang).gettext
    day = fmt_day(previous.on, lang, today)
    value = previous.answer.value
    said, not_answered = (RECALL_THEIRS, RECALL_THEIRS_NOT_ANSWERED) if whose == THEIRS else (
        RECALL, RECALL_NOT_ANSWERED)
    if value is None:
        return gettext(not_answered).format(date=day)
    chosen = previous.chosen or (_chosen(question, value) if question is not None else ())
    if not chosen:
        return None
    answer = ", ".join(gettext(text) for text in chosen)
    return gettext(said).format(date=day, answer=answer)


def reflection_line(old: AnswerValue | Previous | None, new: AnswerValue, turn: int = 0) -> str | None:
    """The msgid that reflects the change from ``old`` to ``new`` (the
    ``turn``-th of that direction's lines, in a round), or None when either
    is missing or not a 1-5 value."""
    if isinstance(old, Previous):
        old = old.answer.value
    if not (_scale(old) and _scale(new)):
        return None
    lines = WENT_UP if new > old else STAYED if new == old else WENT_DOWN
    return lines[turn % len(lines)]


def direction(old: AnswerValue | Previous | None, new: AnswerValue) -> int | None:
    """+1, 0 or -1 for a change up, none or down on the scale; None when there is nothing to compare."""
    if isinstance(old, Previous):
        old = old.answer.value
    if not (_scale(old) and _scale(new)):
        return None
    return (new > old) - (new < old)


def _scale(value: object) -> TypeGuard[int]:
    return type(value) is int and value in SCALE
