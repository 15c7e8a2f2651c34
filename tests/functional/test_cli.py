"""Every ``skapa`` command end to end, in subprocesses, in Swedish and
Danish, on real data folders in tmp_path.

Expected texts are taken from the catalogs (``said(lang, msgid)``), and a
msgid the catalog leaves untranslated fails the test: a message still in
English is a bug for a Swedish or Danish user.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

import skapa_tui
from skapa_tui import i18n
from skapa_tui.storage import Store

LANGS = tuple(i18n.offered_languages())  # how the command speaks: in each language offered
PIN = "918273"
PASSPHRASE = "the long passphrase"


def said(lang: str, msgid: str, *args, **fields) -> str:
    """``msgid`` as the catalog of ``lang`` says it, which must translate it."""
    text = i18n.gettext_for(lang)(msgid)
    assert text != msgid, f"the {lang} catalog does not translate {msgid!r}"
    if args:
        return text % args
    return text.format(**fields) if fields else text


def no_traceback(done) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stderr


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


# -- --version and --help ------------------------------------------------------

def test_version(skapa):
    done = skapa("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"skapa {skapa_tui.__version__}"


COMMANDS = [(), ("kiosk",), ("participants",), ("participants", "add"), ("participants", "list"),
            ("supervisors",), ("supervisors", "add"), ("supervisors", "list"),
            ("export",), ("flows",), ("flows", "check"), ("flows", "diagram"), ("demo",)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "skapa")
def test_help_is_translated(skapa, lang, command):
    done = skapa(*command, "--help", lang=lang)
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    assert done.stdout.startswith(said(lang, "usage: ") + "skapa")
    assert said(lang, "show this help message and exit") in done.stdout
    assert said(lang, "options") in done.stdout


def test_help_lists_every_command_and_the_data_folder(skapa):
    done = skapa("--help", lang="sv")
    for name in ("kiosk", "participants", "export", "flows", "demo"):
        assert name in done.stdout
    done = skapa("participants", "add", "--help", lang="sv", SKAPA_DATA="/somewhere/else")
    assert "--data" in done.stdout and "SKAPA_DATA" in done.stdout


def test_kiosk_languages_come_from_the_catalogs(skapa):
    done = skapa("kiosk", "--help")
    assert "{" + ",".join(i18n.languages()) + "}" in done.stdout


# -- bad command lines: translated, exit 2, no traceback --------------------------

BAD = {
    "no command": ((), "the following arguments are required: %s", ("COMMAND",)),
    "unknown command": (("kiosks",), "invalid choice: %(value)r (choose from %(choices)s)", None),
    "no action": (("flows",), "the following arguments are required: %s", ("ACTION",)),
    "no format": (("export",), "the following arguments are required: %s", ("--format",)),
    "bad format": (("export", "--format", "xml"), "invalid choice: %(value)r (choose from %(choices)s)", None),
    "unknown option": (("export", "--format", "json", "--pin", "1"), "unrecognized arguments: %s", ("--pin 1",)),
    "bad language": (("kiosk", "--lang", "xx"), "invalid choice: %(value)r (choose from %(choices)s)", None),
    "no code": (("participants", "add"), "the following arguments are required: %s", ("CODE",)),
    "no demo folder": (("demo",), "the following arguments are required: %s", ("--data",)),
    "idle not a number": (("kiosk", "--idle-seconds", "soon"), "a number of seconds is needed, not {value!r}",
                          {"value": "soon"}),
    "countdown not positive": (("kiosk", "--countdown-seconds", "-5"),
                               "the number of seconds must be more than 0, not {value}", {"value": "-5"}),
    "option without value": (("export", "--format"), "expected one argument", None),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_command_line_is_said_in_the_users_language(skapa, lang, case):
    args, msgid, values = BAD[case]
    done = skapa(*args, lang=lang)
    assert done.returncode == 2, done.stdout + done.stderr
    no_traceback(done)
    assert done.stdout == ""
    assert said(lang, "usage: ") in done.stderr
    error_line = done.stderr.strip().splitlines()[-1]
    assert error_line.startswith("skapa")
    translated = i18n.gettext_for(lang)(msgid)
    assert translated != msgid, f"the {lang} catalog does not translate {msgid!r}"
    if isinstance(values, tuple):
        # Placeholders like COMMAND are translated too: compare with them filled in.
        filled = [i18n.gettext_for(lang)(v) if v.isupper() else v for v in values]
        assert translated % tuple(filled) in error_line
    elif isinstance(values, dict):
        assert translated.format(**values) in error_line
    else:
        assert translated.split("%")[0] in error_line


def test_english_when_the_user_asks_for_it(skapa):
    done = skapa("export", lang="en")
    assert done.returncode == 2
    assert "the following arguments are required: --format" in done.stderr


# -- participants ---------------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_participants_add_and_list(skapa, data, lang):
    done = skapa("participants", "add", "ab-12", "--pin", PIN, "--data", data, lang=lang)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == said(lang, "Added the participant {code}.", code="AB-12")
    skapa("participants", "add", "x9", "--pin", "4321", "--data", data, lang=lang)

    done = skapa("participants", "list", "--data", data, lang=lang)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["AB-12", "X9"]
    assert Store(data).check_login("ab-12", PIN) == "AB-12"
    assert Store(data).check_login("ab-12", "0000") is None


def test_the_data_folder_is_private(skapa, data):
    skapa("participants", "add", "ab12", "--pin", PIN, "--data", data)
    for path in [data, *data.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
        if path.is_file():
            assert PIN not in path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_participants_add_refuses_bad_input(skapa, data, lang):
    assert skapa("participants", "add", "AB12", "--pin", PIN, "--data", data).returncode == 0
    from skapa_tui.domain.participant import CODE_MAX, CODE_MIN, PIN_MAX, PIN_MIN

    cases = [
        (("AB12", "--pin", "1111"), "There is already a participant with the code {code}.", {"code": "AB12"}),
        (("a b!", "--pin", "1111"),
         "A code has only letters, digits and '-', and starts and ends with a letter or digit.", {}),
        (("x" * (CODE_MAX + 1), "--pin", "1111"), "A code has {min} to {max} characters.",
         {"min": CODE_MIN, "max": CODE_MAX}),
        (("CD34", "--pin", "12"), "A PIN has {min} to {max} digits.", {"min": PIN_MIN, "max": PIN_MAX}),
        (("CD34", "--pin", "12ab"), "A PIN has {min} to {max} digits.", {"min": PIN_MIN, "max": PIN_MAX}),
        (("CD34", "--pin", ""), "A PIN is needed.", {}),
    ]
    for args, msgid, fields in cases:
        done = skapa("participants", "add", *args, "--data", data, lang=lang)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        no_traceback(done)
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("skapa: ")
        assert said(lang, msgid, **fields) in lines[0]
    assert skapa("participants", "list", "--data", data).stdout.split() == ["AB12"]


def test_participants_add_without_pin_needs_a_terminal(skapa, data):
    done = skapa("participants", "add", "AB12", "--data", data, input="1234\n1234\n", lang="da")
    assert done.returncode == 2
    no_traceback(done)
    assert said("da", "there is no terminal to ask for the PIN on: give it with --pin") in done.stderr
    assert not (data / "participants").exists() or not any((data / "participants").glob("*.json"))


def test_participants_add_asks_for_the_pin_twice(terminal, data):
    session = terminal("participants", "add", "ef56", "--data", data, lang="sv")
    session.expect(said("sv", "PIN for {code}: ", code="EF56"))
    session.send(PIN + "\n")
    session.expect(said("sv", "The same PIN again: "))
    session.send(PIN + "\n")
    session.expect(said("sv", "Added the participant {code}.", code="EF56"))
    assert session.wait() == 0
    assert PIN not in session.output  # not echoed
    assert Store(data).check_login("EF56", PIN) == "EF56"


def test_two_different_pins_save_nothing(terminal, data):
    session = terminal("participants", "add", "ef56", "--data", data, lang="da")
    session.expect(said("da", "PIN for {code}: ", code="EF56"))
    session.send("1234\n")
    session.expect(said("da", "The same PIN again: "))
    session.send("4321\n")
    session.expect(said("da", "the two PINs are not the same; nothing was saved"))
    assert session.wait() == 1
    assert "Traceback" not in session.output
    assert Store(data).participant_codes() == []


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_participants_pin_gives_a_new_pin_and_ends_a_rest(skapa, data, lang):
    from skapa_tui.storage import LoginResting
    from skapa_tui.storage.store import LOGIN_TRIES

    Store(data).add_participant("AB12", PIN)
    for _ in range(LOGIN_TRIES):
        Store(data).check_login("AB12", "0000")
    with pytest.raises(LoginResting):
        Store(data).check_login("AB12", PIN)
    done = skapa("participants", "pin", "ab12", "--pin", "86420", "--data", data, lang=lang)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == said(lang, "{code} has a new PIN.", code="AB12")
    assert Store(data).check_login("AB12", "86420") == "AB12"
    assert Store(data).check_login("AB12", PIN) is None


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_participants_pin_refuses_an_unknown_code_and_a_bad_pin(skapa, data, lang):
    from skapa_tui.domain.participant import PIN_MAX, PIN_MIN

    Store(data).add_participant("AB12", PIN)
    before = sorted(p.name for p in (data / "participants").iterdir())
    for args, msgid, fields in [
        (("ZZ99", "--pin", "1111"), "There is no participant with the code {code}.", {"code": "ZZ99"}),
        (("AB12", "--pin", "12"), "A PIN has {min} to {max} digits.", {"min": PIN_MIN, "max": PIN_MAX}),
    ]:
        done = skapa("participants", "pin", *args, "--data", data, lang=lang)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        no_traceback(done)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and said(lang, msgid, **fields) in lines[0]
    assert sorted(p.name for p in (data / "participants").iterdir()) == before
    assert Store(data).check_login("AB12", PIN) == "AB12"


def test_participants_pin_asks_for_the_pin_twice(terminal, data):
    Store(data).add_participant("EF56", PIN)
    session = terminal("participants", "pin", "ef56", "--data", data, lang="da")
    session.expect(said("da", "PIN for {code}: ", code="EF56"))
    session.send("97531\n")
    session.expect(said("da", "The same PIN again: "))
    session.send("97531\n")
    session.expect(said("da", "{code} has a new PIN.", code="EF56"))
    assert session.wait() == 0
    assert "97531" not in session.output
    assert Store(data).check_login("EF56", "97531") == "EF56"


# -- data folder resolution ---------------------------------------------------------

def test_the_data_folder_comes_from_skapa_data_then_the_users_folder(skapa, tmp_path):
    from_env = tmp_path / "from-env"
    assert skapa("participants", "add", "E1", "--pin", PIN, SKAPA_DATA=str(from_env)).returncode == 0
    assert Store(from_env).participant_codes() == ["E1"]

    assert skapa("participants", "add", "U1", "--pin", PIN).returncode == 0
    users = tmp_path / "home" / ".local" / "share" / "skapa"  # XDG_DATA_HOME of the fixture
    assert Store(users).participant_codes() == ["U1"]

    given = tmp_path / "given"
    assert skapa("participants", "add", "G1", "--pin", PIN, "--data", given,
                 SKAPA_DATA=str(from_env)).returncode == 0
    assert Store(given).participant_codes() == ["G1"]
    assert Store(from_env).participant_codes() == ["E1"]


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_data_folder_that_cannot_be_used(skapa, tmp_path, lang):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("hello")
    done = skapa("participants", "list", "--data", not_a_folder, lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stderr.startswith("skapa: ") and len(done.stderr.strip().splitlines()) == 1
    assert str(not_a_folder) in done.stderr


# -- export -----------------------------------------------------------------------

@pytest.fixture
def answered(data) -> Path:
    """A data folder with a supervisor and two participants; one has a sent reading and an open one."""
    from skapa_tui.domain.reading import Answer, now, today

    store = Store(data)
    store.add_supervisor("anna", PASSPHRASE)
    store.add_participant("AB12", PIN, supervisor="anna")
    store.add_participant("CD34", "5555")

    def start(lang):
        return store.start_reading("AB12", flow="participant", flow_version=1, role="participant", rater=None,
                                   entry="kiosk", entered_by=None, meeting_date=today(), lang=lang)

    sent = start("sv")
    store.save_answer("AB12", sent.id, Answer("work_idea", "labour_market_knowledge", 4, now()), "job_belief")
    store.save_answer("AB12", sent.id, Answer("job_belief", "self_belief", None, now()), "next")
    store.complete_reading("AB12", sent.id)
    open_ = start("da")
    store.save_answer("AB12", open_.id, Answer("work_idea", "labour_market_knowledge", 2, now()), "job_belief")
    return data


def secrets_of(data: Path) -> set[str]:
    """The PINs, the passphrase and every hash of them stored in the data folder."""
    found = {PIN, "5555", PASSPHRASE}
    for path in [*(data / "participants").glob("*.json"), *(data / "supervisors").glob("*.json")]:
        tables = json.loads(path.read_text(encoding="utf-8"))
        for doc in [*tables.get("participant", {}).values(), *tables.get("supervisor", {}).values()]:
            secret = doc.get("pin") or doc["passphrase"]
            found.add(secret)
            found.update(part for part in secret.split("$") if len(part) >= 16)
    return found


def test_export_json(skapa, answered):
    done = skapa("export", "--format", "json", "--data", answered)
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    assert [p["code"] for p in exported["participants"]] == ["AB12", "CD34"]
    assert exported["format"] == 2 and [s["id"] for s in exported["supervisors"]] == ["anna"]
    ab, cd = exported["participants"]
    assert cd["readings"] == [] and (ab["supervisor"], cd["supervisor"]) == ("anna", None)
    sent, open_ = ab["readings"]
    assert set(sent) == {"id", "flow", "flow_version", "role", "rater", "entry", "entered_by", "meeting_date",
                         "lang", "started_at", "completed_at", "answers", "corrections"}
    assert (sent["role"], sent["flow"], sent["flow_version"], sent["lang"], sent["entry"]) == (
        "participant", "participant", 1, "sv", "kiosk")
    assert sent["completed_at"] is not None and open_["completed_at"] is None
    assert [(a["item"], a["indicator"], a["value"]) for a in sent["answers"]] == [
        ("work_idea", "labour_market_knowledge", 4), ("job_belief", "self_belief", None)]
    assert set(sent["answers"][0]) == {"item", "indicator", "value", "answered_at"}
    assert [a["value"] for a in open_["answers"]] == [2]


def test_export_csv(skapa, answered):
    done = skapa("export", "--format", "csv", "--table", "answers", "--data", answered)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["code", "reading", "role", "flow", "flow_version", "rater", "entry", "entered_by",
                             "meeting_date", "lang", "started_at", "completed_at", "item", "indicator", "value",
                             "status", "answered_at", "corrected"]
    assert [(r["code"], r["item"], r["value"], r["status"], r["lang"]) for r in rows] == [
        ("AB12", "work_idea", "4", "answered", "sv"), ("AB12", "job_belief", "", "skipped", "sv"),
        ("AB12", "work_idea", "2", "answered", "da")]
    assert rows[0]["completed_at"] and rows[2]["completed_at"] == ""


def test_export_csv_tables(skapa, answered):
    from skapa_tui.storage.export import CSV_TABLES

    for name, columns in CSV_TABLES.items():
        done = skapa("export", "--format", "csv", "--table", name, "--data", answered)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == ",".join(columns)
    done = skapa("export", "--format", "csv", "--table", "assignments", "--data", answered)
    assert [(r["code"], r["supervisor"]) for r in csv.DictReader(io.StringIO(done.stdout))] == [("AB12", "anna")]
    done = skapa("export", "--format", "csv", "--table", "supervisors", "--data", answered)
    assert [r["supervisor"] for r in csv.DictReader(io.StringIO(done.stdout))] == ["anna"]


def test_export_table_is_for_csv(skapa, answered):
    done = skapa("export", "--format", "json", "--table", "plans", "--data", answered, lang="en")
    assert done.returncode == 2 and done.stdout == ""
    no_traceback(done)
    assert done.stderr.strip() == "skapa: --table is for --format csv"
    done = skapa("export", "--format", "csv", "--table", "pins", "--data", answered)
    assert done.returncode == 2 and done.stdout == ""


@pytest.mark.parametrize("args", [("json",), *(("csv", "--table", t) for t in (
    "participants", "answers", "readings", "assignments", "interventions", "plans", "corrections",
    "supervisors"))])
def test_export_never_holds_a_pin_a_passphrase_or_their_hashes(skapa, answered, args, tmp_path):
    out = tmp_path / "export.out"
    assert skapa("export", "--format", *args, "--data", answered, "--out", out).returncode == 0
    shown = skapa("export", "--format", *args, "--data", answered).stdout
    secrets = secrets_of(answered)
    assert len(secrets) > 3  # the hashes were found
    for text in (out.read_text(encoding="utf-8"), shown):
        assert "pin" not in text.lower() and "scrypt" not in text.lower() and "passphrase" not in text.lower()
        for secret in secrets:
            assert secret not in text


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_export_to_a_private_file(skapa, answered, tmp_path, lang):
    out = tmp_path / "out" / "export.json"
    out.parent.mkdir()
    os.chmod(out.parent, 0o755)
    done = skapa("export", "--format", "json", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert said(lang, "Wrote {path} (readable by you only).", path=out) in done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["participants"][0]["code"] == "AB12"
    assert sorted(p.name for p in out.parent.iterdir()) == ["export.json"]  # no temp file left

    out.chmod(0o644)  # an existing file is replaced by a private one
    assert skapa("export", "--format", "csv", "--table", "answers", "--data", answered, "--out", out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("code,reading,")


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_export_to_a_folder_that_does_not_exist(skapa, answered, tmp_path, lang):
    out = tmp_path / "missing" / "export.json"
    done = skapa("export", "--format", "json", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert said(lang, "it does not exist") in done.stderr
    assert not out.parent.exists()


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_export_with_a_damaged_file(skapa, answered, lang, tmp_path):
    damaged = Store(answered).path_of("CD34")
    damaged.write_text("{ not json", encoding="utf-8")
    out = tmp_path / "export.json"
    done = skapa("export", "--format", "json", "--data", answered, "--out", out, lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert str(damaged) in done.stderr
    assert not out.exists()  # nothing half-written

    done = skapa("export", "--format", "json", "--data", answered, "--skip-damaged", lang=lang)
    assert done.returncode == 0
    assert [p["code"] for p in json.loads(done.stdout)["participants"]] == ["AB12"]
    assert said(lang, "the data file {file} is damaged and was left out", file=damaged) in done.stderr

    done = skapa("participants", "list", "--data", answered, lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert "AB12" in done.stdout.split()
    assert said(lang, "the data file {file} is damaged", file=damaged) in done.stderr


# -- flows ----------------------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_flows_check(skapa, lang):
    done = skapa("flows", "check", lang=lang)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().startswith("flows/participant.toml: ") or "participant.toml: " in done.stdout
    assert done.stderr == ""


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_flows_check_of_a_missing_file(skapa, tmp_path, lang):
    missing = tmp_path / "nope.toml"
    done = skapa("flows", "check", missing, lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert f"{missing}: file: {said(lang, 'the file does not exist')}" in done.stdout


def test_flows_diagram(skapa):
    from skapa_tui.domain.flow import load_flow
    from skapa_tui.resources import flow_path

    flow = load_flow(flow_path("participant"))
    by_id = skapa("flows", "diagram", "participant")
    assert by_id.returncode == 0, by_id.stderr
    assert "stateDiagram-v2" in by_id.stdout
    for state in ("intro", "review", "done", *(s.id for s in flow.steps)):
        assert state in by_id.stdout
    by_file = skapa("flows", "diagram", flow_path("participant"))
    assert by_file.returncode == 0 and by_file.stdout == by_id.stdout


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_flows_diagram_of_an_unknown_flow(skapa, lang):
    done = skapa("flows", "diagram", "nosuchflow", lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert said(lang, "the file does not exist") in done.stderr
    assert "nosuchflow.toml" in done.stderr


# -- demo -------------------------------------------------------------------------
# `skapa demo` is tested in test_demo.py.


# -- kiosk ------------------------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_kiosk_needs_a_terminal(skapa, data, lang):
    done = skapa("kiosk", "--data", data, lang=lang)
    assert done.returncode == 1
    no_traceback(done)
    assert said(lang, "the kiosk needs a terminal to run in") in done.stderr


def test_the_kiosk_command_logs_a_participant_in(terminal, data):
    import time

    Store(data).add_participant("AB12", PIN)
    session = terminal("kiosk", "--data", data, "--lang", "da", lang="sv")
    session.expect(said("da", "Your code"), timeout=30)
    session.send("ab12\r")
    time.sleep(0.3)
    session.send(PIN + "\r")
    deadline = time.monotonic() + 30
    while Store(data).open_reading("AB12", role="participant", flow="participant") is None:
        assert time.monotonic() < deadline, session.output[-2000:]
        assert session.alive(), session.output[-2000:]
        time.sleep(0.2)
    opened = Store(data).open_reading("AB12", role="participant", flow="participant")
    assert opened.lang == "da"
    session.terminate()
    assert "Traceback" not in session.output


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_kiosk_on_a_folder_that_is_not_skapa_data(terminal, tmp_path, lang):
    foreign = tmp_path / "papers"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not skapa data")
    session = terminal("kiosk", "--data", foreign, lang=lang)
    assert session.wait() == 1
    assert "Traceback" not in session.output
    assert "skapa: " in session.output and str(foreign) in session.output
    assert (foreign / "notes.txt").read_text() == "not skapa data"


# -- the kiosk after a bug -------------------------------------------------------------

BUG = "an injected bug"
WITH_A_BUG = f"""
import os, sys, tempfile
from skapa_tui import cli
from skapa_tui.ui.screens.welcome import WelcomeScreen

