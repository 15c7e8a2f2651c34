"""The Store: participants, logins, readings and answers, on real files."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from skapa_tui.domain import reading as reading_module
from skapa_tui.domain.reading import Answer, Reading, now, today
from skapa_tui.storage import (
    DataFolderError,
    InvalidCode,
    InvalidValue,
    LoginResting,
    ParticipantExists,
    ReadingSent,
    StorageError,
    Store,
    UnknownParticipant,
    UnknownReading,
)
from skapa_tui.storage.store import INDEX_FILE, LOGIN_REST, LOGIN_TRIES, META_FILE

SUPERVISOR = "anna"
PASSPHRASE = "a long passphrase"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_participant("AB12", "1234")
    store.add_supervisor(SUPERVISOR, PASSPHRASE)
    return store


def start(store: Store, code: str = "AB12", role: str = "participant", flow: str = "participant") -> Reading:
    """A participant's reading at the kiosk, or a supervisor's, entered live."""
    if role == "participant":
        return store.start_reading(code, flow=flow, flow_version=1, role=role, rater=None, entry="kiosk",
                                   entered_by=None, meeting_date=today(), lang="sv")
    return store.start_reading(code, flow=flow, flow_version=1, role=role, rater=SUPERVISOR, entry="live",
                               entered_by=SUPERVISOR, meeting_date=today(), lang="sv")


def answer(item: str, value: int | None = 3, indicator: str = "health") -> Answer:
    return Answer(item, indicator, value, now())


# -- participants ------------------------------------------------------------

def test_add_returns_the_normalized_code_and_login_works(store: Store):
    assert store.add_participant("  cd-34 ", "98765") == "CD-34"
    assert store.check_login("cd-34", "98765") == "CD-34"
    assert store.check_login("CD-34", "98764") is None
    assert store.check_login("EF56", "98765") is None


def test_codes_are_sorted_and_unique(store: Store):
    store.add_participant("ZZ1", "1234")
    store.add_participant("Åsa", "1234")
    store.add_participant("ab-1", "1234")
    assert store.participant_codes() == sorted(["AB12", "ZZ1", "ÅSA", "AB-1"])
    with pytest.raises(ParticipantExists) as caught:
        store.add_participant(" ab12", "5555")
    assert caught.value.fields == {"code": "AB12"}
    assert store.check_login("AB12", "1234") == "AB12"  # the first PIN still holds


def test_errors_carry_a_msgid_and_fields(store: Store):
    with pytest.raises(StorageError) as caught:
        store.add_participant("AB12", "1234")
    error = caught.value
    assert "{code}" in error.message
    assert error.render() == error.message.format(code="AB12") == str(error)
    swedish = {error.message: "Det finns redan en deltagare med koden {code}."}
    assert error.render(swedish.get) == "Det finns redan en deltagare med koden AB12."


def test_bad_code_in_any_operation_is_invalid_code(store: Store):
    for call in (lambda: store.readings("A"), lambda: start(store, "a b"),
                 lambda: store.save_answer("-X", "s", answer("q1"), None)):
        with pytest.raises(InvalidCode):
            call()


def test_unknown_participant(store: Store):
    with pytest.raises(UnknownParticipant):
        store.readings("NOBODY")
    with pytest.raises(UnknownParticipant):
        start(store, "NOBODY")


def test_change_pin(store: Store):
    store.change_pin("ab12", "4321")
    assert store.check_login("AB12", "1234") is None
    assert store.check_login("AB12", "4321") == "AB12"


# -- wrong PINs: the code rests, whichever kiosk the tries came from -----------

def participant_doc(store: Store, code: str = "AB12") -> dict:
    (doc,) = json.loads(store.path_of(code).read_text("utf-8"))["participant"].values()
    return doc


@pytest.fixture
def clock(monkeypatch):
    """The store's clock, moved by hand."""
    class Clock:
        t = now()

        def __call__(self):
            return self.t

    clock = Clock()
    monkeypatch.setattr(reading_module, "now", clock)
    return clock


