"""Flows are data: a question of each kind and a new indicator, added as data
only (a copy of ``flows/`` with the kept versions and of the catalogs, named by
``SKAPA_FLOWS`` and ``SKAPA_LOCALES``), run through ``skapa flows check``, the
kiosk (answered by keys), the desk (the hand-over, the supervisor's form and
the conversation), the organisation's report, the export and the summary.

The new participant questions: a single choice on an existing indicator, a
multiple choice on another, and the scale that rates the new indicator; the
supervisor's form rates the new indicator too, and the guide has a question
for it. A second *scale* question on an existing indicator is refused by the
check (one rating per indicator and reading is what the report counts and
the chart draws), as is an indicator no form rates.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from skapa_tui import i18n
from skapa_tui.domain.flow import MULTIPLE_ANSWER, SCALE_ANSWER, SINGLE_ANSWER, Flow, Question
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, all_indicators
from skapa_tui.domain.reading import Answer, now
from skapa_tui.resources import flow_library, flows_dir, locales_dir
from skapa_tui.storage import Store

from .desk_helpers import ME, MY_PASSPHRASE, signed_in
from .desk_helpers import make_app as make_desk_app
from .desk_helpers import make_store as make_desk_store
from .form_helpers import key_for
from .kiosk_helpers import CODE, PIN, log_in, wait_for

NEW = "digital_skills"
"""The new indicator's id."""

INDICATOR = """
[[indicators]]
id = "digital_skills"
name = "Digital skills"
short = "Digital skills"
asked_of = ["participant", "supervisor"]
raises_job_chance = false
"""

PARTICIPANT_STEPS = """
[[steps]]
type = "question"
id = "search_channel"
indicator = "job_search"
answer = "single"
text = "Where do you mostly look for jobs?"
options = [
  { id = "job_sites", text = "On job sites on the internet" },
  { id = "workplaces", text = "I ask at workplaces" },
  { id = "people", text = "Through people I know" },
]

[[steps]]
type = "question"
id = "who_helps"
indicator = "network_support"
answer = "multiple"
text = "Who can help you when you need it?"
options = [
  { id = "family", text = "My family" },
  { id = "friends", text = "My friends" },
  { id = "neighbours", text = "My neighbours" },
  { id = "others", text = "Someone else" },
]

[[steps]]
type = "question"
id = "online"
indicator = "digital_skills"
text = "Can you do things online, on a computer or a phone?"
short = "Online"
anchors = [
  { value = 1, text = "I cannot do things online." },
  { value = 2, text = "I can do a few things online, with help." },
  { value = 3, text = "It varies. Sometimes it goes well and sometimes not." },
  { value = 4, text = "I can do most things online on my own." },
  { value = 5, text = "I can do all I need online." },
]
"""

SUPERVISOR_STEPS = """
[[steps]]
type = "question"
id = "digital_tasks"
indicator = "digital_skills"
text = "How well does the person manage digital tasks, such as applying for a job online?"
anchors = [
  { value = 1, text = "Does not manage digital tasks." },
  { value = 2, text = "Manages a few digital tasks, with help." },
  { value = 3, text = "It varies: manages some digital tasks." },
  { value = 4, text = "Manages most digital tasks alone." },
  { value = 5, text = "Manages all digital tasks with ease." },
]
"""

GUIDE_QUESTIONS = """digital_skills = [
  "What do you do online that goes well?",
]
"""

