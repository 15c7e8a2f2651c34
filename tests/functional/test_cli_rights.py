"""A participant's rights on the command line (``skapa participants export``
and ``erase``) and the CSV export of every table (a folder or a zip), end
to end in subprocesses, on real data folders.

Expected texts come from the msgids through the catalogs
(``i18n.gettext_for``), so they hold before and after translation.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from skapa_tui import i18n
from skapa_tui.storage import Store
from skapa_tui.storage.export import CSV_TABLES, README
from skapa_tui.storage.folder import ERASURES_FILE

from .test_cli import answered, data, no_traceback, secrets_of  # noqa: F401 - shared fixtures

LANGS = tuple(i18n.offered_languages())
TABLE_FILES = sorted([*(f"{t}.csv" for t in CSV_TABLES), README])


def says(lang: str, msgid: str, **fields) -> str:
    return i18n.gettext_for(lang)(msgid).format(**fields)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- skapa participants export ----------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_participants_export(skapa, answered, tmp_path, lang):  # noqa: F811
    done = skapa("participants", "export", "ab12", "--data", answered, lang=lang)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    person = shown["participant"]
    assert person["code"] == "AB12" and shown["supervisor_ids"] == ["anna"]
    whole = json.loads(skapa("export", "--format", "json", "--data", answered).stdout)
    for key, value in whole["participants"][0].items():
        if key != "readings":
            assert person[key] == value
    assert [[a["value"] for a in r["answers"]] for r in person["readings"]] == [[4, None], [2]]

    out = tmp_path / "AB12.json"
    done = skapa("participants", "export", "AB12", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 0 and done.stdout == ""
    assert says(lang, "Wrote {path} (readable by you only).", path=out) in done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text("utf-8")
    assert json.loads(text)["participant"]["code"] == "AB12"
    secrets = secrets_of(answered)
    assert len(secrets) > 3
    for secret in secrets:
        assert secret not in text and secret not in done.stdout
    assert "scrypt" not in text and "CD34" not in text


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_participants_export_of_an_unknown_code_or_a_damaged_file(skapa, answered, tmp_path, lang):  # noqa: F811
    out = tmp_path / "out.json"
    done = skapa("participants", "export", "ZZ99", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 1 and not out.exists()
    no_traceback(done)
    assert done.stderr == "skapa: " + says(lang, "There is no participant with the code {code}.",
                                           code="ZZ99") + "\n"
    damaged = Store(answered).path_of("CD34")
    damaged.write_text("{ not json", encoding="utf-8")
    done = skapa("participants", "export", "CD34", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 1 and not out.exists() and done.stdout == ""
    no_traceback(done)
    assert len(done.stderr.splitlines()) == 1 and str(damaged) in done.stderr


# -- skapa participants erase -----------------------------------------------------

def run_at_a_terminal(skapa_command, clean_env, home: Path, args, typed: str, lang: str):
    """Run skapa with a terminal as its standard input, typing ``typed`` into it."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([*skapa_command, *map(str, args)], stdin=terminal,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   encoding="utf-8", env=clean_env(home, lang), cwd=home)
        os.close(terminal)
        terminal = -1
        os.write(controller, typed.encode())
        try:
            stdout, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    finally:
        if terminal >= 0:
            os.close(terminal)
        os.close(controller)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_erase_after_the_code_is_typed_again(skapa, skapa_command, clean_env, answered, tmp_path, lang):  # noqa: F811
    store = Store(answered)
    path = store.path_of("AB12")
    other = files(answered / "participants")
    other = {k: v for k, v in other.items() if path.stem not in k}
    before = json.loads(skapa("export", "--format", "json", "--data", answered).stdout)

    done = run_at_a_terminal(skapa_command, clean_env, tmp_path, (
        "participants", "erase", "AB12", "--data", answered), "ab12\n", lang)
    assert done.returncode == 0, done.stderr
    assert says(lang, "Type the code again to confirm: ") in done.stderr
    assert done.stdout.strip() == says(
        lang, "Erased everything stored about {code}. A note that an erasure was made, when and by "
              "whom, is kept, with nothing about the person in it.", code="AB12")
    assert not path.exists() and not path.with_suffix(".lock").exists()
    assert {k: v for k, v in files(answered / "participants").items()} == other
    after = json.loads(skapa("export", "--format", "json", "--data", answered).stdout)
    assert after == {**before, "participants": before["participants"][1:]}
    assert skapa("participants", "list", "--data", answered).stdout.split() == ["CD34"]
    (record,) = json.loads((answered / ERASURES_FILE).read_text("utf-8"))["erasures"]
    assert set(record) == {"at", "by", "by_kind"} and record["by_kind"] == "user" and record["by"]
    assert "AB12" not in (answered / ERASURES_FILE).read_text("utf-8")


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_code_typed_again_erases_nothing(skapa_command, clean_env, answered, tmp_path, lang):  # noqa: F811
    before = files(answered)
    for typed in ("CD34\n", "not a code!\n", "\x04"):  # the last: ctrl+d, nothing typed
        done = run_at_a_terminal(skapa_command, clean_env, tmp_path, (
            "participants", "erase", "AB12", "--data", answered), typed, lang)
        assert done.returncode == 1, done.stderr
        no_traceback(done)
        if typed == "\x04":
            assert says(lang, "the code was not typed again; nothing was erased") in done.stderr
        else:
            assert says(lang, "that is not the code {code}; nothing was erased", code="AB12") in done.stderr
        assert files(answered) == before


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_erase_without_a_terminal_needs_yes(skapa, answered, lang):  # noqa: F811
    before = files(answered)
    done = skapa("participants", "erase", "AB12", "--data", answered, lang=lang, input="AB12\n")
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr == "skapa: " + says(
        lang, "there is no terminal to confirm the erasure on; give --yes to erase without asking. "
              "Nothing was erased") + "\n"
    assert files(answered) == before

    done = skapa("participants", "erase", "ZZ99", "--yes", "--data", answered, lang=lang)
    assert done.returncode == 1
    assert says(lang, "There is no participant with the code {code}.", code="ZZ99") in done.stderr
    assert files(answered) == before

    done = skapa("participants", "erase", "AB12", "--yes", "--by", "anna", "--data", answered, lang=lang)
    assert done.returncode == 0, done.stderr
    assert Store(answered).participant_codes() == ["CD34"]
    (record,) = Store(answered).erasures()
    assert (record["by"], record["by_kind"]) == ("anna", "supervisor")


