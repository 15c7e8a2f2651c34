"""The demo data folder (`skapa_tui.tools.demo`, ``skapa demo``): a year of made-up
work on a real data folder, checked through the Store and the logic that
reads it; the command end to end: what it prints, that a second run changes
no file, and that it leaves a real folder alone."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest

from skapa_tui import i18n
from skapa_tui.domain.history import History
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.plan import mix
from skapa_tui.domain.reading import ENTRY_KIOSK, ENTRY_PAPER, today
from skapa_tui.logic.caseload import (
    FOLLOW_UP_OVERDUE,
    NO_ACTIVE_INTERVENTION,
    RECENT_SUPERVISOR_CHANGE,
    TWO_OR_MORE_CHANGES,
    UNFINISHED_KIOSK_READING,
    caseload_rows,
)
from skapa_tui.logic.recall import previous_answers
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.tools import demo

from ..conftest import _clean_env, skapa_command
from .test_flows_as_data import trial  # noqa: F401  (a fixture: the flows with a new indicator and questions)

# Its module-scoped fixtures are built once: under pytest-xdist (`make test`)
# all its tests run in one worker.
pytestmark = [pytest.mark.xdist_group("demo"), pytest.mark.slow]

LANGS = tuple(i18n.offered_languages())
LIBRARY = flow_library()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A demo folder made by the real command (once: it takes a while)."""
    root = tmp_path_factory.mktemp("demo")
    home = root / "home"
    home.mkdir()
    data = root / "data"
    done = subprocess.run([*skapa_command(), "demo", "--data", str(data)], capture_output=True,
                          text=True, encoding="utf-8", env=_clean_env(home, LANGS[0]), timeout=300)
    assert done.returncode == 0, done.stderr
    return data, done


@pytest.fixture(scope="module")
def folder(made) -> Path:
    return made[0]


@pytest.fixture(scope="module")
def histories(folder) -> list[History]:
    found = list(Store(folder).read_all())
    assert all(isinstance(h, History) for h in found)
    return found


def rated_sum(reading, flow) -> int:
    return sum(v for q in flow.questions if q.rates and isinstance(v := reading.value(q.id), int))


def supervisor_on(history: History, day) -> str | None:
    current = None
    for assignment in history.assignments:
        if assignment.on <= day:
            current = assignment.supervisor
    return current


# -- what is in the folder -------------------------------------------------------------

def test_about_twenty_participants_and_two_supervisors_who_can_log_in(folder):
    store = Store(folder)
    assert 18 <= len(store.participant_codes()) <= 22
    assert sorted(store.participant_codes()) == sorted(demo.CODES)
    for code, pin in demo.LOGINS:
        assert store.check_login(code, pin) == code
    for supervisor_id, passphrase, _name in demo.SUPERVISORS:
        assert store.check_supervisor_login(supervisor_id, passphrase).id == supervisor_id
        assert store.caseload(supervisor_id)
    assert {code for code, _pin in demo.LOGINS} <= set(store.caseload(demo.SUPERVISORS[0][0]))
    for leader_id, passphrase, _name in demo.LEADERS:
        leader = store.check_supervisor_login(leader_id, passphrase)
        assert leader.id == leader_id and not leader.has_caseload
        assert store.caseload(leader_id) == []


def test_each_participant_has_both_sides_every_three_months_over_a_year(histories):
    day = today()
    earliest, latest = [], []
    for history in histories:
        mine = history.sent(PARTICIPANT)
        theirs = history.sent(SUPERVISOR)
        assert len(mine) >= 2, history.code
        dates = [r.meeting_date for r in mine]
        assert dates == [r.meeting_date for r in theirs], history.code
        for before, after in zip(dates, dates[1:]):
            assert 80 <= (after - before).days <= 100, history.code
        assert dates[-1] < day
        earliest.append(dates[0])
        latest.append(dates[-1])
        for reading in mine + theirs:
            # typed in from paper by the supervisor of that meeting
            assert reading.entry == ENTRY_PAPER
            assert reading.entered_by == supervisor_on(history, reading.meeting_date), history.code
            assert reading.rater == (reading.entered_by if reading.role == SUPERVISOR else None)
            flow = LIBRARY.version(reading.flow, reading.flow_version)
            assert set(reading.answers) == {q.id for q in flow.questions}
            for q in flow.questions:
                value = reading.value(q.id)
                assert value is None or q.accepts(value), (history.code, q.id, value)
    assert (max(latest) - min(earliest)).days >= 330
    assert (today() - max(latest)).days <= 31


