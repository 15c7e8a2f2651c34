"""The files under the Store: private modes, atomic writes, damaged files, other processes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import DamagedData, DataFolderError, StorageError, Store
from skapa_tui.storage.files import TMP_PREFIX, atomic_write
from skapa_tui.storage.tinydb_storage import AtomicJSONStorage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_participant("AB12", "1234")
    store.add_supervisor("anna", "a long passphrase")
    return store


def start(store: Store, code: str = "AB12"):
    return store.start_reading(code, flow="participant", flow_version=1, role="participant", rater=None,
                               entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")


def run_python(script: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# -- modes ---------------------------------------------------------------------

def test_folders_0700_and_files_0600_whatever_the_umask(tmp_path: Path):
    old = os.umask(0o000)
    try:
        store = Store(tmp_path / "data")
        store.add_participant("AB12", "1234")
        session = start(store)
        store.save_answer("AB12", session.id, Answer("q1", "health", 3, now()), "q2")
        store.complete_reading("AB12", session.id)
        store.participant_codes()
    finally:
        os.umask(old)
    seen = 0
    for path in [store.root, *store.root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
        seen += 1
    assert seen >= 7  # root, meta, lock, index, participants/, .json, .lock


def test_a_restrictive_umask_still_gives_working_private_files(tmp_path: Path):
    old = os.umask(0o277)
    try:
        store = Store(tmp_path / "data")
        store.add_participant("AB12", "1234")
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path_of("AB12").stat().st_mode) == 0o600
    assert store.check_login("AB12", "1234") == "AB12"


# -- atomic writes -----------------------------------------------------------------

def test_no_temp_files_are_left_behind(store: Store):
    session = start(store)
    for n in range(5):
        store.save_answer("AB12", session.id, Answer(f"q{n}", "health", 3, now()), None)
    assert not [p for p in store.root.rglob(f"{TMP_PREFIX}*")]


def test_stale_temp_files_are_removed_on_opening(store: Store):
    stale = store.root / "participants" / f"{TMP_PREFIX}abc.json-123"
    fresh = store.root / "participants" / f"{TMP_PREFIX}def.json-456"
    stale.write_text("half")
    fresh.write_text("being written")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    Store(store.root)
    assert not stale.exists() and fresh.exists()


CRASH = r"""
import os, sys
from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import Store
store = Store(sys.argv[1])
def crash(fd):
    os._exit(7)  # power cut: after the temp file is written, before it is renamed
os.fsync = crash
store.save_answer("AB12", sys.argv[2], Answer("q2", "contact", 5, now()), "q3")
"""


def test_a_crash_while_writing_leaves_the_last_saved_state(store: Store):
    session = start(store)
    store.save_answer("AB12", session.id, Answer("q1", "health", 4, now()), "q2")
    before = store.path_of("AB12").read_bytes()
    child = run_python(CRASH, store.root, session.id)
    child.communicate(timeout=60)
    assert child.returncode == 7
    assert store.path_of("AB12").read_bytes() == before
    (saved,) = Store(store.root).readings("AB12")
    assert {i: a.value for i, a in saved.answers.items()} == {"q1": 4}
    assert saved.position == "q2"


def test_atomic_write_replaces_whole(tmp_path: Path):
    target = tmp_path / "f.json"
    atomic_write(target, b'{"a": 1}')
    atomic_write(target, b'{"a": 2}')
    assert target.read_bytes() == b'{"a": 2}'
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


# -- damaged files -------------------------------------------------------------------

DAMAGES = {
    "not json": b"{\"participant\": {\"1\": {\"code\": ",
    "empty": b"",
    "null": b"null",
    "a list": b"[]",
    "no participant": b'{"participant": {}, "readings": {}}',
    "binary": b"\xff\xfe\x00garbage",
}


def _damage(store: Store, how: str) -> Path:
    path = store.path_of("AB12")
    if how in DAMAGES:
        path.write_bytes(DAMAGES[how])
        return path
    data = json.loads(path.read_text("utf-8"))
    session = next(iter(data["readings"].values()))
    if how == "value 7":
        session["answers"][0]["value"] = 7
    elif how == "answers not a list":
        session["answers"] = {"q1": 3}
    elif how == "time without zone":
        session["started_at"] = "2024-01-01T10:00:00"
    elif how == "another code":
        next(iter(data["participant"].values()))["code"] = "ZZ99"
    elif how == "bad pin hash":
        next(iter(data["participant"].values()))["pin"] = "1234"
    elif how == "wrong tries not a number":
        next(iter(data["participant"].values()))["failed_logins"] = "4"
    elif how == "rest without zone":
        next(iter(data["participant"].values()))["resting_until"] = "2024-01-01T10:00:00"
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize("how", [*DAMAGES, "value 7", "answers not a list", "time without zone",
                                 "another code", "bad pin hash", "wrong tries not a number",
                                 "rest without zone"])
def test_a_damaged_file_is_reported_and_never_overwritten(store: Store, how):
    store.add_participant("CD34", "1234")
    session = start(store)
    store.save_answer("AB12", session.id, Answer("q1", "health", 3, now()), "q2")
    path = _damage(store, how)
    damaged = path.read_bytes()
    calls = [
        lambda: store.readings("AB12"),
        lambda: store.open_reading("AB12", role="participant", flow="participant"),
        lambda: start(store),
        lambda: store.save_answer("AB12", session.id, Answer("q2", "health", 1, now()), None),
        lambda: store.save_position("AB12", session.id, "q3"),
        lambda: store.complete_reading("AB12", session.id),
        lambda: store.check_login("AB12", "1234"),
        lambda: store.change_pin("AB12", "5678"),
        lambda: store.add_participant("AB12", "1234"),
    ]
    for call in calls:
        with pytest.raises(StorageError) as caught:
            call()
        error = caught.value
        if not isinstance(error, DamagedData):
            assert type(error).__name__ == "ParticipantExists"
            continue
        assert error.files == [path]
        assert error.fields["file"] == str(path)
        assert str(path) in error.render()
    assert path.read_bytes() == damaged
    # Everybody else goes on as before.
    other = start(store, "CD34")
    store.save_answer("CD34", other.id, Answer("q1", "health", 5, now()), None)
    assert store.readings("CD34")[0].answers["q1"].value == 5
    assert store.check_login("CD34", "1234") == "CD34"
    assert "CD34" in store.participant_codes()
    assert store.damaged_files() == [path]


def test_the_tinydb_storage_refuses_to_write_what_it_could_not_read(tmp_path: Path):
    path = tmp_path / "p.json"
    path.write_bytes(b"{broken")
    storage = AtomicJSONStorage(path)
    with pytest.raises(DamagedData):
        storage.read()
    with pytest.raises(DamagedData):
        storage.write({"_default": {}})
    assert path.read_bytes() == b"{broken"


def test_a_damaged_folder_description_is_reported(store: Store):
    meta = store.root / "skapa-data.json"
    meta.write_bytes(b"{oops")
    with pytest.raises(DamagedData):
        Store(store.root)
    assert meta.read_bytes() == b"{oops"


def test_a_file_that_cannot_be_read_is_damaged_data_and_never_written(store: Store):
    path = store.path_of("AB12")
    path.unlink()
    path.mkdir()  # even root cannot read a folder as a file
    for call in (lambda: store.readings("AB12"), lambda: start(store), lambda: store.check_login("AB12", "1234")):
        with pytest.raises(DamagedData) as caught:
            call()
        assert caught.value.files == [path]
    assert path.is_dir() and store.damaged_files() == [path]


# -- several processes at once ---------------------------------------------------------

HAMMER = r"""
import sys
from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import Store
root, session_id, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = Store(root)
for n in range(count):
    store.save_answer("AB12", session_id, Answer(f"w{worker}_{n}", "health", 1 + n % 5, now()), f"w{worker}_{n}")
    if n % 5 == 0:
        store.start_reading("AB12", flow="supervisor", flow_version=1, role="supervisor", rater="anna",
                            entry="live", entered_by="anna", meeting_date=today(), lang="da")