TRANSLATIONS = {
    # English msgid: (Swedish, Danish)
    "Digital skills": ("Digitala färdigheter", "Digitale færdigheder"),
    "Where do you mostly look for jobs?": ("Var letar du mest efter jobb?", "Hvor leder du mest efter job?"),
    "On job sites on the internet": ("På jobbsajter på nätet", "På jobsider på nettet"),
    "I ask at workplaces": ("Jag frågar på arbetsplatser", "Jeg spørger på arbejdspladser"),
    "Through people I know": ("Genom folk jag känner", "Gennem folk, jeg kender"),
    "Who can help you when you need it?": ("Vem kan hjälpa dig när du behöver det?",
                                           "Hvem kan hjælpe dig, når du har brug for det?"),
    "My family": ("Min familj", "Min familie"),
    "My friends": ("Mina vänner", "Mine venner"),
    "My neighbours": ("Mina grannar", "Mine naboer"),
    "Someone else": ("Någon annan", "En anden"),
    "Can you do things online, on a computer or a phone?": (
        "Kan du göra saker på nätet, på en dator eller en mobil?",
        "Kan du gøre ting på nettet, på en computer eller en telefon?"),
    "Online": ("På nätet", "På nettet"),
    "I cannot do things online.": ("Jag kan inte göra saker på nätet.", "Jeg kan ikke gøre ting på nettet."),
    "I can do a few things online, with help.": ("Jag kan göra lite på nätet, med hjälp.",
                                                 "Jeg kan gøre lidt på nettet, med hjælp."),
    "It varies. Sometimes it goes well and sometimes not.": (
        "Det varierar. Ibland går det bra och ibland inte.",
        "Det svinger. Nogle gange går det godt og nogle gange ikke."),
    "I can do most things online on my own.": ("Jag kan göra det mesta på nätet själv.",
                                               "Jeg kan gøre det meste på nettet selv."),
    "I can do all I need online.": ("Jag kan göra allt jag behöver på nätet.",
                                    "Jeg kan gøre alt, hvad jeg har brug for, på nettet."),
    "How well does the person manage digital tasks, such as applying for a job online?": (
        "Hur väl klarar personen digitala uppgifter, som att söka ett jobb på nätet?",
        "Hvor godt klarer personen digitale opgaver, som at søge et job på nettet?"),
    "Does not manage digital tasks.": ("Klarar inte digitala uppgifter.", "Klarer ikke digitale opgaver."),
    "Manages a few digital tasks, with help.": ("Klarar några digitala uppgifter, med hjälp.",
                                                "Klarer nogle få digitale opgaver, med hjælp."),
    "It varies: manages some digital tasks.": ("Det varierar: klarar vissa digitala uppgifter.",
                                               "Det svinger: klarer nogle digitale opgaver."),
    "Manages most digital tasks alone.": ("Klarar de flesta digitala uppgifter själv.",
                                          "Klarer de fleste digitale opgaver selv."),
    "Manages all digital tasks with ease.": ("Klarar alla digitala uppgifter lätt.",
                                             "Klarer alle digitale opgaver let."),
    "What do you do online that goes well?": ("Vad gör du på nätet som går bra?",
                                              "Hvad gør du på nettet, som går godt?"),
}

LANGS = ("sv", "da")


def _bump(text: str, version: int, note: str) -> str:
    """The flow file's text one version on, with its changelog entry."""
    old = f"version = {version - 1}\n"
    assert old in text
    text = text.replace(old, f"version = {version}\n", 1)
    return text.replace("[[changelog]]", f'[[changelog]]\nversion = {version}\ndate = 2026-12-05\n'
                                         f'note = "{note}"\n\n[[changelog]]', 1)


def make_flows(root: Path, *, participant_steps: str = PARTICIPANT_STEPS, indicator: str = INDICATOR,
               guide_questions: str = GUIDE_QUESTIONS) -> Path:
    """A copy of the flows folder with the new questions and indicator, as the README says to add them."""
    flows = root / "flows"
    shutil.copytree(flows_dir(), flows)
    library = flow_library()
    versions = flows / "versions"
    versions.mkdir(exist_ok=True)
    for flow_id, steps in ((PARTICIPANT, participant_steps), (SUPERVISOR, SUPERVISOR_STEPS)):
        current = library.current(flow_id)
        path = flows / f"{flow_id}.toml"
        text = path.read_text("utf-8")
        shutil.copy(path, versions / f"{flow_id}.v{current.version}.toml")
        text = text.replace("format = 1\n", "format = 2\n", 1)
        text = _bump(text, current.version + 1, "New questions, and the indicator of digital skills.")
        path.write_text(text + steps, "utf-8")
    path = flows / "indicators.toml"
    path.write_text(_bump(path.read_text("utf-8"), all_indicators().version + 1, "Digital skills.") + indicator,
                    "utf-8")
    path = flows / "conversation.toml"
    text = path.read_text("utf-8")
    path.write_text(_bump(text, library.guide().version + 1, "Questions about digital skills.")
                    + guide_questions, "utf-8")
    return flows


