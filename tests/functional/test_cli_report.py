"""``skapa report`` end to end: a real data folder written through the Store,
the real command, the figures of the hand-made data set of
``tests/unit/test_report.py``; and ``skapa supervisors add --role leader``."""

from __future__ import annotations

import csv
import getpass
import io
import json
import math
import stat
import sys
from datetime import date, timedelta

import pytest

from skapa_tui import cli, i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, by_id
from skapa_tui.domain.interventions import JOB_FOCUSED, SOCIAL, kinds_of
from skapa_tui.domain.reading import Answer, now
from skapa_tui.logic.report import SUPPRESSED
from skapa_tui.storage import Store
from tests.unit.test_report import (
    FIRST,
    FIRST_LEVELS,
    LATEST,
    LATEST_LEVELS,
    LIBRARY,
    P_INDICATORS,
    SUPERVISOR_LEVELS,
    same,
)

# Its module-scoped fixtures are built once: under pytest-xdist (`make test`)
# all its tests run in one worker.
pytestmark = pytest.mark.xdist_group("cli_report")

BY_ID = by_id()

LANGS = tuple(i18n.offered_languages())
PIN = "918273"
PASSPHRASE = "the long passphrase"
CODES = [f"RQ{k:02d}" for k in range(10)]


def _reading(store: Store, code: str, role: str, day: date, values: dict[str, int | None]) -> None:
    flow = LIBRARY.current(role)
    rater = None if role == PARTICIPANT else "anna"
    reading = store.start_reading(code, flow=role, flow_version=flow.version, role=role, rater=rater,
                                  entry="paper", entered_by="anna", meeting_date=day, lang="sv")
    for indicator, value in values.items():
        item = flow.rated_question(indicator).id
        store.save_answer(code, reading.id, Answer(item, indicator, value, now()), item)
    store.complete_reading(code, reading.id)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The ten participants of the unit tests, through the Store's API."""
    root = tmp_path_factory.mktemp("report") / "data"
    store = Store(root)
    store.add_supervisor("anna", PASSPHRASE)
    store.add_supervisor("bo", PASSPHRASE)
    later = date.today() + timedelta(days=30)
    for k, code in enumerate(CODES):
        store.add_participant(code, PIN, supervisor="anna")
        _reading(store, code, PARTICIPANT, FIRST, same(PARTICIPANT, FIRST_LEVELS[k]))
        _reading(store, code, PARTICIPANT, LATEST, same(PARTICIPANT, LATEST_LEVELS[k]))
        supervisor = same(SUPERVISOR, SUPERVISOR_LEVELS[k])
        if k == 9:
            supervisor["health"] = None
        _reading(store, code, SUPERVISOR, LATEST, supervisor)
        if k < 5:
            for group in (JOB_FOCUSED, SOCIAL):
                store.add_intervention(code, kind=kinds_of(group)[0].id, group=group, text=None,
                                       start=date(2024, 2, 1), end=None, responsible="Anna", by="anna")
        if k % 2 == 0:
            store.assign(code, "bo", by="anna", on=date(2024, 3, 1))
        if k < 4:
            store.set_follow_up(code, later, by="anna")
    return root


