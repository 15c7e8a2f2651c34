"""The demo data folder: a year of made-up work that a newcomer can learn from.

`build` fills a data folder (see ``skapa demo``) with:

- two supervisors, ``demo`` and ``demo2`` (`SUPERVISORS`), and a leader,
  ``leader`` (`LEADERS`: the organisation's report, no caseload); the
  command prints their passphrases;
- twenty participants, ``DEMO1`` to ``DEMO20``. ``DEMO1`` (PIN 1234) and
  ``DEMO2`` (PIN 2345) are for logging in at the kiosk (`LOGINS`); the
  others get PINs from the seeded random and are not printed (give one a
  PIN you know with ``skapa participants pin CODE``);
- for each participant, meetings about every third month over up to a
  year (`MONTHS_BETWEEN`), each with a reading of both sides: the
  participant's own and the supervisor's. Their values drift as real ones
  do: some people improve, some stay steady, a few go down and up, one
  slides down; now and then the participant chose "I'd rather not answer",
  and now and then the two sides differ by two or more;
- interventions and a plan in every mix of BIP's findings (`MIXES`: none;
  one group; combined with a job-focused part; combined without one),
  some ended, some started later;
- a few changes of supervisor, dated in the past, one of them recent, and
  one participant who changed twice;
- one follow-up that is overdue, and one unfinished kiosk reading
  (``DEMO2``, today: log in and the kiosk goes on where it stopped, and
  recalls the answers of the last meeting).

**How the past gets into the folder.** The Store takes an earlier meeting
date only for a reading typed in from paper (``entry="paper"``), and
that is what the demo's history is: both sides' forms of each past
meeting typed in afterwards by the participant's supervisor of that time
(``entered_by``). It goes through the Store's public API only, so the
folder is exactly what such typing-in would make: the readings are sent
and their ``completed_at`` and ``answered_at`` are the time the demo was
made, while the meeting dates, the assignments, the interventions and the
follow-up carry the dates of the story. Plans can't be dated back, so
each participant has one plan: the current one.

Everything is drawn from random generators seeded with `SEED`, and the
dates count back from today: the same folder, only moved in time, each run.
Each participant's story has a generator of its own, and within it each
indicator's levels and each answer have theirs (seeded with the
participant's seed and the indicator's or the question's id, see
`_Story.stream`): an indicator or a question added to the flows adds its
own values and leaves every other value, date, PIN and plan as it was.
`build` changes nothing that is there: a participant that already exists is
left as it is (only given its supervisor, when it has none). Imports
neither textual nor rich.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .. import i18n
from ..domain.flow import Flow, Question
from ..domain.history import add_months
from ..domain.indicators import N_, PARTICIPANT, SCALE, SUPERVISOR
from ..domain.interventions import KIND_BY_ID, kinds_of
from ..domain.reading import ENTRY_KIOSK, ENTRY_PAPER, Answer, AnswerValue, now, today
from ..domain.supervisor import ROLE_LEADER

if TYPE_CHECKING:
    from ..domain.library import FlowLibrary
    from ..storage import Store

SEED = 20241
"""The demo's random generator is seeded with this: every run draws the same."""
MONTHS_BETWEEN = 3
"""Months between two meetings."""

SUPERVISORS = (("demo", "demo-passphrase", "Demo"), ("demo2", "demo2-passphrase", "Demo 2"))
"""The demo supervisors: id, passphrase, name."""
CONTACTS = {"demo": "demo@example.org"}
"""The demo supervisors' contact lines (printed on their participants' summaries)."""
LEADERS = (("leader", "leader-passphrase", "Demo leader"),)
"""The demo leaders (role leader: they see the report, no participant): id, passphrase, name."""
LOGINS = (("DEMO1", "1234"), ("DEMO2", "2345"))
"""The participants to log in as at the kiosk (code, PIN)."""

# Trends: how a participant's levels move from one meeting to the next.
IMPROVING, STEADY, DIP, DOWN = "improving", "steady", "dip", "down"
# The intervention mixes (as `domain.plan.mix` names them) and one-group variants.
NONE, ONE_GROUP, COMBINED_JOB, COMBINED_NO_JOB = "none", "one_group", "combined_job", "combined_no_job"
MIXES = (NONE, ONE_GROUP, COMBINED_JOB, COMBINED_NO_JOB)

GOALS = (
    N_("I want a job where I work with my hands."),
    N_("I want to work part-time in a shop."),
    N_("I want to feel better and then find work."),
    N_("I want to learn the language better and get a job."),
    N_("I want to work with animals."),
    N_("I want to drive a truck."),
)
"""The participants' goals: stored in each participant's own language."""