def make_locales(root: Path) -> Path:
    """A copy of the catalogs with the new texts in the template and translated in every language."""
    locales = root / "locales"
    shutil.copytree(locales_dir(), locales)
    template_path = locales / i18n.TEMPLATE
    with template_path.open("rb") as fp:
        template = read_po(fp)
    for msgid in TRANSLATIONS:
        template.add(msgid)
    with template_path.open("wb") as fp:
        write_po(fp, template)
    for k, lang in enumerate(LANGS):
        folder = locales / lang / "LC_MESSAGES"
        with (folder / f"{i18n.DOMAIN}.po").open("rb") as fp:
            catalog = read_po(fp, locale=lang)
        for msgid, texts in TRANSLATIONS.items():
            catalog.add(msgid, texts[k])
        with (folder / f"{i18n.DOMAIN}.po").open("wb") as fp:
            write_po(fp, catalog)
        with (folder / f"{i18n.DOMAIN}.mo").open("wb") as fp:
            write_mo(fp, catalog)
    return locales


@pytest.fixture
def trial(tmp_path, monkeypatch, restore_language):
    """The new flows and catalogs in use, in this process and in the commands it runs."""
    flows, locales = make_flows(tmp_path), make_locales(tmp_path)
    monkeypatch.setenv("SKAPA_FLOWS", str(flows))
    monkeypatch.setenv("SKAPA_LOCALES", str(locales))
    monkeypatch.setattr(i18n, "_shipped_locales", lambda: locales.resolve())
    i18n.offered_languages.cache_clear()
    i18n.template_msgids.cache_clear()
    yield {"SKAPA_FLOWS": str(flows), "SKAPA_LOCALES": str(locales)}
    i18n.offered_languages.cache_clear()
    i18n.template_msgids.cache_clear()


def say(lang: str, msgid: str) -> str:
    text = i18n.translation(lang).gettext(msgid)
    assert text != msgid or lang == "en", f"{msgid!r} is not translated into {lang}"
    return text


# -- the check -----------------------------------------------------------------------

def test_flows_check_takes_them_and_counts_them(trial, skapa):
    library = flow_library()
    assert library.folder == Path(trial["SKAPA_FLOWS"])
    participant, supervisor = library.current(PARTICIPANT), library.current(SUPERVISOR)
    kinds = {q.id: q.answer for q in participant.questions}
    assert (kinds["search_channel"], kinds["who_helps"], kinds["online"]) == \
        (SINGLE_ANSWER, MULTIPLE_ANSWER, SCALE_ANSWER)
    assert participant.rated_question(NEW).id == "online" and supervisor.rated_question(NEW).id == "digital_tasks"
    assert NEW in library.indicators() and library.indicators().by_id[NEW].asked_of == {PARTICIPANT, SUPERVISOR}
    done = skapa("flows", "check", lang="en", **trial)
    assert done.returncode == 0, done.stdout + done.stderr
    indicators = library.indicators()
    kept = library.version(PARTICIPANT, participant.version - 1)
    for line in (f"indicators.toml: OK, version {indicators.version}, {len(indicators)} indicators",
                 f"participant.toml: OK, version {participant.version}, {len(participant.questions)} questions",
                 f"participant.v{kept.version}.toml: OK, version {kept.version}, {len(kept.questions)} questions",
                 f"supervisor.toml: OK, version {supervisor.version}, {len(supervisor.questions)} questions"):
        assert any(out.endswith(line) for out in done.stdout.splitlines()), (line, done.stdout)


SECOND_SCALE = """
[[steps]]
type = "question"
id = "cooperation_again"
indicator = "cooperation"
text = "Do you like to work with others?"
anchors = [
  { value = 1, text = "My family" },
  { value = 2, text = "My friends" },
  { value = 3, text = "My neighbours" },
  { value = 4, text = "Someone else" },
  { value = 5, text = "Online" },
]
"""

