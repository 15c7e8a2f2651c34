"""Data that can't be lost or mixed up by accident (issue 11), in the storage:
the folder's key, files that cannot be read, folders made private, output
files that are devices or FIFOs, a full disk, erasure in the logs.
Real folders in tmp_path; the CLI's side is in tests/functional/test_cli_data_safety.py."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from skapa_tui.storage import (
    DamagedData,
    DataFolderError,
    KeyMismatch,
    KeyMissing,
    NoDataFolder,
    Store,
)
from skapa_tui.storage.export import export_csv, export_json
from skapa_tui.storage.files import private_dir, write_private
from tests.no_access import can_deny, make_unreadable, no_permission_here

PIN = "1234"


def folder_with(tmp_path: Path, *codes: str) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", "annas long passphrase")
    for code in codes:
        store.add_participant(code, PIN, supervisor="anna")
    return store


def everything_in(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its content (folders by name): what must not change."""
    found = {}
    for path in sorted(root.rglob("*")):
        found[str(path.relative_to(root))] = path.read_bytes() if path.is_file() else b"<folder>"
    return found


# -- 1. the key ----------------------------------------------------------------------

def test_a_folder_with_data_but_no_key_file_is_refused_and_left_as_it_is(tmp_path):
    store = folder_with(tmp_path, "AB12", "CD34")
    (store.root / "skapa-data.json").unlink()
    before = everything_in(store.root)
    for create in (True, False):
        with pytest.raises(KeyMissing) as caught:
            Store(store.root, create=create)
        assert caught.value.fields["file"] == str(store.root / "skapa-data.json")
        assert "backup" in caught.value.render()
    assert everything_in(store.root) == before  # no new key, nothing else either


@pytest.mark.parametrize("left", ["a participant", "a supervisor", "the index", "the erasures"])
def test_any_of_skapas_data_keeps_a_new_key_away(tmp_path, left):
    store = Store(tmp_path / "data")
    if left == "a participant":
        store.add_participant("AB12", PIN)
        os.unlink(store.root / "index.json")
    elif left == "a supervisor":
        store.add_supervisor("anna", "annas long passphrase")
    elif left == "the index":
        store.add_participant("AB12", PIN)
        store.erase_participant("AB12", by="admin")
        os.unlink(store.root / "erasures.json")
    else:
        store.add_participant("AB12", PIN)
        store.erase_participant("AB12", by="admin")
        os.unlink(store.root / "index.json")
    (store.root / "skapa-data.json").unlink()
    with pytest.raises(KeyMissing):
        Store(store.root)
    assert not (store.root / "skapa-data.json").exists()


def test_only_an_empty_folder_gets_a_new_key(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    Store(empty)
    assert (empty / "skapa-data.json").exists()
    # skapa's own empty skeleton (a setup that stopped half-way) is still empty
    store = Store(tmp_path / "skeleton")
    (store.root / "skapa-data.json").unlink()
    Store(store.root).add_participant("AB12", PIN)


def test_another_folders_key_is_refused_before_anything_is_written(tmp_path):
    store = folder_with(tmp_path, "AB12", "CD34", "EF56")
    other = Store(tmp_path / "other")
    os.replace(other.root / "skapa-data.json", store.root / "skapa-data.json")
    before = everything_in(store.root)
    with pytest.raises(KeyMismatch) as caught:
        Store(store.root)
    assert "backup" in caught.value.render()
    assert everything_in(store.root) == before


def test_a_key_that_fits_opens_even_beside_damaged_and_strange_files(tmp_path):
    store = folder_with(tmp_path, "AB12", "CD34")
    store.path_of("AB12").write_text("{ not json")
    # a file copied in from another folder: readable, but not named for its code here
    other = Store(tmp_path / "other")
    other.add_participant("ZZ99", PIN)
    for name in ("00000000000000000000000000000000", "11111111111111111111111111111111"):
        (store.participants_dir / f"{name}.json").write_bytes(other.path_of("ZZ99").read_bytes())
    assert Store(store.root).history("CD34").code == "CD34"


# -- 2. files that cannot be read -------------------------------------------------------

def test_a_file_of_another_owner_is_damaged_data_everywhere(tmp_path):
    if not can_deny():
        pytest.skip("cannot take read permission away here")
    store = folder_with(tmp_path, "AB12", "CD34", "EF56")
    path = store.path_of("CD34")
    make_unreadable(path)
    with no_permission_here():
        store = Store(store.root, create=False)
        assert store.participant_codes() == ["AB12", "CD34", "EF56"]
        assert store.damaged_files() == [path]
        with pytest.raises(DamagedData) as caught:
            store.history("CD34")
        assert caught.value.files == [path]
        items = list(store.read_all())
        assert [type(i).__name__ for i in items] == ["History", "DamagedData", "History"]
        with pytest.raises(DamagedData):
            export_json(store, io.StringIO())
        out = io.StringIO()
        assert export_json(store, out, skip_damaged=True) == [path]
        assert [p["code"] for p in json.loads(out.getvalue())["participants"]] == ["AB12", "EF56"]
        assert export_csv(store, io.StringIO(), skip_damaged=True) == [path]
        with pytest.raises(DamagedData):  # and it is never written over
            store.set_follow_up("CD34", None, by="anna")
    assert stat.S_IMODE(path.stat().st_mode) == 0


def test_the_report_counts_a_file_it_cannot_read_and_goes_on(tmp_path):
    if not can_deny():
        pytest.skip("cannot take read permission away here")
    from datetime import date

    from skapa_tui.logic.report import store_report
    from skapa_tui.resources import flow_library

    store = folder_with(tmp_path, "AB12", "CD34", "EF56")
    make_unreadable(store.path_of("AB12"))
    with no_permission_here():
        report = store_report(Store(store.root), flow_for=flow_library().version, first=None, last=None,
                              today=date.today())
    assert report.unreadable_files == 1


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_something_else_where_a_file_should_be_is_damaged_and_never_hangs(tmp_path, kind):
    store = folder_with(tmp_path, "AB12", "CD34")
    path = store.path_of("AB12")
    path.unlink()
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path, 0o600)
    assert store.damaged_files() == [path]
    with pytest.raises(DamagedData):
        store.history("AB12")
    assert [type(i).__name__ for i in store.read_all()] == ["DamagedData", "History"]
    assert stat.S_ISDIR(path.lstat().st_mode) if kind == "folder" else stat.S_ISFIFO(path.lstat().st_mode)


