"""The participant's summary: what goes on the page they take home.

`build_summary` gathers, in the participant's language and plain words:

- the latest ratings of their *own* latest reading, each as its anchor
  sentence from the flow version the reading was made on ("I'd rather not
  answer" is said as such, never as a number);
- their own readings for the chart (the latest and up to two before it),
  with the axes' short names;
- the action plan: the goal, each intervention of the latest plan that is
  not over on the day (one ended today is over), with its dates and who
  does it (the kind's translated name, or the free text);
- the next meeting (`History.next_follow_up`), the date in Babel's long format;
- who their supervisor is and how to reach them: the supervisor's name (else
  their id) and the contact line set with ``skapa supervisors add --contact``
  or ``skapa supervisors contact``; nothing when they have no active one.

Every text here is participant-facing: the msgids below are the page's
words (short sentences; LIX ≤ 30 in every language). `skapa_tui.render.summary_pdf`
lays the page out. Imports neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..domain.flow import Flow
from ..domain.history import History
from ..domain.indicators import N_, PARTICIPANT, all_indicators
from ..domain.interventions import KIND_BY_ID, OTHER
from ..domain.plan import Intervention
from ..domain.reading import Reading
from ..domain.supervisor import Supervisor
from ..i18n import fmt_date, gettext_for
from .conversation import rating
from .progression import Sample, axes, series, shown

TITLE = N_("Your summary")
MADE_ON = N_("Made on {date}.")
RATINGS_HEADING = N_("How you see yourself")
RATINGS_INTRO = N_("You chose these answers on {date}.")
NO_RATINGS = N_("You have not answered the questions yet.")
NOT_ANSWERED = N_("You chose not to answer.")
CHART_HEADING = N_("Your answers over time")
CHART_HELP = N_("Each line is one day you answered. Far out is high. Near the middle is low.")
PLAN_HEADING = N_("Your plan")
GOAL = N_("Your goal: {goal}")
NO_GOAL = N_("You have no goal written down yet.")
NO_PLAN = N_("You have no plan yet. You make it with your supervisor.")
FROM = N_("From {start}.")
FROM_TO = N_("From {start} to {end}.")
WHO = N_("Who: {who}.")
NEXT_HEADING = N_("Next meeting")
NEXT_MEETING = N_("We meet again on {date}.")
NO_NEXT = N_("Your supervisor tells you when you meet again.")
CONTACT_HEADING = N_("Your supervisor")
CONTACT_HOW = N_("You can reach them: {contact}")
PAGE_MSGIDS = (TITLE, MADE_ON, RATINGS_HEADING, RATINGS_INTRO, NO_RATINGS, NOT_ANSWERED,
               CHART_HEADING, CHART_HELP, PLAN_HEADING, GOAL, NO_GOAL, NO_PLAN, FROM, FROM_TO, WHO,
               NEXT_HEADING, NEXT_MEETING, NO_NEXT, CONTACT_HEADING, CONTACT_HOW)
"""Every text of the page's own (the anchors and names come from the flows and the domain)."""


@dataclass(frozen=True)
class RatingLine:
    indicator: str   # the indicator's name, translated
    value: int | None
    text: str        # the anchor sentence, translated (or NOT_ANSWERED)


@dataclass(frozen=True)
class PlanLine:
    what: str        # the intervention, translated (or its free text)
    when: str        # "From 3 March 2025 to 2 June 2025."
    who: str         # "Who: Anna at the job centre."


@dataclass(frozen=True)
class Summary:
    lang: str
    title: str
    made_on: str
    ratings_heading: str
    ratings_intro: str          # empty when there are no ratings
    ratings: tuple[RatingLine, ...]
    no_ratings: str             # empty when there are ratings
    chart_heading: str
    chart_help: str
    axes: tuple[str, ...]       # the short names, in the fixed order
    axis_ids: tuple[str, ...]
    samples: tuple[Sample, ...]  # the participant's readings on the chart, newest first
    sample_dates: tuple[str, ...]
    plan_heading: str
    goal: str
    plan: tuple[PlanLine, ...]
    no_plan: str                # empty when there is a plan
    next_heading: str
    next_meeting: str
    contact_heading: str = ""
    contact: tuple[str, ...] = ()
    """The supervisor's name and how to reach them (empty: no active supervisor)."""