print("ok")
"""


def test_processes_writing_the_same_participant_lose_nothing(store: Store):
    session = start(store)
    workers, count = 4, 30
    children = [run_python(HAMMER, store.root, session.id, w, count) for w in range(workers)]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert out.strip() == "ok"
    data = json.loads(store.path_of("AB12").read_text("utf-8"))  # valid JSON
    sessions = Store(store.root).readings("AB12")
    main = next(s for s in sessions if s.id == session.id)
    assert set(main.answers) == {f"w{w}_{n}" for w in range(workers) for n in range(count)}
    assert all(main.answers[f"w{w}_{n}"].value == 1 + n % 5 for w in range(workers) for n in range(count))
    assert len(sessions) == 1 + workers * len(range(0, count, 5)) == len(data["readings"])


ADDER = r"""
import sys
from skapa_tui.storage import Store
store = Store(sys.argv[1])
for n in range(int(sys.argv[3])):
    store.add_participant(f"P{sys.argv[2]}-{n}", "1234")
"""


def test_processes_adding_participants_keep_the_index_whole(tmp_path: Path):
    root = tmp_path / "data"
    workers = 6  # all set up the same new folder at once, then add
    children = [run_python(ADDER, root, w, 4) for w in range(workers)]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    expected = sorted(f"P{w}-{n}" for w in range(workers) for n in range(4))
    index = json.loads((root / "index.json").read_text("utf-8"))
    assert sorted(e["code"] for e in index["participants"].values()) == expected
    assert Store(root).participant_codes() == expected


def test_a_folder_inside_an_unreachable_place_is_a_data_folder_error(tmp_path: Path):
    # The participants folder replaced by a file: every path under it fails
    # with NotADirectoryError, which must arrive as a DataFolderError.
    store = Store(tmp_path / "data")
    store.add_participant("AB12", "1234")
    participants = store.root / "participants"
    moved = store.root / "moved"
    participants.rename(moved)
    participants.write_text("not a folder")
    for call in (lambda: store.readings("AB12"), lambda: store.check_login("AB12", "1234"),
                 store.participant_codes, lambda: store.add_participant("CD34", "1234"),
                 lambda: list(store.read_all()), lambda: Store(store.root)):
        with pytest.raises(DataFolderError):
            call()


def test_threads_sharing_one_store_lose_nothing(store: Store):
    from concurrent.futures import ThreadPoolExecutor

    session = start(store)
    items = [f"t{n}" for n in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda item: store.save_answer("AB12", session.id, Answer(item, "health", 2, now()), item),
                      items))
    assert set(store.readings("AB12")[0].answers) == set(items)