def test_wrong_pins_in_a_row_make_the_code_rest_even_for_the_right_pin(store: Store, clock):
    kiosks = [Store(store.root) for _ in range(LOGIN_TRIES)]  # one try at each of five kiosks
    for kiosk in kiosks:
        assert kiosk.check_login("AB12", "9999") is None
    with pytest.raises(LoginResting) as resting:
        store.check_login("AB12", "1234")
    assert resting.value.until == clock.t + LOGIN_REST
    assert resting.value.render() == "Please wait a minute and try again, or ask your supervisor."
    with pytest.raises(LoginResting):
        store.check_login("AB12", "9999")  # tries while it rests do not count
    clock.t += LOGIN_REST
    assert store.check_login("AB12", "1234") == "AB12"
    assert set(participant_doc(store)) == {"format", "code", "pin", "created_at"}


def tries_file(store: Store) -> dict:
    path = store.root / "logins.json"
    return json.loads(path.read_text("utf-8"))["tries"] if path.exists() else {}


def test_the_right_pin_ends_the_wrong_tries(store: Store, clock):
    for _ in range(LOGIN_TRIES - 1):
        assert store.check_login("AB12", "9999") is None
    assert [entry["failed"] for entry in tries_file(store).values()] == [LOGIN_TRIES - 1]
    assert store.check_login("AB12", "1234") == "AB12"
    assert tries_file(store) == {}
    assert set(participant_doc(store)) == {"format", "code", "pin", "created_at"}
    for _ in range(LOGIN_TRIES - 1):
        assert store.check_login("AB12", "9999") is None
    assert store.check_login("AB12", "1234") == "AB12"  # counted from nought again


def test_each_new_round_of_wrong_pins_rests_again(store: Store, clock):
    for _round in range(2):
        for _ in range(LOGIN_TRIES):
            assert store.check_login("AB12", "9999") is None
        with pytest.raises(LoginResting):
            store.check_login("AB12", "1234")
        clock.t += LOGIN_REST


def test_a_resting_code_does_not_hold_up_the_others(store: Store, clock):
    store.add_participant("CD34", "5678")
    for _ in range(LOGIN_TRIES):
        store.check_login("AB12", "9999")
    assert store.check_login("CD34", "5678") == "CD34"
    assert len(tries_file(store)) == 1


def test_a_new_pin_ends_the_rest(store: Store, clock):
    for _ in range(LOGIN_TRIES):
        store.check_login("AB12", "9999")
    store.change_pin("AB12", "4321")
    assert store.check_login("AB12", "4321") == "AB12"
    assert set(participant_doc(store)) == {"format", "code", "pin", "created_at"}


def test_unknown_codes_rest_exactly_as_known_ones(store: Store, clock):
    """Nobody learns which codes exist: a code nobody has rests after the same
    wrong tries, from any kiosk, and for the same time."""
    for code in ("AB12", "ZZ99", "not a code!"):
        kiosks = [Store(store.root) for _ in range(LOGIN_TRIES)]
        for kiosk in kiosks:
            assert kiosk.check_login(code, "9999") is None
        with pytest.raises(LoginResting) as resting:
            store.check_login(code, "1234")
        assert resting.value.until == clock.t + LOGIN_REST
    clock.t += LOGIN_REST
    assert store.check_login("AB12", "1234") == "AB12"
    assert store.check_login("ZZ99", "1234") is None


def test_a_login_by_someone_else_does_not_end_a_codes_rest(store: Store, clock):
    """The pattern that gave known codes away: four wrong PINs, a login by
    someone else, two more wrong PINs: the code rests, known or not."""
    store.add_participant("CD34", "5678")
    for code in ("AB12", "NOPE5"):
        for _ in range(LOGIN_TRIES - 1):
            assert store.check_login(code, "9999") is None
        assert store.check_login("CD34", "5678") == "CD34"
        assert store.check_login(code, "9999") is None
        with pytest.raises(LoginResting):
            store.check_login(code, "9999")


def test_the_count_names_no_code_in_clear(store: Store, clock):
    for code in ("AB12", "ZZ99"):
        store.check_login(code, "9999")
    raw = (store.root / "logins.json").read_text("utf-8")
    assert "AB12" not in raw.upper() and "ZZ99" not in raw.upper()
    assert store.path_of("AB12").stem not in raw  # nor the file's name
    assert oct((store.root / "logins.json").stat().st_mode & 0o777) == "0o600"