def test_the_values_drift_as_real_ones_do(histories):
    flow = LIBRARY.current(PARTICIPANT)
    changes = Counter()
    down_and_up = 0
    skipped = 0
    gaps = 0
    rated = sum(1 for q in flow.questions if q.rates)
    for history in histories:
        sums = [rated_sum(r, flow) for r in history.sent(PARTICIPANT)]
        change = (sums[-1] - sums[0]) / rated  # per indicator: within a third of a step is steady
        changes["up" if change > 0.3 else "down" if change < -0.3 else "steady"] += 1
        if any(a > b < c for a, b, c in zip(sums, sums[1:], sums[2:])):
            down_and_up += 1
        skipped += sum(1 for r in history.sent(PARTICIPANT) for a in r.answers.values() if a.value is None)
        for mine, theirs in zip(history.sent(PARTICIPANT), history.sent(SUPERVISOR)):
            for answer in mine.answers.values():
                other = theirs.by_indicator(answer.indicator)
                if isinstance(answer.value, int) and other is not None and abs(other.value - answer.value) >= 2:
                    gaps += 1
    assert changes["up"] >= 5 and changes["steady"] >= 3 and changes["down"] >= 1, changes
    assert down_and_up >= 2
    assert skipped >= 5  # "I'd rather not answer" happens
    assert gaps >= 5     # and the two sides sometimes see it differently


def test_every_mix_of_interventions_and_a_plan_for_each(histories):
    mixes = Counter()
    for history in histories:
        dates = [r.meeting_date for r in history.sent(PARTICIPANT)]
        mixes[mix(history.interventions, dates[0], dates[-1])] += 1
        assert history.plan is not None and history.plan.goal
        active = {i.id for i in history.active_interventions(today())}
        assert set(history.plan.interventions) == active
    assert set(mixes) == set(demo.MIXES), mixes
    assert any(i.end is not None for h in histories for i in h.interventions)


def test_supervisor_changes_an_overdue_follow_up_and_one_unfinished_kiosk_reading(folder, histories):
    store = Store(folder)
    changes = [c for h in histories for c in h.changes]
    assert changes and all(c.on < today() for c in changes)
    unfinished = [(h.code, r) for h in histories for r in h.unfinished()]
    assert len(unfinished) == 1
    code, reading = unfinished[0]
    assert reading.entry == ENTRY_KIOSK and reading.meeting_date == today() and reading.answers
    assert code in {c for c, _pin in demo.LOGINS}  # one can see it at the kiosk
    # and the kiosk recalls the last meeting for it
    recalled = previous_answers(store.history(code), PARTICIPANT, None, reading.flow, reading.id,
                                library=LIBRARY)
    assert recalled and {p.on for p in recalled.values()} == {store.history(code).sent(PARTICIPANT)[-1].meeting_date}

    active = {s.id for s in store.supervisors() if s.active}
    rows = caseload_rows(histories, today(), active.__contains__)
    warnings = Counter(w for row in rows for w in row.warnings)
    for warning in (FOLLOW_UP_OVERDUE, RECENT_SUPERVISOR_CHANGE, TWO_OR_MORE_CHANGES,
                    UNFINISHED_KIOSK_READING, NO_ACTIVE_INTERVENTION):
        assert warnings[warning] >= 1, warning.id
    assert warnings[FOLLOW_UP_OVERDUE] <= 2  # realistic, not a caseload on fire


def story(root: Path, codes=None) -> list:
    """What a demo folder tells, with the dates counted from today."""
    return [(h.code, h.supervisor, [c.supervisor for c in h.assignments],
             [(r.role, r.meeting_date - today(), r.lang, {i: a.value for i, a in r.answers.items()})
              for r in h.readings],
             sorted((i.kind, i.start - today()) for i in h.interventions), h.plan and h.plan.goal)
            for h in Store(root).read_all() if codes is None or h.code in codes]


