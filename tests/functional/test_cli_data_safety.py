"""Data that can't be lost or mixed up by accident (issue 11), at the command
line: a lost key file, files that cannot be read, output paths that are no
regular files, a data folder chosen by mistake, the report's language.
Each command runs in a subprocess on a real data folder in tmp_path."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from skapa_tui.storage import Store
from tests.no_access import can_deny, drop_permission_override, make_unreadable

from ..conftest import _clean_env, skapa_command
from .test_cli import PASSPHRASE, PIN, no_traceback, said, terminal  # noqa: F401 - a fixture

READ_COMMANDS = [
    ("participants", "list"),
    ("participants", "export", "AB12"),
    ("participants", "pin", "AB12", "--pin", "5678"),
    ("participants", "erase", "AB12", "--yes"),
    ("supervisors", "list"),
    ("supervisors", "deactivate", "anna"),
    ("export", "--format", "json"),
    ("export", "--format", "csv", "--skip-damaged"),
    ("report",),
    ("summary", "AB12", "--out", "summary.pdf"),
]
"""Commands that work on a data folder that must already be one."""
ADD_COMMANDS = [
    ("participants", "add", "GH78", "--pin", PIN),
]


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def folder(data: Path, *codes: str) -> Store:
    store = Store(data)
    store.add_supervisor("anna", PASSPHRASE)
    store.add_supervisor("bertil", PASSPHRASE)
    for code in codes:
        store.add_participant(code, PIN, supervisor="anna")
    return store


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"/")
            for p in sorted(root.rglob("*"))}


# -- 1. a lost key file ------------------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", ["sv", "da"])
def test_every_command_stops_at_a_lost_key_file_and_changes_nothing(skapa, data, lang):
    folder(data, "AB12", "CD34")
    (data / "skapa-data.json").unlink()
    before = files_of(data)
    for command in READ_COMMANDS + ADD_COMMANDS + [("demo",)]:
        done = skapa(*command, "--data", data, lang=lang)
        assert done.returncode == 1, (command, done.stderr)
        no_traceback(done)
        lines = done.stderr.strip().splitlines()
        assert lines == ["skapa: " + said(
            lang, "The key file {file} is missing, but the folder holds participants or supervisors. "
            "Put skapa-data.json back from your backup of the folder; nothing was changed.",
            file=data / "skapa-data.json")], command
        assert done.stdout == ""
    assert files_of(data) == before


def test_the_apps_stop_at_a_lost_key_file_too(terminal, data):
    folder(data, "AB12")
    (data / "skapa-data.json").unlink()
    for app in ("kiosk", "supervisor"):
        session = terminal(app, "--data", data, lang="en")
        assert session.wait() == 1
        assert "The key file" in session.output and "backup" in session.output
        assert "Traceback" not in session.output
    assert not (data / "skapa-data.json").exists()


def test_another_folders_key_is_refused(skapa, data, tmp_path):
    folder(data, "AB12", "CD34")
    Store(tmp_path / "other")
    os.replace(tmp_path / "other" / "skapa-data.json", data / "skapa-data.json")
    before = files_of(data)
    for command in (("participants", "list"), ("participants", "add", "AB12", "--pin", PIN), ("report",)):
        done = skapa(*command, "--data", data, lang="en")
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "does not fit the files in the folder" in done.stderr
    assert files_of(data) == before


# -- 2. a file that cannot be read -------------------------------------------------------------

def run_without_override(data_args, *args, lang="en", home: Path):
    """``skapa ARGS`` as a user who is not the files' owner (root without its override)."""
    return subprocess.run([*skapa_command(), *map(str, args), *map(str, data_args)], capture_output=True,
                          text=True, encoding="utf-8", env=_clean_env(home, lang), cwd=home, timeout=120,
                          preexec_fn=drop_permission_override)