def test_a_new_supervisor_passphrase_ends_the_rest_and_unknown_ids_rest_too(store: Store, clock):
    for supervisor in (SUPERVISOR, "nobody"):
        for _ in range(LOGIN_TRIES):
            assert store.check_supervisor_login(supervisor, "a wrong passphrase") is None
        with pytest.raises(LoginResting):
            store.check_supervisor_login(supervisor, PASSPHRASE)
    store.change_passphrase(SUPERVISOR, "another long passphrase")
    assert store.check_supervisor_login(SUPERVISOR, "another long passphrase").id == SUPERVISOR


def test_old_counts_are_forgotten_after_a_day(store: Store, clock):
    from skapa_tui.storage.tries import LOGIN_FORGET

    store.check_login("ZZ99", "9999")
    clock.t += LOGIN_FORGET + timedelta(seconds=1)
    store.check_login("YY88", "9999")
    assert len(tries_file(store)) == 1


def test_unknown_codes_leave_nothing_behind(store: Store):
    before = sorted(p.name for p in store.participants_dir.iterdir())
    for _ in range(LOGIN_TRIES):
        assert store.check_login("ZZ99", "9999") is None
    for call in (lambda: store.change_pin("ZZ99", "1234"), lambda: start(store, "ZZ99"),
                 lambda: store.save_position("ZZ99", "1", "q1")):
        with pytest.raises(UnknownParticipant):
            call()
    assert sorted(p.name for p in store.participants_dir.iterdir()) == before


# -- the files -----------------------------------------------------------------

def test_file_names_do_not_show_codes_and_hold_the_minimum(store: Store):
    folder = store.root / "participants"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and all("AB12" not in n.upper() for n in names)
    path = store.path_of("ab12")
    assert path.name in names and path.with_suffix(".lock").name in names
    data = json.loads(path.read_text("utf-8"))
    assert set(data) == {"participant", "readings", "assignments", "interventions", "plans", "corrections",
                         "notes", "access"}
    assert all(table == {} for name, table in data.items() if name != "participant")
    (doc,) = data["participant"].values()
    assert set(doc) == {"format", "code", "pin", "created_at"}
    assert doc["code"] == "AB12" and doc["pin"].startswith("scrypt$")


def test_names_are_keyed_per_folder(tmp_path: Path):
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    assert one.path_of("AB12").name != two.path_of("AB12").name


def test_data_survives_a_new_store_object(store: Store):
    session = start(store)
    store.save_answer("AB12", session.id, answer("q1", 4), "q2")
    again = Store(store.root)
    assert again.check_login("AB12", "1234") == "AB12"
    assert again.readings("AB12")[0].answers["q1"].value == 4


def test_index_is_rebuilt_from_the_files(store: Store):
    store.add_participant("CD34", "1234")
    (store.root / INDEX_FILE).unlink()
    assert Store(store.root).participant_codes() == ["AB12", "CD34"]
    index = json.loads((store.root / INDEX_FILE).read_text("utf-8"))
    assert index["format"] == 2
    assert sorted((e["code"], e["supervisor"]) for e in index["participants"].values()) == [
        ("AB12", None), ("CD34", None)]


def test_index_forgets_a_removed_file_and_learns_an_unlisted_one(store: Store):
    store.add_participant("CD34", "1234")
    store.path_of("CD34").unlink()
    assert store.participant_codes() == ["AB12"]
    # A crash between writing a new participant file and the index:
    index_path = store.root / INDEX_FILE
    index = json.loads(index_path.read_text("utf-8"))
    store.add_participant("EF56", "1234")
    index_path.write_text(json.dumps(index), "utf-8")
    assert store.participant_codes() == ["AB12", "EF56"]


def test_damaged_index_is_kept_aside_and_rebuilt(store: Store):
    index_path = store.root / INDEX_FILE
    index_path.write_bytes(b"{not json")
    store.add_participant("CD34", "1234")
    assert store.participant_codes() == ["AB12", "CD34"]
    kept = list(store.root.glob(f"{INDEX_FILE}.damaged-*"))
    assert [p.read_bytes() for p in kept] == [b"{not json"]


# -- the folder ------------------------------------------------------------------

def test_folder_is_made_private(tmp_path: Path):
    root = tmp_path / "a" / "b"
    Store(root)
    assert (root.stat().st_mode & 0o777) == 0o700
    assert (root / META_FILE).exists()


def test_an_own_folder_with_loose_mode_is_tightened(store: Store):
    os.chmod(store.root, 0o755)
    Store(store.root)
    assert (store.root.stat().st_mode & 0o777) == 0o700