REFUSED = {
    "a second scale on an indicator": (
        dict(participant_steps=PARTICIPANT_STEPS + SECOND_SCALE), "participant.toml",
        "steps.cooperation_again.indicator: the indicator 'cooperation' is rated twice: one scale question "
        "rates an indicator; ask this one as a single or multiple choice, or give it an indicator of its own"),
    "an indicator the form does not rate": (
        dict(participant_steps=PARTICIPANT_STEPS.split("[[steps]]\ntype = \"question\"\nid = \"online\"")[0]),
        "participant.toml", "steps: no question rates the indicator 'digital_skills'"),
    "an indicator without the guide's questions": (
        dict(guide_questions=""), "conversation.toml",
        "questions: the indicator 'digital_skills' has no questions"),
    "an indicator asked of no form": (
        dict(indicator=INDICATOR.replace('["participant", "supervisor"]', "[]")), "indicators.toml",
        "indicators.digital_skills.asked_of: a list of the forms that rate it is needed: participant, "
        "supervisor or both, not []"),
    "a short name too long for the chart": (
        dict(indicator=INDICATOR.replace('short = "Digital skills"', 'short = "Digital skills, all of them"')),
        "indicators.toml", "indicators.digital_skills.short: the short name has more than 20 characters"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_flows_check_refuses_what_cannot_be_shown_or_counted_in_one_line(case, tmp_path, skapa):
    changes, file, problem = REFUSED[case]
    flows = make_flows(tmp_path, **changes)
    done = skapa("flows", "check", lang="en", SKAPA_FLOWS=str(flows), SKAPA_LOCALES=str(make_locales(tmp_path)))
    assert done.returncode == 1
    problems = [line for line in done.stdout.splitlines() if ": OK," not in line]
    assert any(line.endswith(f"{file}: {problem}") for line in problems), done.stdout
    if file != "indicators.toml":
        assert len(problems) == 1, done.stdout  # one line, not one for every file that reads it
    assert "Traceback" not in done.stderr and done.stderr.strip().endswith("have problems.") \
        or done.stderr.strip().endswith("has problems."), done.stderr


# -- the kiosk ---------------------------------------------------------------------

def shown_answers(app) -> list[str]:
    from skapa_tui.ui.widgets.choices import ChoiceRow

    return [row.said for row in app.screen.query(ChoiceRow) if row.display]


async def answer_by_keys(pilot, flow: Flow, lang: str, shown: dict[str, list[str]]) -> dict[str, object]:
    """Answer each question of the kiosk's chat by its keys (each kind as it takes them); what is stored."""
    from skapa_tui.ui.screens.dialog import DialogScreen
    from skapa_tui.ui.screens.review import ReviewScreen

    app = pilot.app
    expected = {}
    n = 0
    while True:
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen)
                       or (isinstance(app.screen, DialogScreen) and app.visit.dialog._shown is not None),
                       "a question or the review")
        if isinstance(app.screen, ReviewScreen):
            return expected
        item = app.visit.dialog.state
        question = flow.question(item)
        shown[item] = shown_answers(app)
        keys, value = key_for(question, n)
        for key in keys:
            await pilot.press(key)
        await wait_for(pilot, lambda item=item: app.visit is None or app.visit.dialog.state != item,
                       f"past {item}")
        expected[item] = value
        n += 1