def _plan_interventions(history: History, today: date) -> list[Intervention]:
    """The latest plan's interventions that are not over on ``today`` (one
    ended today is over: `Intervention.ended_on`), by start date."""
    plan = history.plan
    if plan is None:
        return []
    by_id = {i.id: i for i in history.interventions}
    return sorted((by_id[i] for i in plan.interventions if i in by_id and not by_id[i].ended_on(today)),
                  key=lambda i: (i.start, i.id))


def build_summary(history: History, flow_for: Callable[[Reading], Flow], lang: str,
                  today: date, *, earlier: int = 2, supervisor: Supervisor | None = None) -> Summary:
    """The page's content for ``history``'s participant, in ``lang``;
    ``supervisor``: their supervisor (for the name and how to reach them)."""
    gettext = gettext_for(lang) if lang != "en" else str

    def day(value: date) -> str:
        return fmt_date(value, lang, "long")

    latest = history.latest(PARTICIPANT)
    ratings: list[RatingLine] = []
    if latest is not None:
        flow = flow_for(latest)
        for indicator in all_indicators():
            if flow.rated_question(indicator.id) is None:
                continue
            found = rating(latest, indicator.id, flow_for)
            if found is None or found.anchor is None:
                ratings.append(RatingLine(gettext(indicator.name), None, gettext(NOT_ANSWERED)))
            else:
                ratings.append(RatingLine(gettext(indicator.name), found.value, gettext(found.anchor)))

    own = series(history, flow_for, (PARTICIPANT,))[PARTICIPANT]
    on_chart = shown(own, earlier)
    chart_axes = axes({PARTICIPANT: own}) if own else axes(None, (PARTICIPANT,))

    plan = history.plan
    lines = []
    for intervention in _plan_interventions(history, today):
        if intervention.kind == OTHER or intervention.kind not in KIND_BY_ID:
            what = intervention.text or ""
        else:
            what = gettext(KIND_BY_ID[intervention.kind].name)
        when = (gettext(FROM).format(start=day(intervention.start)) if intervention.end is None
                else gettext(FROM_TO).format(start=day(intervention.start), end=day(intervention.end)))
        lines.append(PlanLine(what, when, gettext(WHO).format(who=intervention.responsible)))
    goal = ""
    if plan is not None:
        goal = gettext(GOAL).format(goal=plan.goal) if plan.goal.strip() else gettext(NO_GOAL)
    upcoming = history.next_follow_up
    contact: tuple[str, ...] = ()
    if supervisor is not None and supervisor.active and supervisor.has_caseload:
        contact = (supervisor.name or supervisor.id,)
        if supervisor.contact:
            contact += (gettext(CONTACT_HOW).format(contact=supervisor.contact),)

    return Summary(
        lang=lang,
        title=gettext(TITLE),
        made_on=gettext(MADE_ON).format(date=day(today)),
        ratings_heading=gettext(RATINGS_HEADING),
        ratings_intro=gettext(RATINGS_INTRO).format(date=day(latest.meeting_date)) if latest else "",
        ratings=tuple(ratings),
        no_ratings="" if latest else gettext(NO_RATINGS),
        chart_heading=gettext(CHART_HEADING),
        chart_help=gettext(CHART_HELP),
        axes=tuple(gettext(i.label) for i in chart_axes),
        axis_ids=tuple(i.id for i in chart_axes),
        samples=tuple(on_chart),
        sample_dates=tuple(fmt_date(s.date, lang, "medium") for s in on_chart),
        plan_heading=gettext(PLAN_HEADING),
        goal=goal,
        plan=tuple(lines),
        no_plan="" if plan is not None else gettext(NO_PLAN),
        next_heading=gettext(NEXT_HEADING),
        next_meeting=(gettext(NEXT_MEETING).format(date=day(upcoming)) if upcoming is not None
                      else gettext(NO_NEXT)),
        contact_heading=gettext(CONTACT_HEADING) if contact else "",
        contact=contact,
    )