def test_a_foreign_folder_is_refused_and_left_alone(tmp_path: Path):
    foreign = tmp_path / "home"
    foreign.mkdir(mode=0o755)
    os.chmod(foreign, 0o755)
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(DataFolderError) as caught:
        Store(foreign)
    assert caught.value.fields == {"folder": str(foreign)}
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    assert (foreign.stat().st_mode & 0o777) == 0o755


def test_an_empty_existing_folder_is_taken(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    Store(tmp_path / "empty").add_participant("AB12", "1234")
    again = Store(tmp_path / "empty")
    assert again.participant_codes() == ["AB12"]
    assert again.check_login("AB12", "1234") == "AB12"


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path):
    (tmp_path / "data").write_text("x")
    with pytest.raises(DataFolderError):
        Store(tmp_path / "data")


def test_an_unwritable_place_is_a_data_folder_error(tmp_path: Path):
    if os.geteuid() == 0:
        blocked = Path("/proc/skapa-test")  # even root cannot make a folder here
    else:
        locked_parent = tmp_path / "ro"
        locked_parent.mkdir(mode=0o500)
        blocked = locked_parent / "data"
    with pytest.raises(DataFolderError):
        Store(blocked)


def test_newer_format_is_refused(store: Store):
    meta = store.root / META_FILE
    data = json.loads(meta.read_text("utf-8"))
    data["format"] = 99
    meta.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DataFolderError):
        Store(store.root)


# -- sessions ------------------------------------------------------------------

def test_reading_lifecycle(store: Store):
    session = start(store)
    assert session.completed_at is None and session.answers == {} and session.position is None
    assert store.open_reading("AB12", role="participant", flow="participant") == session
    store.save_answer("AB12", session.id, answer("q1", 2), "q2")
    store.save_answer("AB12", session.id, answer("q2", None, "contact"), "q3")
    store.save_answer("AB12", session.id, answer("q1", 5), "q3")  # changed on the review
    store.save_position("AB12", session.id, "review", lang="da")
    (saved,) = store.readings("AB12")
    assert list(saved.answers) == ["q1", "q2"]
    assert saved.answers["q1"].value == 5 and saved.answers["q2"].value is None
    assert saved.position == "review" and saved.lang == "da"
    done = store.complete_reading("AB12", session.id)
    assert done.completed_at is not None and done.finished
    assert store.readings("AB12")[0].completed_at == done.completed_at
    assert store.open_reading("AB12", role="participant", flow="participant") is None
    assert store.complete_reading("AB12", session.id).completed_at == done.completed_at


def test_a_sent_reading_is_not_changed(store: Store):
    session = start(store)
    store.complete_reading("AB12", session.id)
    with pytest.raises(ReadingSent):
        store.save_answer("AB12", session.id, answer("q1"), None)
    with pytest.raises(ReadingSent):
        store.save_position("AB12", session.id, "q1")


def test_open_reading_takes_the_newest_unfinished_of_role_and_flow(store: Store):
    first = start(store)
    second = start(store)
    supervisor = start(store, role="supervisor", flow="supervisor")
    other_flow = start(store, flow="follow_up")
    assert store.open_reading("AB12", role="participant", flow="participant").id == second.id
    assert store.open_reading("AB12", role="supervisor", flow="supervisor", rater=SUPERVISOR).id == supervisor.id
    assert store.open_reading("AB12", role="supervisor", flow="supervisor", rater=SUPERVISOR,
                              entry="live").id == supervisor.id
    assert store.open_reading("AB12", role="supervisor", flow="supervisor", rater=SUPERVISOR,
                              entry="paper") is None
    assert store.open_reading("AB12", role="supervisor", flow="supervisor") is None  # rater None: own reading
    assert store.open_reading("AB12", role="supervisor", flow="participant", rater=SUPERVISOR) is None
    store.complete_reading("AB12", second.id)
    assert store.open_reading("AB12", role="participant", flow="participant").id == first.id
    assert [s.id for s in store.readings("AB12")] == [first.id, second.id, supervisor.id, other_flow.id]