def test_a_new_indicator_or_question_leaves_every_other_value_as_it_was(tmp_path, trial):  # noqa: F811
    """Each indicator's levels and each answer are drawn on their own: the demo made
    on flows with a new indicator and new questions (`test_flows_as_data`) tells
    the same story as on the shipped flows, the new answers added."""
    shipped = {role: {q.id for q in LIBRARY.current(role).questions} for role in (PARTICIPANT, SUPERVISOR)}
    before, after = tmp_path / "before", tmp_path / "after"
    demo.build(Store(before), LIBRARY)
    library = flow_library()
    assert library.indicators() != LIBRARY.indicators()
    new = {role: {q.id for q in library.current(role).questions} - shipped[role] for role in shipped}
    assert new[PARTICIPANT] and new[SUPERVISOR]
    demo.build(Store(after), library)

    told, added = story(after), Counter()
    for _code, _supervisor, _assignments, readings, _interventions, _goal in told:
        for role, _on, _lang, answers in readings:
            for question in set(answers) - shipped[role]:
                assert question in new[role]
                added[question] += 1
                del answers[question]
    assert told == story(before)
    # and the new questions are answered in every sent reading of their side
    sent = {role: sum(len(h.sent(role)) for h in Store(after).read_all()) for role in shipped}
    assert {q: added[q] >= sent[role] for role in shipped for q in new[role]} == dict.fromkeys(added, True)


# -- the command ---------------------------------------------------------------------------

def files_of(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_command_says_how_to_log_in(made):
    data, first = made
    say = i18n.gettext_for(LANGS[0])
    assert say("Made the demo data folder {path}.").format(path=data) in first.stdout
    for code, pin in demo.LOGINS:
        assert say("code {code}, PIN {pin}").format(code=code, pin=pin) in first.stdout
    for supervisor_id, passphrase, _name in demo.SUPERVISORS:
        assert say("The supervisor {id} has the passphrase {passphrase}.").format(
            id=supervisor_id, passphrase=passphrase) in first.stdout
    for leader_id, passphrase, _name in demo.LEADERS:
        assert say("The leader {id} has the passphrase {passphrase}: the organisation's report, "
                   "no participants.").format(id=leader_id, passphrase=passphrase) in first.stdout


def test_a_second_run_changes_nothing(skapa, folder):
    before = files_of(folder)
    assert not demo.build(Store(folder), LIBRARY).anything
    assert files_of(folder) == before
    for lang in LANGS:
        again = skapa("demo", "--data", folder, lang=lang)
        assert again.returncode == 0, again.stderr
        said = i18n.gettext_for(lang)("The demo data folder {path} is ready.")
        assert said.format(path=folder) in again.stdout
        assert files_of(folder) == before


def test_what_is_there_stays_and_the_rest_tells_the_same_story(skapa, tmp_path, folder):
    """An older demo folder (its participants from before supervisors, with no
    history) gets only what it lacks, and what it gets is the same as in any
    demo folder: seeded, whoever else is there."""
    data = tmp_path / "data"
    store = Store(data)
    store.add_supervisor("demo", "demo-passphrase", "Demo")
    *there, missing = demo.CODES
    pins = dict(demo.LOGINS)
    for code in there:
        store.add_participant(code, pins.get(code, "9999"))
    done = skapa("demo", "--data", data, lang=LANGS[0])
    assert done.returncode == 0, done.stderr
    said = i18n.gettext_for(LANGS[0])("The demo data folder {path} is ready.")
    assert said.format(path=data) in done.stdout
    assert sorted(store.participant_codes()) == sorted(demo.CODES)
    assert {s.id for s in store.supervisors()} == {s for s, _p, _n in (*demo.SUPERVISORS, *demo.LEADERS)}
    for code in there:
        history = store.history(code)
        assert history.readings == [] and history.supervisor in {s for s, _p, _n in demo.SUPERVISORS}
    for code, pin in demo.LOGINS:
        assert store.check_login(code, pin) == code
    assert story(data, {missing}) == story(folder, {missing})
    assert len(story(data, {missing})) == 1


@pytest.mark.parametrize("other", ["participant", "supervisor"])
def test_a_real_folder_is_left_alone(skapa, tmp_path, other):
    data = tmp_path / "data"
    store = Store(data)
    if other == "participant":
        store.add_participant("AB12", "918273")
    else:
        store.add_supervisor("anna", "the long passphrase")
    before = files_of(data)
    done = skapa("demo", "--data", data, lang=LANGS[0])
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert str(data) in done.stderr
    assert files_of(data) == before