# How many times the welcome fails to show (-1: every time), kept in a file:
# the kiosk's keeper starts each app in a process of its own.
strikes = tempfile.mktemp()
with open(strikes, "w") as f:
    f.write(sys.argv[1])

def on_mount(self):
    left = int(open(strikes).read())
    if left != 0:
        with open(strikes, "w") as f:
            f.write(str(left - 1))
        raise RuntimeError({BUG!r})

WelcomeScreen.on_mount = on_mount
try:
    sys.exit(cli.main(sys.argv[2:]))
finally:
    if os.path.exists(strikes):
        os.remove(strikes)
"""
"""``skapa`` with a bug: ``python -c WITH_A_BUG STRIKES ARGS...``."""

ALT_SCREEN = b"\x1b[?1049h"
"""Textual switches to the alternate screen each time an app starts."""


def with_a_bug(strikes: int) -> list[str]:
    import sys

    return [sys.executable, "-c", WITH_A_BUG, str(strikes)]


def starts(session) -> int:
    """How many times a kiosk app started in ``session``."""
    return session.raw.count(ALT_SCREEN)


def test_a_bug_in_the_kiosk_is_logged_and_the_welcome_comes_back(terminal, data):
    Store(data).add_participant("AB12", PIN)
    session = terminal("kiosk", "--data", data, "--lang", "da", lang="sv", command=with_a_bug(1))
    log = data / "logs" / "kiosk-errors.log"
    welcome = said("da", "Your code").encode()  # in the kiosk's language
    session.wait_until(lambda: starts(session) == 2 and welcome in session.raw.rsplit(ALT_SCREEN, 1)[1],
                       timeout=30)  # the second app, at its welcome
    assert session.alive()
    text = log.read_text(encoding="utf-8")
    assert text.count(f"RuntimeError: {BUG}") == 1
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    session.terminate()
    assert "Traceback" not in session.output and BUG not in session.output


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_same_bug_again_and_again_stops_the_kiosk_with_one_line(terminal, data, lang):
    from skapa_tui.ui.restart import CRASHES

    Store(data).add_participant("AB12", PIN)
    session = terminal("kiosk", "--data", data, "--lang", "sv", lang=lang, command=with_a_bug(-1))
    assert session.wait() == 1
    log = data / "logs" / "kiosk-errors.log"
    assert starts(session) == CRASHES
    assert log.read_text(encoding="utf-8").count(f"RuntimeError: {BUG}") == CRASHES
    output = session.output
    assert "Traceback" not in output and BUG not in output
    # (Textual rings the terminal's bell at each crash: \a before the line.)
    said_lines = [line.replace("\a", "").strip() for line in output.splitlines() if "skapa: " in line]
    assert said_lines == [
        "skapa: " + said(lang, "the kiosk stopped because of an error in the program; the details are in {log}",
                         log=log)]


def test_ctrl_q_with_allow_quit_stops_the_kiosk_without_a_restart(terminal, data):
    Store(data).add_participant("AB12", PIN)
    session = terminal("kiosk", "--data", data, "--allow-quit", lang="sv")
    session.expect(said("sv", "Your code"), timeout=30)
    session.send("\x11")  # ctrl+q
    assert session.wait() == 0
    assert starts(session) == 1
    assert not (data / "logs").exists()
    assert "Traceback" not in session.output and "skapa: " not in session.output


def test_sigint_stops_the_kiosk_as_before_without_a_restart(terminal, data):
    import signal

    Store(data).add_participant("AB12", PIN)
    session = terminal("kiosk", "--data", data, lang="sv")
    session.expect(said("sv", "Your code"), timeout=30)
    os.killpg(session.process.pid, signal.SIGINT)
    assert session.wait() == 0  # Textual ends the app quietly on SIGINT, as it always did
    assert starts(session) == 1
    assert not (data / "logs").exists()
    assert "Traceback" not in session.output


# -- a terminal for getpass and the kiosk ------------------------------------------

class Terminal:
    """``skapa`` running in a pseudo-terminal of 100x30, read as plain text."""

    ANSI = __import__("re").compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path):
        import fcntl
        import signal
        import struct
        import subprocess
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

        def controlling_terminal() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            # As started from a terminal: a test run in the background (`&`
            # in a script, some CI runners) has SIGINT ignored, and that
            # would carry over to skapa.
            signal.signal(signal.SIGINT, signal.SIG_DFL)

        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                        start_new_session=True, preexec_fn=controlling_terminal)
        os.close(slave)
        self.raw = b""

    @property
    def output(self) -> str:
        return self.ANSI.sub("", self.raw.decode("utf-8", errors="replace"))

    def _read(self, timeout: float) -> bool:
        import select

        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the other end closed
            chunk = b""
        self.raw += chunk
        return bool(chunk)

    def expect(self, text: str, timeout: float = 15) -> None:
        import time

        deadline = time.monotonic() + timeout
        while text not in self.output:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} not seen in:\n{self.output[-3000:]}"
            if not self._read(min(left, 0.5)) and self.process.poll() is not None:
                assert text in self.output, \
                    f"{text!r} not seen; exited {self.process.returncode}:\n{self.output[-3000:]}"

    def expect_quiet(self, seconds: float) -> None:
        """Read whatever comes for ``seconds``."""
        import time

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read(max(0.0, deadline - time.monotonic()))

    def wait_until(self, condition, timeout: float = 15) -> None:
        """Read what comes until ``condition()`` holds; the process must stay alive."""
        import time

        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline and self.alive(), self.output[-3000:]
            self._read(0.5)

    def send(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait(self, timeout: float = 30) -> int:
        import time

        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0.05):
            pass
        return self.process.wait(timeout=max(0.1, deadline - time.monotonic()))

    def terminate(self) -> int:
        if self.alive():
            self.process.terminate()
        try:
            return self.wait(15)
        finally:
            os.close(self.master)


@pytest.fixture
def terminal(tmp_path, clean_env, skapa_command):
    started: list[Terminal] = []
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)

    def start(*args: object, lang: str = "sv", command: list[str] | None = None) -> Terminal:
        env = clean_env(home, lang, TERM="xterm-256color", COLUMNS="100", LINES="30")
        session = Terminal([*(command or skapa_command), *map(str, args)], env, tmp_path)
        started.append(session)
        return session

    yield start
    for session in started:
        if session.alive():
            session.process.kill()
            session.process.wait()


def test_a_wrong_or_taken_code_is_said_before_the_pin_is_asked(terminal, data):
    Store(data).add_participant("AB12", PIN)
    session = terminal("participants", "add", "ab12", "--data", data, lang="da")
    assert session.wait() == 1
    assert said("da", "There is already a participant with the code {code}.", code="AB12") in session.output
    assert said("da", "PIN for {code}: ", code="AB12") not in session.output

    session = terminal("participants", "add", "a b", "--data", data, lang="sv")
    assert session.wait() == 1
    assert said("sv", "A code has only letters, digits and '-', and starts and ends with a letter or digit.") \
        in session.output


def test_a_bad_pin_is_said_at_once(terminal, data):
    from skapa_tui.domain.participant import PIN_MAX, PIN_MIN

    session = terminal("participants", "add", "ef56", "--data", data, lang="sv")
    session.expect(said("sv", "PIN for {code}: ", code="EF56"))
    session.send("12\n")
    session.expect(said("sv", "A PIN has {min} to {max} digits.", min=PIN_MIN, max=PIN_MAX))
    assert session.wait() == 1
    assert said("sv", "The same PIN again: ") not in session.output
    assert Store(data).participant_codes() == []


# -- supervisors ------------------------------------------------------------------
# New messages are checked in English until the catalogs translate them.

def test_supervisors_add_asks_for_the_passphrase_twice(terminal, data):
    session = terminal("supervisors", "add", " Anna.L ", "--name", "Anna  Lind", "--data", data, lang="en")
    session.expect("Passphrase for anna.l: ")
    session.send(PASSPHRASE + "\n")
    session.expect("The same passphrase again: ")
    session.send(PASSPHRASE + "\n")
    session.expect("Added the supervisor anna.l.")
    assert session.wait() == 0
    assert PASSPHRASE not in session.output  # not echoed
    supervisor = Store(data).check_supervisor_login("anna.l", PASSPHRASE)
    assert supervisor.name == "Anna Lind" and supervisor.active


def test_supervisors_add_refuses_two_different_passphrases_and_a_short_one(terminal, data):
    from skapa_tui.domain.supervisor import PASSPHRASE_MIN

    session = terminal("supervisors", "add", "bo", "--data", data, lang="en")
    session.expect("Passphrase for bo: ")
    session.send(PASSPHRASE + "\n")
    session.expect("The same passphrase again: ")
    session.send(PASSPHRASE + "x\n")
    session.expect("the two passphrases are not the same; nothing was saved")
    assert session.wait() == 1
    session = terminal("supervisors", "add", "bo", "--data", data, lang="en")
    session.expect("Passphrase for bo: ")
    session.send("short\n")
    session.expect(f"A passphrase has at least {PASSPHRASE_MIN} characters.")
    assert session.wait() == 1
    assert "Traceback" not in session.output
    assert Store(data).supervisors() == []


def test_supervisors_add_without_a_terminal_or_with_a_taken_or_bad_id(skapa, terminal, data):
    done = skapa("supervisors", "add", "bo", "--data", data, input=PASSPHRASE + "\n" + PASSPHRASE + "\n",
                 lang="en")
    assert done.returncode == 2
    no_traceback(done)
    assert done.stderr.strip() == "skapa: there is no terminal to ask for the passphrase on"
    assert "--passphrase" in skapa("supervisors", "add", "bo", "--passphrase", "x", "--data", data).stderr
    Store(data).add_supervisor("bo", PASSPHRASE)
    session = terminal("supervisors", "add", "BO", "--data", data, lang="en")
    assert session.wait() == 1
    assert "There is already a supervisor with the id bo." in session.output
    assert "Passphrase" not in session.output  # said before anyone types
    done = skapa("supervisors", "add", "9x", "--data", data, lang="en")
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "A supervisor id has 2 to 32 characters" in done.stderr


def test_supervisors_passphrase(terminal, skapa, data):
    Store(data).add_supervisor("bo", PASSPHRASE)
    session = terminal("supervisors", "passphrase", "bo", "--data", data, lang="en")
    session.expect("Passphrase for bo: ")
    session.send("a brand new passphrase\n")
    session.expect("The same passphrase again: ")
    session.send("a brand new passphrase\n")
    session.expect("bo has a new passphrase.")
    assert session.wait() == 0
    assert Store(data).check_supervisor_login("bo", PASSPHRASE) is None
    assert Store(data).check_supervisor_login("bo", "a brand new passphrase").id == "bo"
    done = skapa("supervisors", "passphrase", "nobody", "--data", data, lang="en")
    assert done.returncode == 1
    assert done.stderr.strip() == "skapa: There is no supervisor with the id nobody."


def test_supervisors_list_and_deactivate(skapa, data):
    store = Store(data)
    store.add_supervisor("anna", PASSPHRASE, "Anna Lind")
    store.add_supervisor("bo", PASSPHRASE)
    done = skapa("participants", "add", "ab12", "--pin", PIN, "--supervisor", "Anna", "--data", data, lang="en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Added the participant AB12, given to the supervisor anna."
    skapa("participants", "add", "cd34", "--pin", PIN, "--supervisor", "anna", "--data", data)
    skapa("participants", "add", "ef56", "--pin", PIN, "--data", data)
    done = skapa("supervisors", "list", "--data", data, lang="en")
    assert done.returncode == 0, done.stderr
    assert [line.split() for line in done.stdout.splitlines()] == [
        ["anna", "Anna", "Lind", "supervisor", "active", "2", "participants"],
        ["bo", "-", "supervisor", "active", "0", "participants"]]
    assert store.needing_supervisor() == ["EF56"]

    done = skapa("supervisors", "deactivate", "anna", "--data", data, lang="en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Deactivated the supervisor anna; what they did stays.",
                                        "2 participants now need another supervisor."]
    assert "inactive" in skapa("supervisors", "list", "--data", data, lang="en").stdout.splitlines()[0]
    assert store.needing_supervisor() == ["AB12", "CD34", "EF56"]
    assert store.history("AB12").supervisor == "anna"  # the history stays
    assert store.check_supervisor_login("anna", PASSPHRASE) is None

    done = skapa("participants", "add", "gh78", "--pin", PIN, "--supervisor", "anna", "--data", data, lang="en")
    assert done.returncode == 1 and done.stderr.strip() == "skapa: The supervisor anna is deactivated."
    done = skapa("participants", "add", "gh78", "--pin", PIN, "--supervisor", "nobody", "--data", data, lang="en")
    assert done.returncode == 1 and done.stderr.strip() == "skapa: There is no supervisor with the id nobody."
    assert "GH78" not in store.participant_codes()


def test_supervisors_list_names_a_damaged_file(skapa, data):
    store = Store(data)
    store.add_supervisor("anna", PASSPHRASE)
    store.add_supervisor("bo", PASSPHRASE)
    damaged = sorted(store.supervisors_dir.glob("*.json"))[0]
    damaged.write_text("{", encoding="utf-8")
    done = skapa("supervisors", "list", "--data", data, lang="en")
    assert done.returncode == 1
    no_traceback(done)
    assert len(done.stdout.splitlines()) == 1
    assert f"the data file {damaged} is damaged" in done.stderr


def test_participants_add_with_a_supervisor_asks_the_pin_after_checking_it(terminal, data):
    Store(data).add_supervisor("anna", PASSPHRASE)
    session = terminal("participants", "add", "ef56", "--supervisor", "nobody", "--data", data, lang="en")
    assert session.wait() == 1
    assert "There is no supervisor with the id nobody." in session.output and "PIN for" not in session.output
    session = terminal("participants", "add", "ef56", "--supervisor", "anna", "--data", data, lang="en")
    session.expect("PIN for EF56: ")
    session.send(PIN + "\n")
    session.expect("The same PIN again: ")
    session.send(PIN + "\n")
    session.expect("Added the participant EF56, given to the supervisor anna.")
    assert session.wait() == 0
    assert Store(data).caseload("anna") == ["EF56"]