def the_answers_read(question: Question, lang: str) -> list[str]:
    """A question's answers as the person reads them, in ``lang``."""
    if question.answer == SCALE_ANSWER:
        return [say(lang, a.text) for a in question.anchors]
    return [say(lang, o.text) + (f"  ({say(lang, o.note)})" if o.note else "") for o in question.options]


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_the_kiosk_asks_and_keeps_every_kind_and_the_new_indicator(trial, tmp_path, lang):
    from skapa_tui.ui.kiosk_app import KioskApp
    from skapa_tui.ui.screens.thanks import ThanksScreen

    store = Store(tmp_path / "data")
    store.add_participant(CODE, PIN)
    library = flow_library()
    flow = library.current(PARTICIPANT)
    app = KioskApp(store, library, lang=lang, settle=0.0)
    shown: dict[str, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        expected = await answer_by_keys(pilot, flow, lang, shown)
        await pilot.press("enter")  # every question answered: Enter sends
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
    assert list(shown) == [q.id for q in flow.questions]
    for question in flow.questions:
        # every answer written out in its language, after its key; the skip last
        texts = the_answers_read(question, lang)
        rows = shown[question.id]
        assert len(rows) == len(texts) + 1
        for k, (row, text) in enumerate(zip(rows, texts)):
            assert row.startswith(f"{k + 1}  ") and row.endswith(text), (row, text)
    [reading] = store.readings(CODE)
    assert reading.finished and reading.flow_version == flow.version
    assert {item: a.value for item, a in reading.answers.items()} == expected
    assert reading.answers["online"].indicator == NEW
    assert isinstance(expected["who_helps"], tuple) and len(expected["who_helps"]) == 2


# -- the desk ----------------------------------------------------------------------

async def test_the_desk_hands_over_rates_and_compares_the_new_indicator(trial, tmp_path):
    from skapa_tui.domain.reading import today
    from skapa_tui.ui.screens.conversation import ConversationScreen, IndicatorPanel
    from skapa_tui.ui.screens.dialog import DialogScreen
    from skapa_tui.ui.screens.form import FormReviewScreen, FormScreen
    from skapa_tui.ui.screens.lock import LockScreen
    from skapa_tui.ui.screens.participant import ParticipantScreen
    from skapa_tui.ui.screens.thanks import ThanksScreen

    lang = "sv"
    library = flow_library()
    participant, supervisor = library.current(PARTICIPANT), library.current(SUPERVISOR)
    store = make_desk_store(tmp_path / "data", "P-1")
    app = make_desk_app(store, lang=lang, clock=today)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the participant's page")
        await pilot.pause()
        # the participant answers in the kiosk's chat on the desk's terminal
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen), "the hand-over")
        mine = await answer_by_keys(pilot, participant, lang, {})
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await pilot.press(*MY_PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the page again")
        await pilot.pause()
        # the supervisor's own form, by keys
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.asked, "the form")
        theirs = {}
        n = 0
        while not isinstance(app.screen, FormReviewScreen):
            item = app.screen.asked
            question = supervisor.question(item)
            rows = shown_answers(app)
            texts = the_answers_read(question, lang)
            assert [r.split("  ", 1)[0] for r in rows[:-1]] == [str(k + 1) for k in range(len(texts))]
            assert all(r.endswith(t) for r, t in zip(rows, texts))
            keys, value = key_for(question, n)
            for key in keys:
                await pilot.press(key)
            theirs[item] = value
            n += 1
            await wait_for(pilot, lambda item=item: isinstance(app.screen, FormReviewScreen)
                           or (isinstance(app.screen, FormScreen) and app.screen.asked not in (None, item)),
                           f"past {item}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the page after sending")
        await pilot.pause()
        # the conversation: a panel for every indicator, the new one with both sides' anchors
        await pilot.press("c")
        indicators = all_indicators()
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen)
                       and len(app.screen.query(IndicatorPanel)) == len(indicators), "the conversation")
        await pilot.pause()
        panel = app.screen.query_one(f"#ind-{NEW}", IndicatorPanel)
        text = "\n".join(str(w.render()) for w in panel.query("Static"))
        assert say(lang, indicators.by_id[NEW].name) in text
        assert say(lang, participant.question("online").anchor(mine["online"]).text) in text
        assert say(lang, supervisor.question("digital_tasks").anchor(theirs["digital_tasks"]).text) in text
        assert say(lang, "What do you do online that goes well?") in text or \
            abs(mine["online"] - theirs["digital_tasks"]) < 2
    readings = {r.role: r for r in Store(tmp_path / "data").readings("P-1")}
    assert {i: a.value for i, a in readings[PARTICIPANT].answers.items()} == mine
    assert {i: a.value for i, a in readings[SUPERVISOR].answers.items()} == theirs
    assert readings[SUPERVISOR].rater == ME


# -- the report, the export and the summary ------------------------------------------

FIRST, LATEST = date(2024, 2, 10), date(2024, 11, 5)
PEOPLE = [f"FD{k:02d}" for k in range(12)]


def _reading(store: Store, code: str, flow: Flow, day: date, level: int) -> None:
    rater = None if flow.role == PARTICIPANT else "anna"
    reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=flow.role, rater=rater,
                                  entry="paper", entered_by="anna", meeting_date=day, lang="sv")
    for n, question in enumerate(flow.questions):
        _keys, value = key_for(question, n + level) if not question.rates else (None, level)
        store.save_answer(code, reading.id, Answer(question.id, question.indicator, value, now()), question.id)
    store.complete_reading(code, reading.id)