RESPONSIBLE = ("Kim", "Alex", "Robin", "Sam")
"""Who does an intervention (first names, the same in every language)."""

# kinds of intervention by the mix they build (the first is job-focused where there is one)
_KINDS = {
    ONE_GROUP: (("job_search",), ("health_management",), ("vocational_skills",), ("network",)),
    COMBINED_JOB: (("company_internship", "health_management"), ("job_search", "social_mentor"),
                   ("mentor", "vocational_skills", "diet_exercise")),
    COMBINED_NO_JOB: (("general_skills", "health_management"), ("network", "diet_exercise")),
}


@dataclass(frozen=True)
class Profile:
    """One made-up participant: the story the history tells."""

    code: str
    months: int                      # the first meeting, this many months ago
    trend: str
    mix: str
    variant: int = 0                 # which kinds of the mix (see _KINDS)
    supervisors: tuple[tuple[str, int], ...] = (("demo", 0),)
    """(supervisor, from this many months ago; 0: from the start), oldest first."""
    overdue: bool = False            # the last follow-up was missed
    unfinished: bool = False         # an unfinished kiosk reading today
    lang_index: int = 0              # 0: the default language, else the next one


PROFILES: tuple[Profile, ...] = (
    Profile("DEMO1", 12, IMPROVING, COMBINED_JOB),
    Profile("DEMO2", 9, DIP, ONE_GROUP, unfinished=True),
    Profile("DEMO3", 12, STEADY, NONE),
    Profile("DEMO4", 11, IMPROVING, COMBINED_JOB, 1, lang_index=1),
    Profile("DEMO5", 12, STEADY, ONE_GROUP, 1, (("demo2", 0),)),
    Profile("DEMO6", 10, IMPROVING, COMBINED_NO_JOB, 0, (("demo2", 0),)),
    Profile("DEMO7", 12, DIP, COMBINED_JOB, 2, (("demo", 0), ("demo2", 5)), lang_index=1),
    Profile("DEMO8", 9, STEADY, COMBINED_NO_JOB, 1, (("demo2", 0),)),
    Profile("DEMO9", 13, IMPROVING, ONE_GROUP, 0, overdue=True),
    Profile("DEMO10", 11, STEADY, COMBINED_JOB, 0, (("demo2", 0), ("demo", 8))),
    Profile("DEMO11", 12, DIP, NONE, 0, (("demo", 0), ("demo2", 9), ("demo", 4))),
    Profile("DEMO12", 6, IMPROVING, COMBINED_JOB, 1, (("demo2", 0),), lang_index=1),
    Profile("DEMO13", 6, STEADY, ONE_GROUP, 2),
    Profile("DEMO14", 12, IMPROVING, ONE_GROUP, 0, (("demo2", 0),)),
    Profile("DEMO15", 5, IMPROVING, COMBINED_JOB, 2),
    Profile("DEMO16", 12, DIP, COMBINED_NO_JOB, 0, (("demo2", 0),), lang_index=1),
    Profile("DEMO17", 10, IMPROVING, COMBINED_JOB, 0),
    Profile("DEMO18", 8, STEADY, NONE, 0, (("demo2", 0),)),
    Profile("DEMO19", 12, DOWN, ONE_GROUP, 3),
    Profile("DEMO20", 9, IMPROVING, COMBINED_JOB, 1, (("demo2", 0),)),
)
CODES = tuple(p.code for p in PROFILES)


@dataclass
class Built:
    """What `build` did: the participants and supervisors it added."""

    participants: list[str] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.participants or self.supervisors)


def is_demo_folder(store: Store) -> bool:
    """The folder holds nothing but demo participants and supervisors (or nothing)."""
    ids = {s for s, _p, _n in (*SUPERVISORS, *LEADERS)}
    return (set(store.participant_codes()) <= set(CODES)
            and {s.id for s in store.supervisors()} <= ids)


def build(store: Store, library: FlowLibrary) -> Built:
    """Add whatever of the demo is not in the folder yet (see the module).
    The caller checks `is_demo_folder` first."""
    built = Built()
    existing = {s.id for s in store.supervisors()}
    for supervisor_id, passphrase, name in SUPERVISORS:
        if supervisor_id not in existing:
            store.add_supervisor(supervisor_id, passphrase, name, contact=CONTACTS.get(supervisor_id))
            built.supervisors.append(supervisor_id)
    for leader_id, passphrase, name in LEADERS:
        if leader_id not in existing:
            store.add_supervisor(leader_id, passphrase, name, role=ROLE_LEADER)
            built.supervisors.append(leader_id)
    codes = set(store.participant_codes())
    rng = random.Random(SEED)
    day = today()
    for profile in PROFILES:
        # one seed per participant, drawn in order: a participant's story
        # does not depend on which of the others are already there
        own = rng.random()
        if profile.code in codes:
            if store.history(profile.code).supervisor is None:
                store.assign(profile.code, _supervisor_on(profile, day, day), by=None)
            continue
        _Story(store, library, profile, own, day).tell()
        built.participants.append(profile.code)
    return built