def test_readings_are_oldest_first_by_start_time(store: Store):
    ids = [start(store).id for _ in range(3)]
    path = store.path_of("AB12")
    data = json.loads(path.read_text("utf-8"))
    base = datetime(2024, 1, 1, tzinfo=UTC)
    for n, doc in zip((2, 0, 1), data["readings"].values()):
        doc["started_at"] = (base + timedelta(days=n)).isoformat()
    path.write_text(json.dumps(data), "utf-8")
    assert [s.id for s in store.readings("AB12")] == [ids[1], ids[2], ids[0]]


def test_participants_do_not_see_each_other(store: Store):
    store.add_participant("CD34", "1234")
    mine = start(store)
    store.save_answer("AB12", mine.id, answer("q1"), None)
    assert store.readings("CD34") == []
    with pytest.raises(UnknownReading):
        store.save_answer("CD34", mine.id, answer("q1"), None)


def test_unknown_reading(store: Store):
    with pytest.raises(UnknownReading) as caught:
        store.complete_reading("AB12", "nope")
    assert caught.value.fields == {"code": "AB12", "reading": "nope"}


def test_times_are_stored_in_utc(store: Store):
    session = start(store)
    local = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    store.save_answer("AB12", session.id, Answer("q1", "health", 1, local), None)
    saved = store.readings("AB12")[0].answers["q1"].answered_at
    assert saved == local and saved.utcoffset() == timedelta(0)


@pytest.mark.parametrize("bad", [
    Answer("q1", "health", 6, now()),
    Answer("q1", "health", 0, now()),
    Answer("q1", "health", True, now()),  # type: ignore[arg-type]
    Answer("q1", "health", "3", now()),  # type: ignore[arg-type]
    Answer("q1", "shoe_size", 3, now()),
    Answer("Q 1", "health", 3, now()),
    Answer("q1", "health", 3, datetime(2024, 1, 1)),  # no time zone
    "q1=3",
])
def test_bad_answers_are_refused_and_nothing_is_written(store: Store, bad):
    session = start(store)
    before = store.path_of("AB12").read_bytes()
    with pytest.raises(InvalidValue) as caught:
        store.save_answer("AB12", session.id, bad, None)
    assert caught.value.render()
    assert store.path_of("AB12").read_bytes() == before


@pytest.mark.parametrize("kwargs", [
    {"role": "boss"},
    {"flow": "Participant flow"},
    {"flow_version": 0},
    {"flow_version": True},
    {"flow_version": "1"},
    {"lang": ""},
    {"lang": "../../etc"},
])
def test_bad_reading_fields_are_refused(store: Store, kwargs):
    fields = {"role": "participant", "flow": "participant", "flow_version": 1, "lang": "sv", "rater": None,
              "entry": "kiosk", "entered_by": None, "meeting_date": today()} | kwargs
    with pytest.raises(InvalidValue):
        store.start_reading("AB12", **fields)
    assert store.readings("AB12") == []


def test_bad_position_is_refused(store: Store):
    session = start(store)
    with pytest.raises(InvalidValue):
        store.save_position("AB12", session.id, "x" * 200)
    with pytest.raises(InvalidValue):
        store.save_answer("AB12", session.id, answer("q1"), "a b")
    store.save_position("AB12", session.id, None)


def test_every_refusal_takes_the_same_time(store: Store, monkeypatch):
    """Whatever makes a login a refusal (an unknown code, a wrong PIN, a code
    that is not well-formed, a rest), the store sleeps until the same floor
    after the login began; a right PIN is not held up."""
    import time

    from skapa_tui.storage import tries

    slept: list[float] = []
    started = [0.0]
    # A floor no loaded machine reaches by itself (the sleep is only recorded):
    # with 0.5 s a check that took longer under load slept not at all.
    monkeypatch.setattr(tries, "LOGIN_FLOOR", 30.0)
    monkeypatch.setattr(tries.time, "sleep",
                        lambda seconds: slept.append(time.monotonic() - started[0] + seconds))
    attempts = [("ZZ99", "9999"), ("AB12", "9999"), ("?", "1"), ("AB12", "1234")]
    attempts += [("AB12", "9999")] * LOGIN_TRIES  # the last of these rests
    for code, pin in attempts:
        started[0] = time.monotonic()
        try:
            store.check_login(code, pin)
        except LoginResting:
            pass
        if (code, pin) == ("AB12", "1234"):
            assert not slept
        else:
            assert abs(slept.pop() - 30.0) < 0.01  # woken at the floor, whatever the reason
