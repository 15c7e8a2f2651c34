"""The Store for two roles: typed answers, readings by supervisors and from paper,
corrections, supervisors and their logins, assignments and caseloads,
interventions and plans, on real files (and several processes)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from skapa_tui.domain import reading as reading_module
from skapa_tui.domain.interventions import GROUPS, JOB_FOCUSED, KINDS, OTHER
from skapa_tui.domain.plan import GOAL_MAX
from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.domain.supervisor import PASSPHRASE_MIN
from skapa_tui.storage import (
    DamagedData,
    InactiveSupervisor,
    InvalidPassphrase,
    InvalidSupervisorId,
    InvalidValue,
    LoginResting,
    ReadingSent,
    StorageError,
    Store,
    SupervisorExists,
    UnknownIntervention,
    UnknownParticipant,
    UnknownReading,
    UnknownSupervisor,
)
from skapa_tui.storage.store import INDEX_FILE, LOGIN_REST, LOGIN_TRIES

from .test_storage_files import run_python

ANNA, BO = "anna", "bo"
PASSPHRASE = "a long passphrase"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor(ANNA, PASSPHRASE, "Anna L")
    store.add_supervisor(BO, PASSPHRASE)
    store.add_participant("AB12", "1234", supervisor=ANNA)
    store.add_participant("CD34", "1234")
    return store


def kiosk(store: Store, code: str = "AB12"):
    return store.start_reading(code, flow="participant", flow_version=1, role="participant", rater=None,
                               entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")


def sent(store: Store, values: dict, code: str = "AB12"):
    reading = kiosk(store, code)
    for item, value in values.items():
        store.save_answer(code, reading.id, Answer(item, None, value, now()), None)
    return store.complete_reading(code, reading.id)


# -- typed answers ---------------------------------------------------------------

@pytest.mark.parametrize("value", [1, 5, "often", "a_b2", ("a", "b_c"), (), None])
def test_typed_answer_values_are_stored_and_read_back(store: Store, value):
    reading = kiosk(store)
    store.save_answer("AB12", reading.id, Answer("q1", None, value, now()), "q2")
    got = store.history("AB12").readings[0].answers["q1"]
    assert got.value == value and type(got.value) is type(value)
    assert got.indicator is None


@pytest.mark.parametrize("value", [0, 6, True, False, 2.0, "Often", "1", "a b", "", ("a", "a"),
                                   ["a", "b"], ("a", 1), ("A",), {"a"}])
def test_bad_answer_values_are_refused(store: Store, value):
    reading = kiosk(store)
    before = store.path_of("AB12").read_bytes()
    with pytest.raises(InvalidValue):
        store.save_answer("AB12", reading.id, Answer("q1", None, value, now()), None)
    assert store.path_of("AB12").read_bytes() == before


# -- readings of both roles ------------------------------------------------------

def test_a_supervisors_readings_live_and_from_paper(store: Store):
    live = store.start_reading("AB12", flow="supervisor", flow_version=2, role="supervisor", rater=ANNA,
                               entry="live", entered_by=ANNA, meeting_date=today(), lang="da")
    past = today() - timedelta(days=20)
    paper = store.start_reading("AB12", flow="participant", flow_version=1, role="participant", rater=None,
                                entry="paper", entered_by=" Bo ", meeting_date=past, lang="sv")
    handover = store.start_reading("AB12", flow="participant", flow_version=1, role="participant", rater=None,
                                   entry="handover", entered_by=ANNA, meeting_date=today(), lang="sv")
    readings = {r.id: r for r in store.history("AB12").readings}
    assert (readings[live.id].rater, readings[live.id].entry, readings[live.id].entered_by) == (ANNA, "live", ANNA)
    assert readings[paper.id].meeting_date == past and readings[paper.id].entered_by == BO
    assert readings[handover.id].entry == "handover" and readings[handover.id].rater is None
    assert store.open_reading("AB12", flow="participant", role="participant", entry="paper").id == paper.id
    assert store.open_reading("AB12", flow="participant", role="participant").id == handover.id


@pytest.mark.parametrize("change", [
    {"meeting_date": today() + timedelta(days=1)},                     # the future
    {"meeting_date": today() - timedelta(days=1)},                     # past, but not paper
    {"meeting_date": datetime.now()},                                  # not a date
    {"meeting_date": "2024-01-01"},
    {"entry": "phone"},
    {"role": "participant", "rater": ANNA},                            # own reading with a rater
    {"rater": None},                                                   # supervisor's without
    {"entered_by": None},                                              # live, nobody entering
    {"entry": "kiosk", "entered_by": None},                            # a supervisor at the kiosk
])
def test_bad_reading_fields_are_refused(store: Store, change):
    fields = dict(flow="supervisor", flow_version=1, role="supervisor", rater=ANNA, entry="live",
                  entered_by=ANNA, meeting_date=today(), lang="sv") | change
    with pytest.raises(InvalidValue):
        store.start_reading("AB12", **fields)
    assert store.history("AB12").readings == []


def test_raters_must_be_active_supervisors(store: Store):
    fields = dict(flow="supervisor", flow_version=1, role="supervisor", entry="live", meeting_date=today(),
                  lang="sv")
    with pytest.raises(UnknownSupervisor):
        store.start_reading("AB12", rater="nobody", entered_by=ANNA, **fields)
    with pytest.raises(InvalidSupervisorId):
        store.start_reading("AB12", rater="Anna!", entered_by=ANNA, **fields)
    store.deactivate_supervisor(BO)
    with pytest.raises(InactiveSupervisor):
        store.start_reading("AB12", rater=BO, entered_by=BO, **fields)


def test_paper_may_be_dated_in_the_past_but_not_the_future(store: Store, monkeypatch):
    fields = dict(flow="participant", flow_version=1, role="participant", rater=None, entry="paper",
                  entered_by=ANNA, lang="sv")
    store.start_reading("AB12", meeting_date=date(2020, 2, 29), **fields)
    monkeypatch.setattr(reading_module, "today", lambda: date(2020, 2, 28))
    with pytest.raises(InvalidValue) as caught:
        store.start_reading("AB12", meeting_date=date(2020, 2, 29), **fields)
    assert caught.value.fields == {"name": "meeting_date"}


# -- corrections -----------------------------------------------------------------

def test_a_correction_keeps_the_old_value(store: Store):
    reading = sent(store, {"q1": 2, "q2": ("a", "b")})
    first = store.correct_answer("AB12", reading.id, "q1", 4, by=ANNA, why="  typed   wrong ")
    assert (first.old, first.new, first.by, first.why) == (2, 4, ANNA, "typed wrong")
    second = store.correct_answer("AB12", reading.id, "q1", None, by=BO, why="not asked")
    assert (second.old, second.new) == (4, None)
    store.correct_answer("AB12", reading.id, "q2", ("b",), by=ANNA, why="only b")
    (stored,) = store.history("AB12").readings
    assert stored.answers["q1"].value == 2  # as given
    assert stored.value("q1") is None and stored.value("q2") == ("b",)
    assert [(c.item, c.old, c.new) for c in stored.corrections] == [
        ("q1", 2, 4), ("q1", 4, None), ("q2", ("a", "b"), ("b",))]
    assert stored.completed_at == reading.completed_at


def test_corrections_need_a_sent_reading_a_reason_and_a_change(store: Store):
    open_reading = kiosk(store)
    store.save_answer("AB12", open_reading.id, Answer("q1", None, 3, now()), None)
    with pytest.raises(InvalidValue):
        store.correct_answer("AB12", open_reading.id, "q1", 4, by=ANNA, why="x")
    reading = sent(store, {"q1": 3})
    for why in ("", "   ", None, "x" * 201):
        with pytest.raises(InvalidValue):
            store.correct_answer("AB12", reading.id, "q1", 4, by=ANNA, why=why)
    with pytest.raises(InvalidValue):
        store.correct_answer("AB12", reading.id, "q1", 3, by=ANNA, why="same")
    with pytest.raises(InvalidValue):
        store.correct_answer("AB12", reading.id, "q1", 9, by=ANNA, why="bad")
    with pytest.raises(UnknownSupervisor):
        store.correct_answer("AB12", reading.id, "q1", 4, by="nobody", why="x")
    with pytest.raises(UnknownReading):
        store.correct_answer("AB12", "nope", "q1", 4, by=ANNA, why="x")
    assert all(r.corrections == [] for r in store.history("AB12").readings)
    with pytest.raises(ReadingSent):
        store.save_answer("AB12", reading.id, Answer("q1", None, 4, now()), None)


# -- supervisors -------------------------------------------------------------------

def test_supervisors_are_added_listed_and_read(store: Store):
    store.add_supervisor(" Cilla.K ", PASSPHRASE + "!")
    assert [s.id for s in store.supervisors()] == [ANNA, BO, "cilla.k"]
    anna = store.supervisor("ANNA")
    assert (anna.id, anna.name, anna.active, anna.label) == (ANNA, "Anna L", True, "Anna L (anna)")
    with pytest.raises(SupervisorExists) as caught:
        store.add_supervisor("anna", PASSPHRASE)
    assert caught.value.fields == {"supervisor": ANNA} and "{supervisor}" in caught.value.message
    with pytest.raises(UnknownSupervisor):
        store.supervisor("nobody")
    with pytest.raises(InvalidSupervisorId):
        store.add_supervisor("9lives", PASSPHRASE)
    with pytest.raises(InvalidSupervisorId):
        store.add_supervisor("dora", PASSPHRASE, "x" * 81)
    with pytest.raises(InvalidPassphrase):
        store.add_supervisor("dora", "x" * (PASSPHRASE_MIN - 1))
    assert "dora" not in [s.id for s in store.supervisors()]


def test_supervisor_files_are_named_by_hmac_and_hold_no_passphrase(store: Store):
    files = sorted(store.supervisors_dir.glob("*.json"))
    assert len(files) == 2 and all(ANNA not in p.name and BO not in p.name for p in files)
    for path in files:
        tables = json.loads(path.read_text("utf-8"))
        (doc,) = tables["supervisor"].values()
        assert set(doc) == {"format", "id", "name", "passphrase", "active", "created_at", "role"}
        assert doc["format"] == 2 and doc["passphrase"].startswith("scrypt$")
        assert PASSPHRASE not in path.read_text("utf-8")


def test_supervisor_login(store: Store):
    assert store.check_supervisor_login(" Anna", PASSPHRASE).id == ANNA
    assert store.check_supervisor_login(ANNA, PASSPHRASE + "x") is None
    assert store.check_supervisor_login("nobody", PASSPHRASE) is None
    assert store.check_supervisor_login("!", "short") is None
    store.change_passphrase(ANNA, "another passphrase")
    assert store.check_supervisor_login(ANNA, PASSPHRASE) is None
    assert store.check_supervisor_login(ANNA, "another passphrase").id == ANNA


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        t = now()

        def __call__(self):
            return self.t

    clock = Clock()
    monkeypatch.setattr(reading_module, "now", clock)
    return clock


def test_wrong_passphrases_make_a_supervisor_rest(store: Store, clock):
    terminals = [Store(store.root) for _ in range(LOGIN_TRIES)]
    for terminal in terminals:
        assert terminal.check_supervisor_login(ANNA, "wrong passphrase") is None
    with pytest.raises(LoginResting) as resting:
        store.check_supervisor_login(ANNA, PASSPHRASE)
    assert resting.value.until == clock.t + LOGIN_REST
    assert store.check_supervisor_login(BO, PASSPHRASE).id == BO  # the others go on
    clock.t += LOGIN_REST
    assert store.check_supervisor_login(ANNA, PASSPHRASE).id == ANNA
    for _ in range(LOGIN_TRIES):
        store.check_supervisor_login(ANNA, "wrong passphrase")
    store.change_passphrase(ANNA, "a new passphrase")  # ends the rest
    assert store.check_supervisor_login(ANNA, "a new passphrase").id == ANNA


def test_a_deactivated_supervisor_cannot_log_in_and_history_stays(store: Store):
    reading = sent(store, {"q1": 3})
    store.correct_answer("AB12", reading.id, "q1", 4, by=ANNA, why="typo")
    assert store.deactivate_supervisor(ANNA).active is False
    assert store.check_supervisor_login(ANNA, PASSPHRASE) is None
    assert store.supervisor(ANNA).active is False
    assert store.history("AB12").readings[0].corrections[0].by == ANNA
    assert store.history("AB12").supervisor == ANNA
    assert store.needing_supervisor() == ["AB12", "CD34"]
    with pytest.raises(InactiveSupervisor):
        store.assign("CD34", ANNA, by=BO)
    with pytest.raises(InactiveSupervisor):
        store.correct_answer("AB12", reading.id, "q1", 5, by=ANNA, why="again")


def test_a_damaged_supervisor_file(store: Store):
    path = next(p for p in store.supervisors_dir.glob("*.json")
                if json.loads(p.read_text("utf-8"))["supervisor"]["1"]["id"] == BO)
    path.write_bytes(b'{"supervisor": {"1": {"format": 2, "id": "bo"')
    damaged = path.read_bytes()
    for call in (lambda: store.supervisor(BO), lambda: store.check_supervisor_login(BO, PASSPHRASE),
                 lambda: store.change_passphrase(BO, "new passphrase"), lambda: store.deactivate_supervisor(BO),
                 lambda: store.assign("CD34", BO, by=ANNA), lambda: store.caseload(BO)):
        with pytest.raises(DamagedData) as caught:
            call()
        assert caught.value.files == [path] and str(path) in caught.value.render()
    with pytest.raises(SupervisorExists):
        store.add_supervisor(BO, PASSPHRASE)
    assert path.read_bytes() == damaged
    assert store.damaged_files() == [path]
    assert [s.id for s in store.supervisors()] == [ANNA]
    assert store.check_supervisor_login(ANNA, PASSPHRASE).id == ANNA
    store.assign("CD34", ANNA, by=ANNA)


def test_a_supervisor_file_copied_under_another_name_is_damaged(store: Store):
    files = sorted(store.supervisors_dir.glob("*.json"))
    files[1].write_bytes(files[0].read_bytes())
    assert store.damaged_files() == [files[1]]


# -- assignments and caseloads ---------------------------------------------------------

def test_reassignment_history_with_from_to_and_date(store: Store):
    (first,) = store.history("AB12").assignments
    assert (first.supervisor, first.previous, first.on, first.by) == (ANNA, None, today(), None)
    assert not first.is_change
    day = today() - timedelta(days=3)
    change = store.assign("ab12", " BO", by=ANNA, on=day)
    assert (change.supervisor, change.previous, change.on, change.by) == (BO, ANNA, day, ANNA)
    assert store.assign("AB12", BO, by=ANNA) == change  # the same: nothing new
    store.assign("AB12", None, by=None)
    history = store.history("AB12")
    assert [(a.previous, a.supervisor) for a in history.assignments] == [(None, ANNA), (ANNA, BO), (BO, None)]
    assert [a.supervisor for a in history.changes] == [BO, None]
    assert history.supervisor is None
    with pytest.raises(InvalidValue):
        store.assign("AB12", ANNA, by=None, on=today() + timedelta(days=1))
    with pytest.raises(UnknownSupervisor):
        store.assign("AB12", "nobody", by=None)
    with pytest.raises(UnknownParticipant):
        store.assign("ZZ99", ANNA, by=None)
    assert len(store.history("AB12").assignments) == 3


def test_caseloads_come_from_the_index(store: Store):
    store.add_participant("EF56", "1234", supervisor=BO, by=ANNA)
    assert store.history("EF56").assignments[0].by == ANNA
    assert store.caseload(ANNA) == ["AB12"] and store.caseload(BO) == ["EF56"]
    assert store.needing_supervisor() == ["CD34"]
    store.assign("CD34", ANNA, by=BO)
    assert store.caseload("Anna") == ["AB12", "CD34"]
    assert store.caseloads() == {ANNA: ["AB12", "CD34"], BO: ["EF56"]}
    assert store.needing_supervisor() == []
    # No participant file is read: a damaged one still counts in its caseload.
    store.path_of("CD34").write_bytes(b"{oops")
    assert store.caseload(ANNA) == ["AB12", "CD34"]
    with pytest.raises(UnknownSupervisor):
        store.caseload("nobody")


def test_the_index_is_rebuilt_with_the_supervisors(store: Store):
    store.assign("CD34", BO, by=None)
    (store.root / INDEX_FILE).unlink()
    assert Store(store.root).caseload(BO) == ["CD34"]
    index = json.loads((store.root / INDEX_FILE).read_text("utf-8"))
    assert index == {"format": 2, "participants": {
        store.path_of(c).stem: {"code": c, "supervisor": s} for c, s in (("AB12", ANNA), ("CD34", BO))}}


def test_a_format_1_index_is_still_read(store: Store):
    store.assign("CD34", BO, by=None)
    old = {"format": 1, "participants": {store.path_of(c).stem: c for c in ("AB12", "CD34")}}
    (store.root / INDEX_FILE).write_text(json.dumps(old), "utf-8")
    assert store.participant_codes() == ["AB12", "CD34"]
    assert json.loads((store.root / INDEX_FILE).read_text("utf-8")) == old  # nothing to rebuild for codes
    assert store.caseload(BO) == ["CD34"]  # the supervisors are read from the files once
    assert json.loads((store.root / INDEX_FILE).read_text("utf-8"))["format"] == 2


def test_adding_with_an_unknown_or_inactive_supervisor_adds_nothing(store: Store):
    with pytest.raises(UnknownSupervisor):
        store.add_participant("EF56", "1234", supervisor="nobody")
    store.deactivate_supervisor(BO)
    with pytest.raises(InactiveSupervisor):
        store.add_participant("EF56", "1234", supervisor=BO)
    assert store.participant_codes() == ["AB12", "CD34"]


# -- interventions and plans -----------------------------------------------------------

def test_interventions_are_added_and_ended(store: Store):
    kind = next(k for k in KINDS if k.group == JOB_FOCUSED)
    start = today() - timedelta(days=30)
    job = store.add_intervention("AB12", kind=kind.id, group=kind.group, text=None, start=start, end=None,
                                 responsible="Anna at the job centre", by=ANNA)
    other = store.add_intervention("AB12", kind=OTHER, group=GROUPS[-1].id, text=" Choir  practice ",
                                   start=start, end=today() + timedelta(days=1), responsible="Bo", by=BO)
    ended = store.end_intervention("AB12", job.id, end=today() - timedelta(days=1), by=BO)
    assert ended.end == today() - timedelta(days=1) and not ended.active_on(today())
    history = store.history("AB12")
    assert [i.id for i in history.interventions] == [job.id, other.id]
    assert history.interventions[0] == ended
    assert history.interventions[1].text == "Choir practice"
    assert [i.id for i in history.active_interventions(today())] == [other.id]
    # ended today: over today (its end date is the day it ended)
    store.end_intervention("AB12", other.id, end=today(), by=BO)
    assert store.history("AB12").active_interventions(today()) == []
    with pytest.raises(UnknownIntervention):
        store.end_intervention("AB12", "nope", end=today(), by=ANNA)
    with pytest.raises(InvalidValue):
        store.end_intervention("AB12", other.id, end=start - timedelta(days=1), by=ANNA)


@pytest.mark.parametrize("kind,group,text", [
    ("job_search", "health", None),       # the wrong group
    ("juggling", "job_focused", None),    # no such kind
    (OTHER, "job_focused", None),         # other without text
    (OTHER, "nowhere", "x"),              # other without a group
    (OTHER, "social", "x" * 200),         # too long
])
def test_bad_interventions_are_refused(store: Store, kind, group, text):
    with pytest.raises(InvalidValue) as caught:
        store.add_intervention("AB12", kind=kind, group=group, text=text, start=today(), end=None,
                               responsible="Anna", by=ANNA)
    assert caught.value.render()
    assert store.history("AB12").interventions == []


def test_plans_keep_their_history(store: Store):
    kind = KINDS[0]
    one = store.add_intervention("AB12", kind=kind.id, group=kind.group, text=None, start=today(), end=None,
                                 responsible="Anna", by=ANNA)
    first = store.save_plan("AB12", goal="A job in a shop", next_follow_up=today() + timedelta(days=90),
                            interventions=[one.id], by=ANNA)
    second = store.save_plan("AB12", goal="  A job   in a café ", next_follow_up=None, interventions=[], by=BO)
    history = store.history("AB12")
    assert history.plans == [first, second] and history.plan == second
    assert (second.goal, second.made_by, second.interventions) == ("A job in a café", BO, ())
    assert first.interventions == (one.id,)
    assert history.follow_up is None
    store.set_follow_up("AB12", today() + timedelta(days=10), by=ANNA)
    assert store.history("AB12").follow_up == today() + timedelta(days=10)
    with pytest.raises(UnknownIntervention):
        store.save_plan("AB12", goal="x", next_follow_up=None, interventions=["nope"], by=ANNA)
    with pytest.raises(InvalidValue):
        store.save_plan("AB12", goal="x" * (GOAL_MAX + 1), next_follow_up=None, interventions=[], by=ANNA)
    with pytest.raises(InvalidValue):
        store.save_plan("AB12", goal="x", next_follow_up="soon", interventions=[], by=ANNA)
    assert len(store.history("AB12").plans) == 2


# -- watching and errors ----------------------------------------------------------------

def test_stamp_changes_with_each_write_from_any_store(store: Store):
    before = store.stamp("AB12")
    assert isinstance(before, tuple)
    Store(store.root).assign("AB12", BO, by=None)
    assert store.stamp("AB12") != before
    assert store.stamp("ZZ99") is None


def test_every_error_is_a_storage_error_with_a_msgid(store: Store):
    calls = [lambda: store.supervisor("nobody"), lambda: store.add_supervisor(ANNA, PASSPHRASE),
             lambda: store.history("ZZ99"), lambda: store.complete_reading("AB12", "nope"),
             lambda: store.end_intervention("AB12", "nope", end=today(), by=ANNA),
             lambda: store.add_supervisor("x", PASSPHRASE), lambda: store.add_supervisor("xy", "short")]
    for call in calls:
        with pytest.raises(StorageError) as caught:
            call()
        assert caught.value.render() == caught.value.message.format(**caught.value.fields)


# -- several processes at once -------------------------------------------------------------

WORKER = r"""
import sys
from skapa_tui.domain.reading import Answer, now
from skapa_tui.storage import Store
root, reading_id, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = Store(root)
for n in range(count):
    store.assign("AB12", ("anna", "bo")[(n + worker) % 2], by=None)
    store.save_answer("AB12", reading_id, Answer(f"w{worker}_{n}", None, ("x", f"o{n}"), now()), None)
print("ok")
"""


def test_processes_assigning_and_saving_at_once_lose_nothing(store: Store):
    reading = kiosk(store)
    workers, count = 3, 12
    children = [run_python(WORKER, store.root, reading.id, w, count) for w in range(workers)]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert out.strip() == "ok"
    history = Store(store.root).history("AB12")
    assert set(history.readings[0].answers) == {f"w{w}_{n}" for w in range(workers) for n in range(count)}
    # Every assignment follows from the one before it: none lost, none written over.
    for before, after in zip(history.assignments, history.assignments[1:]):
        assert after.previous == before.supervisor != after.supervisor
    assert store.caseload(history.supervisor) == ["AB12"]