def _supervisor_on(profile: Profile, on: date, day: date) -> str:
    """The participant's supervisor on the day ``on``."""
    current = profile.supervisors[0][0]
    for supervisor, months in profile.supervisors[1:]:
        if add_months(day, -months) <= on:
            current = supervisor
    return current


def meeting_dates(profile: Profile, day: date, offset: int) -> list[date]:
    """The meetings: from ``profile.months`` ago (and ``offset`` days) every
    `MONTHS_BETWEEN` months, up to three days ago; a missed follow-up leaves
    out the last two months."""
    first = add_months(day, -profile.months) + timedelta(days=offset)
    latest = add_months(day, -2) if profile.overdue else day - timedelta(days=3)
    dates, n = [], 0
    while (meeting := add_months(first, n * MONTHS_BETWEEN)) <= latest:
        dates.append(meeting)
        n += 1
    return dates


def _clamp(value: float) -> int:
    return max(SCALE[0], min(SCALE[-1], round(value)))


class _Story:
    """One participant's year, told through the Store."""

    def __init__(self, store: Store, library: FlowLibrary, profile: Profile, seed: float, day: date):
        self.store, self.profile, self.seed, self.day = store, profile, seed, day
        # the story's own draws (dates, the PIN, the plan): the same whatever the flows hold
        self.rng = self.stream("story")
        self.forms = {PARTICIPANT: library.current(PARTICIPANT), SUPERVISOR: library.current(SUPERVISOR)}
        self.indicators = library.indicators()
        # a language the participant could choose themself (a complete catalog)
        langs = i18n.offered_languages() or [i18n.DEFAULT_LANGUAGE]
        default = i18n.DEFAULT_LANGUAGE if i18n.DEFAULT_LANGUAGE in langs else langs[0]
        others = [lang for lang in langs if lang != default]
        self.lang = others[(profile.lang_index - 1) % len(others)] if profile.lang_index and others else default
        self.meetings = meeting_dates(profile, day, self.rng.randint(1, 20))

    def stream(self, *keys: object) -> random.Random:
        """A generator of its own for one part of the story (``keys``: what it
        draws, such as an indicator's id): seeded with the participant's seed
        and the keys, so its draws never depend on how many others there are."""
        return random.Random(":".join(map(str, (self.seed, *keys))))

    def tell(self) -> None:
        profile, store = self.profile, self.store
        pin = next((p for c, p in LOGINS if c == profile.code), None)
        store.add_participant(profile.code, pin or f"{self.rng.randint(0, 9999):04d}")
        self.assignments()
        levels = self.levels()
        for n, meeting in enumerate(self.meetings):
            supervisor = _supervisor_on(profile, meeting, self.day)
            self.paper(PARTICIPANT, n, meeting, supervisor, levels[n])
            self.paper(SUPERVISOR, n, meeting, supervisor, levels[n])
        self.plan()
        if profile.unfinished:
            self.unfinished(levels[-1])

    def assignments(self) -> None:
        first = self.meetings[0] - timedelta(days=self.rng.randint(7, 21))
        self.store.assign(self.profile.code, self.profile.supervisors[0][0], by=None, on=first)
        for supervisor, months in self.profile.supervisors[1:]:
            self.store.assign(self.profile.code, supervisor, by=None, on=add_months(self.day, -months))

    # -- the values --

    def levels(self) -> list[dict[str, float]]:
        """Each meeting's level of each indicator (before either side's view of it),
        each indicator's drawn from its own generator."""
        found: list[dict[str, float]] = [{} for _meeting in self.meetings]
        for indicator in self.indicators:
            for level, value in zip(found, self.indicator_levels(indicator.id), strict=True):
                level[indicator.id] = value
        return found

    def indicator_levels(self, indicator: str) -> list[float]:
        """One indicator's level at each meeting, as the participant's trend moves it."""
        rng, trend = self.stream("levels", indicator), self.profile.trend
        base = rng.uniform(1.2, 3.0) if trend == IMPROVING else rng.uniform(2.2, 4.2)
        pace = rng.uniform(0.3, 0.9)
        dip = (0.0, -1.0, -1.2, 0.2, 0.8)
        values = []
        for n in range(len(self.meetings)):
            if trend == IMPROVING:
                value = base + n * pace
            elif trend == DIP:
                value = base + dip[min(n, len(dip) - 1)] * (0.5 + pace)
            elif trend == DOWN:
                value = base - n * pace * 0.6
            else:
                value = base + rng.choice((-0.6, 0.0, 0.0, 0.0, 0.0, 0.6))
            values.append(value)
        return values

    def value(self, role: str, question: Question, level: dict[str, float], *where: object) -> AnswerValue:
        """One side's answer to ``question`` at the level ``level``, drawn from the
        question's own generator at ``where`` (which reading)."""
        rng = self.stream("answer", role, *where, question.id)
        if question.answer == "single":
            return rng.choice(question.options).id
        if question.answer == "multiple":
            chosen = set(rng.sample([o.id for o in question.options], rng.randint(1, min(3, len(question.options)))))
            return tuple(o.id for o in question.options if o.id in chosen)
        base = level[question.indicator]
        if role == PARTICIPANT:
            if rng.random() < 0.04:
                return None  # "I'd rather not answer"
            return _clamp(base + rng.uniform(-0.4, 0.4))
        gap = rng.choice((-2, 2)) if rng.random() < 0.06 else rng.choice((-1, 0, 0, 0, 1)) * 0.6
        return _clamp(base + gap)

    # -- the readings --

    def paper(self, role: str, n: int, meeting: date, supervisor: str, level: dict[str, float]) -> None:
        """The ``n``-th meeting's form of ``role``, typed in from paper."""
        flow = self.forms[role]
        code = self.profile.code
        reading = self.store.start_reading(
            code, flow=flow.id, flow_version=flow.version, role=role,
            rater=supervisor if role == SUPERVISOR else None, entry=ENTRY_PAPER,
            entered_by=supervisor, meeting_date=meeting, lang=self.lang)
        for question in flow.questions:
            value = self.value(role, question, level, n)
            self.store.save_answer(code, reading.id, Answer(question.id, question.indicator, value, now()), None)
        self.store.complete_reading(code, reading.id)

    def unfinished(self, level: dict[str, float]) -> None:
        """Today at the kiosk: the first questions answered, then a break."""
        flow: Flow = self.forms[PARTICIPANT]
        code = self.profile.code
        reading = self.store.start_reading(code, flow=flow.id, flow_version=flow.version, role=PARTICIPANT,
                                           rater=None, entry=ENTRY_KIOSK, entered_by=None,
                                           meeting_date=self.day, lang=self.lang)
        questions: Sequence[Question] = flow.questions[:3]
        steps = [s.id for s in flow.steps]
        for question in questions:
            after = steps[steps.index(question.id) + 1]
            value = self.value(PARTICIPANT, question, level, ENTRY_KIOSK)
            self.store.save_answer(code, reading.id, Answer(question.id, question.indicator, value, now()), after)

    # -- the plan --

    def plan(self) -> None:
        profile, rng, store, code = self.profile, self.rng, self.store, self.profile.code
        meetings = self.meetings
        supervisor = _supervisor_on(profile, meetings[-1], self.day)
        kinds = () if profile.mix == NONE else _KINDS[profile.mix][profile.variant % len(_KINDS[profile.mix])]
        active = []
        for n, kind_id in enumerate(kinds):
            kind = KIND_BY_ID[kind_id]
            # the first kind from the first meeting, the others a month or two later
            start = meetings[0] + timedelta(days=n * rng.randint(25, 40))
            intervention = store.add_intervention(
                code, kind=kind.id, group=kind.group, text=None, start=start, end=None,
                responsible=rng.choice(RESPONSIBLE), by=supervisor)
            active.append(intervention.id)
        if kinds and len(meetings) > 2:
            # something else of the first group, tried early and ended at the
            # second meeting: plans change
            first = KIND_BY_ID[kinds[0]]
            kind = rng.choice([k for k in kinds_of(first.group) if k.id not in kinds])
            store.add_intervention(code, kind=kind.id, group=kind.group, text=None, start=meetings[0],
                                   end=meetings[1], responsible=rng.choice(RESPONSIBLE), by=supervisor)
        goal = i18n.translation(self.lang).gettext(rng.choice(GOALS))
        store.save_plan(code, goal=goal, next_follow_up=add_months(meetings[-1], MONTHS_BETWEEN),
                        interventions=active, by=supervisor)