def test_report_json_holds_the_hand_made_figures(skapa, folder, tmp_path):
    out = tmp_path / "report.json"
    done = skapa("report", "--data", folder, "--to", "2024-12-31", "--format", "json", "--out", out, lang="sv")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text("utf-8"))
    # the year 2024, as asked for; the figures as the hand-made ones, moved by no more than the report says
    assert (data["asked_first"], data["asked_last"], data["first"], data["last"]) == \
        (None, "2024-12-31", "2024-01-01", "2024-12-31")
    guard = data["protection"]
    assert guard["method"] == "cell-key" and guard["quarters"] == 4
    assert abs(data["participants"] - 10) <= guard["count_noise"]
    mine = data["sides"][0]
    assert mine["side"] == PARTICIPANT and abs(mine["counted"] - 10) <= guard["count_noise"]
    for row in mine["indicators"]:
        assert abs(row["n"] - 10) <= guard["count_noise"]
        # the bound of the fewest people the printed count can stand for
        assert row["bound"] == math.ceil(guard["rating_noise"] / (row["n"] - guard["count_noise"]) * 100) / 100
        assert abs(row["mean_first"] - 2.5) <= row["bound"] + 0.005
        assert abs(row["mean_latest"] - 3.0) <= row["bound"] + 0.005
        assert row["mean_change"] == round(row["mean_latest"] - row["mean_first"], 2)
        # 3 and 2 people: too few for a share, or a share of too few people (as printed)
        assert (row["same"], row["worse"]) == ((SUPPRESSED,) * 2 if row["n"] >= 10 else ("<10",) * 2)
    total = mine["total"]
    k = len(P_INDICATORS)  # the summed score is k times the level of a person's every indicator
    assert abs(total["mean_change"] - 0.5 * k) <= total["bound"] + 0.05
    assert total["bound"] == math.ceil(guard["summed_noise"] / (total["n"] - guard["count_noise"]) * 10) / 10
    sd = k * math.sqrt(10.5 / 9)
    assert abs(mine["baseline_sd"] - sd) <= guard["sd_noise"] / 10 * sd + 0.05
    mixes = {g["group"]: g for g in mine["by_mix"]}
    assert abs(mixes["combined_job"]["mean_change"] - 1.4 * k) <= mixes["combined_job"]["bound"] + 0.05
    changes = {g["group"]: g for g in mine["by_changes"]}
    assert abs(changes["1"]["mean_change"] - 0.8 * k) <= changes["1"]["bound"] + 0.05
    assert abs(data["overdue"]["count"] - 6) <= guard["count_noise"]
    gaps = {g["indicator"]: g for g in data["gaps"]}
    assert abs(gaps["cooperation"]["count"] - 6) <= guard["count_noise"]
    health = gaps["health"]  # nine people: a share only when their number is printed as 10 or more
    assert (health["share"] == "<10") == (health["n"] < 10)
    assert data["sides"][1]["fewer_than_two"] in range(8, 13)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html"])
def test_no_code_in_any_format(skapa, folder, fmt, lang):
    done = skapa("report", "--data", folder, "--format", fmt, "--lang", lang, lang="sv")
    assert done.returncode == 0, done.stderr
    assert done.stdout and not any(code in done.stdout for code in CODES)
    assert "anna" not in done.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_text_report_in_each_language(skapa, folder, lang):
    from babel.numbers import format_decimal

    done = skapa("report", "--data", folder, "--lang", lang, lang="sv")
    assert done.returncode == 0, done.stderr
    say = i18n.gettext_for(lang)
    assert say("Progression report") in done.stdout
    assert say(BY_ID[P_INDICATORS[0]].name) in done.stdout
    assert format_decimal(0.8, format="#,##0.00", locale=lang) in done.stdout


