"""The error log in the data folder: private whatever the umask, plain
tracebacks without the values of variables, appended, kept from growing, and
no trouble for the Store that shares the folder."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from skapa_tui import __version__
from skapa_tui.storage import DataFolderError, Store, error_log
from skapa_tui.storage.error_log import append_error, entry, kiosk_error_log

SECRET_PIN = "86420357"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def failure() -> Exception:
    """An error raised where a PIN is a local variable, with a cause."""

    def check(pin: str) -> None:
        try:
            {}["missing"]
        except KeyError as exc:
            raise RuntimeError("a bug in the login") from exc

    try:
        check(SECRET_PIN)
    except RuntimeError as exc:
        return exc
    raise AssertionError("no error")


def test_the_log_is_in_the_data_folders_logs_folder(tmp_path):
    assert kiosk_error_log(tmp_path) == tmp_path / "logs" / "kiosk-errors.log"


def test_an_entry_is_a_header_and_the_plain_traceback():
    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    text = entry(failure(), version="9.9", when=when)
    header, *rest = text.splitlines()
    assert header == f"--- 2026-03-04T05:06:07+00:00 skapa 9.9 (process {os.getpid()}) ---"
    body = "\n".join(rest)
    assert body.startswith("Traceback (most recent call last):")
    assert "KeyError: 'missing'" in body  # the cause is there too
    assert "The above exception was the direct cause" in body
    assert body.rstrip().endswith("RuntimeError: a bug in the login")
    assert 'in check' in body and "raise RuntimeError" in body
    assert SECRET_PIN not in text  # no locals


@pytest.mark.parametrize("umask", [0o000, 0o277])
def test_the_log_is_private_whatever_the_umask(tmp_path, umask):
    log = kiosk_error_log(tmp_path / "data")
    old = os.umask(umask)
    try:
        append_error(log, failure(), version=__version__)
        append_error(log, ValueError("the second"), version=__version__)
    finally:
        os.umask(old)
    assert mode(log.parent) == 0o700
    assert mode(log) == 0o600
    for path in log.parent.iterdir():
        assert mode(path) == 0o600, path
    text = log.read_text(encoding="utf-8")
    assert text.count(f" skapa {__version__} (process ") == 2
    assert text.index("RuntimeError: a bug in the login") < text.index("ValueError: the second")
    assert SECRET_PIN not in text


def test_an_old_log_with_loose_modes_is_made_private(tmp_path):
    log = kiosk_error_log(tmp_path)
    log.parent.mkdir(mode=0o755)
    log.write_text("an old entry\n")
    log.chmod(0o644)
    append_error(log, failure(), version=__version__)
    assert (mode(log.parent), mode(log)) == (0o700, 0o600)
    assert log.read_text().startswith("an old entry\n--- ")


def test_a_big_log_is_set_aside_once(tmp_path, monkeypatch):
    monkeypatch.setattr(error_log, "MAX_BYTES", 10)
    log = kiosk_error_log(tmp_path)
    append_error(log, ValueError("first"), version=__version__)
    append_error(log, ValueError("second"), version=__version__)
    older = log.with_name("kiosk-errors.log.1")
    assert "first" in older.read_text() and "second" not in older.read_text()
    assert "second" in log.read_text() and "first" not in log.read_text()
    append_error(log, ValueError("third"), version=__version__)
    assert "second" in older.read_text() and "first" not in older.read_text()
    assert (mode(older), mode(log)) == (0o600, 0o600)


def test_a_log_that_cannot_be_written_is_a_data_folder_error(tmp_path):
    (tmp_path / "logs").write_text("a file where the folder should be")
    with pytest.raises(DataFolderError):
        append_error(kiosk_error_log(tmp_path), failure(), version=__version__)


def test_the_store_is_fine_with_the_logs_folder(tmp_path):
    data = tmp_path / "data"
    Store(data).add_participant("AB12", "1234")
    append_error(kiosk_error_log(data), failure(), version=__version__)
    store = Store(data)
    assert store.participant_codes() == ["AB12"]
    assert store.damaged_files() == []
    assert store.check_login("AB12", "1234") == "AB12"
    store.add_participant("CD34", "5678")
    assert Store(data).participant_codes() == ["AB12", "CD34"]
    for path in [data, *data.rglob("*")]:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_a_new_folder_with_only_the_log_in_it_is_still_skapas(tmp_path):
    # The kiosk logged an error before any participant was added (or the
    # folder description was restored from a backup after it).
    data = tmp_path / "data"
    append_error(kiosk_error_log(data), failure(), version=__version__)
    assert Store(data).add_participant("AB12", "1234") == "AB12"