@pytest.fixture
def folder(trial, tmp_path):
    """People with a first and a latest reading of each side on the new flows, through the Store."""
    library = flow_library()
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", "the long passphrase")
    for k, code in enumerate(PEOPLE):
        store.add_participant(code, "918273", supervisor="anna")
        for role in (PARTICIPANT, SUPERVISOR):
            flow = library.current(role)
            _reading(store, code, flow, FIRST, 1 + k % 3)
            _reading(store, code, flow, LATEST, 2 + k % 4)
    return tmp_path / "data"


def test_the_report_counts_the_new_indicator_on_both_sides(trial, folder, skapa, tmp_path):
    done = skapa("report", "--data", folder, "--to", "2024-12-31", "--format", "csv", lang="en", **trial)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    for side in (PARTICIPANT, SUPERVISOR):
        [n] = [r for r in rows if r[:5] == ["distance", "", NEW, side, "n"]]
        assert n[5] not in ("", "0")
        indicators = [r[2] for r in rows if r[0] == "distance" and r[3] == side and r[4] == "n"]
        assert indicators == [i.id for i in all_indicators().asked_of(side)]
    assert any(r[0] == "gaps" and NEW in r for r in rows), [r for r in rows if r[0] == "gaps"]
    out = tmp_path / "report.json"
    done = skapa("report", "--data", folder, "--to", "2024-12-31", "--format", "json", "--out", out,
                 lang="sv", **trial)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text("utf-8"))
    for side in data["sides"]:
        assert [row["indicator"] for row in side["indicators"]] == \
            [i.id for i in all_indicators().asked_of(side["side"])]
    done = skapa("report", "--data", folder, "--to", "2024-12-31", lang="sv", **trial)
    assert done.returncode == 0, done.stderr
    assert say("sv", "Digital skills") in done.stdout


def test_the_export_keeps_every_kind_of_answer(trial, folder, skapa):
    done = skapa("export", "--data", folder, "--format", "csv", "--table", "answers", lang="en", **trial)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    flow = flow_library().current(PARTICIPANT)
    mine = [r for r in rows if r["code"] == PEOPLE[0] and r["role"] == PARTICIPANT]
    assert {r["item"] for r in mine} == {q.id for q in flow.questions}
    by_item = {r["item"]: r for r in mine if r["meeting_date"] == FIRST.isoformat()}
    assert by_item["online"]["indicator"] == NEW and by_item["online"]["value"] == "1"
    assert by_item["search_channel"]["value"] in {o.id for o in flow.question("search_channel").options}
    assert len(by_item["who_helps"]["value"].split(";")) == 2
    done = skapa("export", "--data", folder, "--format", "json", lang="en", **trial)
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    [person] = [p for p in exported["participants"] if p["code"] == PEOPLE[0]]
    answers = {a["item"]: a for a in person["readings"][0]["answers"]}
    assert answers["online"]["indicator"] == NEW and isinstance(answers["who_helps"]["value"], list)


def test_the_summary_and_the_chart_have_the_new_axis(trial, folder, skapa, tmp_path):
    from skapa_tui.logic.summary import build_summary

    store = Store(folder)
    library = flow_library()
    summary = build_summary(store.history(PEOPLE[0]), lambda r: library.version(r.flow, r.flow_version),
                            "da", date(2025, 1, 10))
    assert NEW in summary.axis_ids and say("da", "Digital skills") in summary.axes
    assert list(summary.axis_ids) == [i.id for i in all_indicators().asked_of(PARTICIPANT)]
    [line] = [r for r in summary.ratings if r.indicator == say("da", "Digital skills")]
    latest = store.history(PEOPLE[0]).latest(PARTICIPANT)
    assert line.value == latest.answers["online"].value
    assert line.text == say("da", library.current(PARTICIPANT).question("online").anchor(line.value).text)
    out = tmp_path / "summary.pdf"
    done = skapa("summary", PEOPLE[0], "--data", folder, "--lang", "da", "--out", out, **trial)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