def test_the_period_moves_the_year(skapa, folder):
    """The year up to June 2024 holds both readings; the one up to March 2025 only the latest."""
    done = skapa("report", "--data", folder, "--to", "2025-03-01", "--format", "csv", lang="sv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert ["report", "", "", "", "first", "2024-04-01"] in rows
    assert ["report", "", "", "", "last", "2025-03-31"] in rows
    assert ["people", "", "", PARTICIPANT, "counted", "0"] in rows
    assert ["distance", "", P_INDICATORS[0], PARTICIPANT, "n", "0"] in rows
    done = skapa("report", "--data", folder, "--from", "2023-07-01", "--format", "csv", lang="sv")
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert ["report", "", "", "", "last", "2024-06-30"] in rows
    assert ["people", "", "", PARTICIPANT, "counted", "0"] not in rows


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_bad_dates_are_said_in_one_line(skapa, folder, lang):
    say = i18n.gettext_for(lang)
    done = skapa("report", "--data", folder, "--from", "2024-02-30", lang=lang)
    assert done.returncode == 2 and not done.stdout
    assert done.stderr.strip() == "skapa: " + say("{option} needs a date as YYYY-MM-DD, not {value!r}").format(
        option="--from", value="2024-02-30")
    done = skapa("report", "--data", folder, "--from", "2024-05-01", "--to", "2024-01-01", lang=lang)
    assert done.returncode == 2 and done.stderr.strip() == "skapa: " + say("--from must not come after --to")
    assert "Traceback" not in done.stderr


def test_a_damaged_file_is_left_out_and_said(skapa, tmp_path):
    root = tmp_path / "data"
    store = Store(root)
    store.add_participant("AB12", PIN)
    store.add_participant("CD34", PIN)
    damaged = sorted(store.path_of(c) for c in ("AB12", "CD34"))[0]
    damaged.write_text("{", encoding="utf-8")
    done = skapa("report", "--data", root, "--format", "json", lang="sv")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unreadable_files"] == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "AB12" not in done.stderr + done.stdout


def test_a_group_of_four_in_the_text_report(skapa, tmp_path):
    root = tmp_path / "data"
    store = Store(root)
    store.add_supervisor("anna", PASSPHRASE)
    for code in CODES[:4]:
        store.add_participant(code, PIN, supervisor="anna")
        _reading(store, code, PARTICIPANT, FIRST, same(PARTICIPANT, 2))
        _reading(store, code, PARTICIPANT, LATEST, same(PARTICIPANT, 3))
    done = skapa("report", "--data", root, "--to", "2024-06-30", "--format", "json", lang="sv")
    data = json.loads(done.stdout)
    assert data["participants"] == SUPPRESSED and data["sides"][0]["counted"] == SUPPRESSED
    assert data["sides"][0]["indicators"][0]["n"] == SUPPRESSED
    assert data["sides"][0]["total"]["mean_change"] == SUPPRESSED
    assert {g["group"]: g["n"] for g in data["sides"][0]["by_mix"]}["none"] == SUPPRESSED
    text = skapa("report", "--data", root, "--to", "2024-06-30", lang="sv").stdout
    say = i18n.gettext_for("sv")
    assert SUPPRESSED in text and "3,00" not in text
    assert say("Participants with a reading in the period: {n}.").format(n=SUPPRESSED) in text
    assert say("Fewer than {group} people have two readings of this side in the period: their figures are "
               "not shown, so that no one can be worked out.").format(group=5) in " ".join(text.split())


# -- the leader role on the command line ----------------------------------------------

@pytest.fixture
def typed(monkeypatch):
    """`skapa supervisors add` in this process, the passphrase typed twice."""
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": PASSPHRASE)
    monkeypatch.setenv("SKAPA_LANG", "en")


def test_supervisors_add_a_leader_and_list_the_roles(typed, tmp_path, capsys, skapa):
    root = tmp_path / "data"
    assert cli.main(["supervisors", "add", "lena", "--role", "leader", "--data", str(root)]) == 0
    assert cli.main(["supervisors", "add", "anna", "--data", str(root)]) == 0
    assert capsys.readouterr().out.splitlines() == ["Added the leader lena.", "Added the supervisor anna."]
    store = Store(root)
    assert store.supervisor("lena").role == "leader" and store.supervisor("anna").role == "supervisor"
    assert store.check_supervisor_login("lena", PASSPHRASE).role == "leader"
    done = skapa("supervisors", "list", "--data", root, lang="en")
    assert [line.split() for line in done.stdout.splitlines()] == [
        ["anna", "-", "supervisor", "active", "0", "participants"], ["lena", "-", "leader", "active", "-"]]
    done = skapa("participants", "add", "ab12", "--pin", PIN, "--supervisor", "lena", "--data", root, lang="en")
    assert done.returncode == 1
    assert done.stderr.strip() == "skapa: lena is a leader: leaders have no participants."
    assert store.participant_codes() == []
    done = skapa("supervisors", "add", "bo", "--role", "boss", "--data", root, lang="en")
    assert done.returncode == 2 and "boss" in done.stderr