# -- skapa export --format csv: every table --------------------------------------

def check_tables(read: dict[str, str]) -> None:
    """The tables (file name -> text) are complete and match their README."""
    from tests.unit.test_export_tables import readme_columns

    assert sorted(read) == TABLE_FILES
    documented = readme_columns(read[README])
    for table, columns in CSV_TABLES.items():
        rows = list(csv.DictReader(io.StringIO(read[f"{table}.csv"])))
        header = next(csv.reader(io.StringIO(read[f"{table}.csv"])))
        assert tuple(header) == columns and documented[table] == list(columns)
        if table == "participants":
            assert [(r["code"], r["supervisor"]) for r in rows] == [("AB12", "anna"), ("CD34", "")]
        if table == "answers":
            assert [(r["value"], r["status"]) for r in rows] == [("4", "answered"), ("", "skipped"),
                                                                 ("2", "answered")]


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_every_table_in_a_folder(skapa, answered, tmp_path, lang):  # noqa: F811
    out = tmp_path / "tables"
    done = skapa("export", "--format", "csv", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 0, done.stderr
    assert says(lang, "Wrote {path} (readable by you only).", path=out) in done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    check_tables({p.name: p.read_text("utf-8") for p in out.iterdir()})
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # nothing left aside
    secrets = secrets_of(answered)
    for path in out.iterdir():
        for secret in secrets:
            assert secret not in path.read_text("utf-8")

    # An earlier export is written over; an empty folder is used; anything else is refused.
    Store(answered).erase_participant("CD34", by="admin")
    assert skapa("export", "--format", "csv", "--data", answered, "--out", out).returncode == 0
    assert "CD34" not in (out / "participants.csv").read_text("utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert skapa("export", "--format", "csv", "--data", answered, "--out", empty).returncode == 0
    assert sorted(p.name for p in empty.iterdir()) == TABLE_FILES
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = files(out)
    done = skapa("export", "--format", "csv", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert says(lang, "{path} is not empty and holds more than an earlier export; give a new or an "
                      "empty folder", path=out) in done.stderr
    assert files(out) == before


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_every_table_in_a_zip_file(skapa, answered, tmp_path, lang):  # noqa: F811
    out = tmp_path / "tables.zip"
    done = skapa("export", "--format", "csv", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        read = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    check_tables(read)
    secrets = secrets_of(answered)
    for text in read.values():
        for secret in secrets:
            assert secret not in text
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_every_table_needs_a_place(skapa, answered, tmp_path, lang):  # noqa: F811
    done = skapa("export", "--format", "csv", "--data", answered, lang=lang)
    assert done.returncode == 2 and done.stdout == ""
    no_traceback(done)
    assert says(lang, "every CSV table goes to a folder or a .zip file: give it with --out, or choose "
                      "one table with --table") in done.stderr
    a_file = tmp_path / "file.csv"
    a_file.write_text("mine", encoding="utf-8")
    done = skapa("export", "--format", "csv", "--data", answered, "--out", a_file, lang=lang)
    assert done.returncode == 1 and a_file.read_text("utf-8") == "mine"
    assert says(lang, "{path} is not a folder; give a folder, or a file name ending in .zip",
                path=a_file) in done.stderr
    done = skapa("export", "--format", "csv", "--data", answered, "--out", tmp_path / "no" / "t.zip", lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert says(lang, "it does not exist") in done.stderr


def test_every_table_with_a_damaged_file(skapa, answered, tmp_path):  # noqa: F811
    damaged = Store(answered).path_of("CD34")
    damaged.write_text("{ not json", encoding="utf-8")
    out = tmp_path / "tables.zip"
    done = skapa("export", "--format", "csv", "--data", answered, "--out", out)
    assert done.returncode == 1 and not out.exists()
    assert str(damaged) in done.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    done = skapa("export", "--format", "csv", "--data", answered, "--out", out, "--skip-damaged")
    assert done.returncode == 0
    with zipfile.ZipFile(out) as archive:
        codes = [r["code"] for r in csv.DictReader(io.StringIO(archive.read("participants.csv").decode()))]
    assert codes == ["AB12"]