def test_an_unreadable_file_is_named_left_out_and_the_rest_goes_on(data, tmp_path):
    if not can_deny():
        pytest.skip("cannot take read permission away here")
    store = folder(data, "AB12", "CD34", "EF56")
    path = store.path_of("CD34")
    make_unreadable(path)
    home = tmp_path / "home"
    home.mkdir()

    def run(*args):
        done = run_without_override(("--data", data), *args, home=home)
        no_traceback(done)
        return done

    done = run("participants", "list")
    assert done.returncode == 1
    assert done.stdout.split() == ["AB12", "CD34", "EF56"]
    assert done.stderr.strip() == f"skapa: the data file {path} cannot be read (permission denied)"

    done = run("export", "--format", "json")
    assert done.returncode == 1 and done.stdout == "" and str(path) in done.stderr

    done = run("export", "--format", "json", "--skip-damaged")
    assert done.returncode == 0, done.stderr
    assert [p["code"] for p in json.loads(done.stdout)["participants"]] == ["AB12", "EF56"]
    assert done.stderr.strip() == (f"skapa: the data file {path} cannot be read (permission denied) "
                                   "and was left out")

    done = run("export", "--format", "csv", "--out", tmp_path / "tables", "--skip-damaged")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "tables" / "participants.csv").read_text().count("\n") == 3  # header and two

    done = run("report", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unreadable_files"] == 1
    assert "1 damaged data file was left out of the report" in done.stderr

    done = run("participants", "export", "CD34")
    assert done.returncode == 1 and str(path) in done.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0  # never written over


# -- 4. output paths -----------------------------------------------------------------------------

def test_an_output_fifo_is_written_into_as_cat_would(skapa, data, tmp_path):
    folder(data, "AB12")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o644)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    done = skapa("export", "--format", "json", "--out", fifo, "--data", data)
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert json.loads(got[0])["participants"][0]["code"] == "AB12"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_an_output_device_is_never_replaced(skapa, data, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    folder(data, "AB12")
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what /dev/full is, in a place of our own
    node = full.lstat()
    for command in (("export", "--format", "json"), ("report",), ("participants", "export", "AB12"),
                    ("summary", "AB12")):
        done = skapa(*command, "--out", full, "--data", data, lang="sv")
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        no_traceback(done)
        assert done.stderr.strip().splitlines() == [f"skapa: {full}: {said('sv', 'the disk is full')}"], command
        after = full.lstat()
        assert (after.st_ino, after.st_mode, after.st_rdev) == (node.st_ino, node.st_mode, node.st_rdev)


def test_an_output_folder_is_refused_and_the_help_says_what_happens_to_a_file(skapa, data, tmp_path):
    folder(data, "AB12")
    for command in (("export", "--format", "json"), ("report",), ("participants", "export", "AB12")):
        done = skapa(*command, "--out", tmp_path, "--data", data, lang="en")
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "is a folder" in done.stderr
    for command in (("export",), ("report",), ("participants", "export"), ("summary",)):
        done = skapa(*command, "--help", lang="en", COLUMNS="1000")
        assert "a file already there is replaced whole" in done.stdout, command


# -- 5. the data folder chosen by mistake ---------------------------------------------------------------

def test_an_empty_data_folder_is_a_wrong_command_line(skapa, tmp_path):
    home = tmp_path / "home"
    for command in (("demo",), ("participants", "list"), ("participants", "add", "AB12", "--pin", PIN),
                    ("report",)):
        done = skapa(*command, "--data", "", lang="da")
        assert done.returncode == 2, (command, done.stderr)
        assert done.stderr.strip() == "skapa: " + said("da", "--data needs a folder; it was given empty")
        if command == ("demo",):
            continue  # (--data is required there)
        done = skapa(*command, lang="en", SKAPA_DATA="")
        assert done.returncode == 2
        assert done.stderr.strip() == "skapa: SKAPA_DATA is set but empty: set it to a folder, or unset it"
    assert not (home / ".local").exists()  # the real (default) folder is never touched


def test_a_command_that_only_reads_never_makes_a_folder(skapa, tmp_path):
    typo = tmp_path / "typo" / "path"
    for command in READ_COMMANDS:
        done = skapa(*command, "--data", typo, lang="sv")
        assert done.returncode == 1, (command, done.stderr)
        assert done.stderr.strip().splitlines() == ["skapa: " + said(
            "sv", "There is no skapa data folder at {folder}. Check --data or SKAPA_DATA; 'skapa participants "
            "add' or 'skapa supervisors add' makes a new one.", folder=typo)]
    assert not (tmp_path / "typo").exists()


def test_the_apps_never_make_a_folder(terminal, tmp_path):
    typo = tmp_path / "typo"
    for app in ("kiosk", "supervisor"):
        session = terminal(app, "--data", typo, lang="en")
        assert session.wait() == 1
        assert "There is no skapa data folder at" in session.output
    assert not typo.exists()


def test_a_command_that_adds_makes_a_private_folder_and_says_so(skapa, tmp_path):
    data = tmp_path / "a" / "b" / "data"
    old = os.umask(0)  # the command inherits it
    try:
        done = skapa("participants", "add", "AB12", "--pin", PIN, "--data", data, lang="sv")
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == said("sv", "Made a new data folder {path}, readable by you only.", path=data)
    for made in (tmp_path / "a", tmp_path / "a" / "b", data, data / "participants"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    done = skapa("participants", "add", "CD34", "--pin", PIN, "--data", data)
    assert done.returncode == 0 and done.stderr == ""  # said only when it is made


def test_a_home_folder_of_nobody_known_is_said_clearly(skapa):
    done = skapa("participants", "list", "--data", "~nosuchuser4711/x", lang="en")
    assert done.returncode == 2
    assert done.stderr.strip() == ("skapa: ~nosuchuser4711/x: this computer has no user nosuchuser4711, "
                                   "so there is no home folder ~nosuchuser4711")


# -- 6. the report's language ---------------------------------------------------------------------------

def test_the_report_speaks_english_to_an_english_user(skapa, data):
    folder(data, "AB12")
    done = skapa("report", "--data", data, lang="en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Progression report")
    done = skapa("report", "--data", data, lang="sv")
    assert done.stdout.startswith(said("sv", "Progression report"))