# -- 5. folders that do not exist, and private parents --------------------------------------

def test_opening_without_create_never_makes_a_folder(tmp_path):
    missing = tmp_path / "typo" / "path"
    with pytest.raises(NoDataFolder) as caught:
        Store(missing, create=False)
    assert caught.value.fields["folder"] == str(missing)
    assert not (tmp_path / "typo").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NoDataFolder):
        Store(empty, create=False)
    assert list(empty.iterdir()) == []


def test_every_folder_made_is_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        Store(tmp_path / "a" / "b" / "data")
        private_dir(tmp_path / "x" / "y")
    finally:
        os.umask(old)
    for folder in ("a", "a/b", "a/b/data", "a/b/data/participants", "a/b/data/supervisors", "x", "x/y"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700, folder


# -- 4. output files ---------------------------------------------------------------------------

def test_an_output_that_is_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o644)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    write_private(fifo, lambda fp: fp.write("through the pipe"))
    reader.join(10)
    assert got == ["through the pipe"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and stat.S_IMODE(fifo.lstat().st_mode) == 0o644


def test_an_output_that_is_a_device_is_written_into_not_replaced(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what /dev/full is
    node = full.lstat()
    with pytest.raises(OSError) as caught:
        write_private(full, lambda fp: fp.write("x" * 100_000))
    assert caught.value.errno == 28  # ENOSPC: said, not hidden
    after = full.lstat()
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_mode) == (node.st_ino, node.st_mode)


def test_an_output_that_is_a_folder_or_a_link(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_private(tmp_path, lambda fp: fp.write("x"))
    target = tmp_path / "target.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_private(link, lambda fp: fp.write("new"))
    assert link.is_symlink() and target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# -- 6. a full disk, and an erasure in the logs ----------------------------------------------------

FULL_DISK = r"""
import resource, signal, sys
from skapa_tui.storage import Store, StorageError
store = Store(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    store.add_participant("CD34", "1234")
except StorageError as exc:
    print("refused:", exc)
"""


def test_an_add_that_cannot_write_leaves_no_lock_file(tmp_path):
    # No file may grow past 0 bytes in the child (RLIMIT_FSIZE): every write
    # fails as on a full disk, while making an empty file still works.
    store = folder_with(tmp_path, "AB12")
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(store.root)], capture_output=True, text=True,
                          timeout=60)
    assert "refused:" in done.stdout, done.stderr
    assert sorted(p.suffix for p in store.participants_dir.iterdir()) == [".json", ".lock"]  # AB12's only
    assert store.participant_codes() == ["AB12"]


def test_an_erasure_takes_the_file_name_out_of_the_logs_too(tmp_path):
    from skapa_tui.storage.error_log import append_error, kiosk_error_log

    store = folder_with(tmp_path, "AB12", "CD34")
    name = store.path_of("AB12").stem
    other = store.path_of("CD34").stem
    log = kiosk_error_log(store.root)
    for path in (store.path_of("AB12"), store.path_of("CD34")):
        append_error(log, DataFolderError(f"cannot read {path}"), version="test")
    store.erase_participant("AB12", by="admin")
    text = log.read_text()
    assert name not in text and "[erased]" in text
    assert other in text  # the others' stay


FULL_DISK_ERASE = r"""
import resource, signal, sys
from skapa_tui.storage import Store, StorageError
store = Store(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    store.erase_participant("AB12", by="admin")
except StorageError as exc:
    print("refused:", exc)
"""


def test_an_erasure_on_a_full_disk_erases_nothing_or_everything(tmp_path):
    from skapa_tui.storage.error_log import append_error, kiosk_error_log

    store = folder_with(tmp_path, "AB12", "CD34")
    append_error(kiosk_error_log(store.root), DataFolderError("AB12 went wrong"), version="test")
    before = everything_in(store.root)
    done = subprocess.run([sys.executable, "-c", FULL_DISK_ERASE, str(store.root)], capture_output=True,
                          text=True, timeout=60)
    assert "refused:" in done.stdout, done.stderr
    assert everything_in(store.root) == before  # not half: the file, the index, the logs, the record
    store.erase_participant("AB12", by="admin")  # with room, it goes through
    assert store.participant_codes() == ["CD34"] and len(store.erasures()) == 1
