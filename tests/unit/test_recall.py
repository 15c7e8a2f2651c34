"""The dialog remembers (`skapa_tui.logic.recall`): the earlier answers of a
real data folder, the recall line with its date in every language, and the
reflection lines for up, the same, down and missing."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.dates import get_month_names

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, SCALE, SUPERVISOR
from skapa_tui.domain.library import FlowLibrary
from skapa_tui.domain.reading import ENTRY_KIOSK, ENTRY_PAPER, Answer, now, today
from skapa_tui.logic.recall import (
    RECALL,
    RECALL_NOT_ANSWERED,
    REFLECTIONS,
    STAYED,
    WENT_DOWN,
    WENT_UP,
    Previous,
    earlier_reading,
    fmt_day,
    previous_answers,
    recall_line,
    reflection_line,
)
from skapa_tui.resources import flow_library, flows_dir
from skapa_tui.storage import Store

try:
    from .lix import lix, words
except ImportError:  # tests/unit is not a package
    from lix import lix, words

LANGS = i18n.languages()
CODE, PIN, ANNA = "AB12", "1234", "anna"
LIBRARY = flow_library()
FLOW = LIBRARY.current(PARTICIPANT)
QUESTIONS = FLOW.questions


def store_with_participant(root: Path) -> Store:
    store = Store(root)
    store.add_supervisor(ANNA, "a long passphrase")
    store.add_participant(CODE, PIN, supervisor=ANNA)
    return store


def paper_reading(store: Store, day: date, values: dict[str, object], *, role: str = PARTICIPANT,
                  flow=FLOW, send: bool = True):
    """A reading typed in from paper for the meeting of ``day`` (item -> value)."""
    reading = store.start_reading(CODE, flow=flow.id, flow_version=flow.version, role=role,
                                  rater=ANNA if role == SUPERVISOR else None, entry=ENTRY_PAPER,
                                  entered_by=ANNA, meeting_date=day, lang="sv")
    for question in flow.questions:
        if question.id in values:
            store.save_answer(CODE, reading.id, Answer(question.id, question.indicator,
                                                       values[question.id], now()), None)
    if send:
        store.complete_reading(CODE, reading.id)
    return reading


def kiosk_reading(store: Store):
    return store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT,
                               rater=None, entry=ENTRY_KIOSK, entered_by=None, meeting_date=today(),
                               lang="sv")


# -- the earlier answers -------------------------------------------------------------

def test_a_first_meeting_has_nothing_to_recall(tmp_path):
    store = store_with_participant(tmp_path)
    now_reading = kiosk_reading(store)
    assert previous_answers(store.history(CODE), PARTICIPANT, None, FLOW.id, now_reading.id,
                            library=LIBRARY) == {}


def test_the_latest_sent_reading_of_the_same_side_before_this_one(tmp_path):
    store = store_with_participant(tmp_path)
    first, second = today() - timedelta(days=180), today() - timedelta(days=90)
    q0, q1 = QUESTIONS[0], QUESTIONS[1]
    # sent in the "wrong" order: the meeting date decides, not when it was typed in
    paper_reading(store, second, {q0.id: 4, q1.id: None})
    paper_reading(store, first, {q0.id: 1, q1.id: 2})
    paper_reading(store, today() - timedelta(days=30), {q0.id: 5}, send=False)  # never sent
    supervisor_flow = LIBRARY.current(SUPERVISOR)
    paper_reading(store, today() - timedelta(days=10),
                  {q.id: 1 for q in supervisor_flow.questions if q.rates},
                  role=SUPERVISOR, flow=supervisor_flow)  # the other side
    now_reading = kiosk_reading(store)

    found = previous_answers(store.history(CODE), PARTICIPANT, None, FLOW.id, now_reading.id,
                             library=LIBRARY)
    assert set(found) == {q0.id, q1.id}
    assert found[q0.id].answer.value == 4 and found[q0.id].on == second
    assert found[q0.id].chosen == (q0.anchor(4).text,)
    assert found[q1.id].answer.value is None and found[q1.id].chosen == ()

    # before the reading of the first meeting there is nothing
    history = store.history(CODE)
    oldest = next(r for r in history.readings if r.meeting_date == first)
    assert previous_answers(history, PARTICIPANT, None, FLOW.id, oldest.id, library=LIBRARY) == {}
    # and before the second meeting, the first
    middle = next(r for r in history.readings if r.meeting_date == second)
    assert earlier_reading(history, PARTICIPANT, None, FLOW.id, middle.id).id == oldest.id
    with pytest.raises(KeyError):
        earlier_reading(history, PARTICIPANT, None, FLOW.id, "no-such-reading")


def test_a_correction_is_what_is_recalled(tmp_path):
    store = store_with_participant(tmp_path)
    q0 = QUESTIONS[0]
    sent = paper_reading(store, today() - timedelta(days=90), {q0.id: 2})
    store.correct_answer(CODE, sent.id, q0.id, 3, by=ANNA, why="typed wrong from the paper")
    found = previous_answers(store.history(CODE), PARTICIPANT, None, FLOW.id, None, library=LIBRARY)
    assert found[q0.id].answer.value == 3 and found[q0.id].chosen == (q0.anchor(3).text,)


def test_a_supervisor_recalls_their_own_rating_and_its_choices(tmp_path):
    store = store_with_participant(tmp_path)
    store.add_supervisor("bo", "a long passphrase")
    flow = LIBRARY.current(SUPERVISOR)
    single = next(q for q in flow.questions if q.answer == "single")
    multiple = next(q for q in flow.questions if q.answer == "multiple")
    scale = next(q for q in flow.questions if q.rates)
    values = {scale.id: 5, single.id: single.options[0].id,
              multiple.id: (multiple.options[0].id, multiple.options[1].id)}
    paper_reading(store, today() - timedelta(days=60), values, role=SUPERVISOR, flow=flow)
    history = store.history(CODE)
    found = previous_answers(history, SUPERVISOR, ANNA, flow.id, None, library=LIBRARY)
    assert found[single.id].chosen == (single.options[0].text,)
    assert found[multiple.id].chosen == (multiple.options[0].text, multiple.options[1].text)
    assert previous_answers(history, SUPERVISOR, "bo", flow.id, None, library=LIBRARY) == {}
    line = recall_line(found[multiple.id], multiple, LANGS[0])
    for option in multiple.options[:2]:
        assert i18n.translation(LANGS[0]).gettext(option.text) in line


def test_an_earlier_version_is_read_against_its_own_questions(tmp_path):
    """Version 2 renames the first item and rewords its anchors: the earlier
    answer is found by its indicator, and said with the anchor seen then."""
    folder = tmp_path / "flows"
    n = FLOW.version
    (folder / "versions").mkdir(parents=True)
    shutil.copy(flows_dir() / "participant.toml", folder / "versions" / f"participant.v{n}.toml")
    shutil.copy(flows_dir() / "indicators.toml", folder)
    old_id = QUESTIONS[0].id
    text = (flows_dir() / "participant.toml").read_text(encoding="utf-8")
    text = text.replace(f"version = {n}\nrole", f"version = {n + 1}\nrole", 1)
    text = text.replace(f'id = "{old_id}"', 'id = "renamed_item"', 1)
    text = text.replace(QUESTIONS[0].anchor(2).text, "A new wording of the second step.", 1)
    text = text.replace("[[changelog]]", f'[[changelog]]\nversion = {n + 1}\ndate = 2026-11-24\n'
                        'note = "The first item is renamed."\n\n[[changelog]]', 1)
    (folder / "participant.toml").write_text(text, encoding="utf-8")
    library = FlowLibrary(folder)
    new = library.current(PARTICIPANT)
    assert new.version == n + 1 and new.questions[0].id == "renamed_item"

    store = store_with_participant(tmp_path / "data")
    paper_reading(store, today() - timedelta(days=90), {old_id: 2, QUESTIONS[1].id: 4}, flow=FLOW)
    now_reading = store.start_reading(CODE, flow=new.id, flow_version=new.version, role=PARTICIPANT, rater=None,
                                      entry=ENTRY_KIOSK, entered_by=None, meeting_date=today(),
                                      lang="sv")
    found = previous_answers(store.history(CODE), PARTICIPANT, None, new.id, now_reading.id,
                             library=library)
    assert found["renamed_item"].answer.value == 2
    assert found["renamed_item"].chosen == (QUESTIONS[0].anchor(2).text,)
    assert found[QUESTIONS[1].id].answer.value == 4
    assert old_id not in found


# -- the recall line -------------------------------------------------------------------

def previous(value, on: date) -> Previous:
    q = QUESTIONS[0]
    return Previous(Answer(q.id, q.indicator, value, now()), on,
                    (q.anchor(value).text,) if value is not None else ())


@pytest.mark.parametrize("lang", LANGS)
def test_the_recall_line_says_the_day_in_the_language_and_the_earlier_anchor(lang):
    q = QUESTIONS[0]
    this_day = date(2026, 11, 29)
    on = date(2026, 3, 3)
    month = get_month_names("wide", locale=lang)[3]
    day = fmt_day(on, lang, this_day)
    assert month in day and "3" in day and "2026" not in day
    assert "2025" in fmt_day(date(2025, 3, 3), lang, this_day)

    line = recall_line(previous(4, on), q, lang, today=this_day)
    gettext = i18n.translation(lang).gettext
    assert line == gettext(RECALL).format(date=day, answer=gettext(q.anchor(4).text))
    assert day in line and gettext(q.anchor(4).text) in line and "{" not in line

    skipped = recall_line(previous(None, on), q, lang, today=this_day)
    assert skipped == gettext(RECALL_NOT_ANSWERED).format(date=day)
    assert recall_line(None, q, lang) is None


def test_without_the_earlier_texts_the_question_says_what_was_chosen():
    q = QUESTIONS[2]
    bare = Previous(Answer(q.id, q.indicator, 5, now()), date(2026, 3, 3))
    assert q.anchor(5).text in recall_line(bare, q, "en", today=date(2026, 6, 1))


# -- the reflection ----------------------------------------------------------------------

@pytest.mark.parametrize("old", SCALE)
@pytest.mark.parametrize("new", SCALE)
def test_the_reflection_follows_the_change(old, new):
    expected = WENT_UP if new > old else STAYED if new == old else WENT_DOWN
    assert reflection_line(old, new) in expected
    assert reflection_line(previous(old, date(2026, 3, 3)), new) in expected


@pytest.mark.parametrize("lines", [WENT_UP, STAYED, WENT_DOWN])
def test_the_lines_of_a_direction_come_in_turn(lines):
    old, new = {id(WENT_UP): (2, 4), id(STAYED): (3, 3), id(WENT_DOWN): (5, 1)}[id(lines)]
    said = [reflection_line(old, new, turn) for turn in range(len(lines) * 2)]
    assert said == [*lines, *lines]
    assert all(a != b for a, b in zip(said, said[1:]))


@pytest.mark.parametrize("old, new", [(None, 3), (3, None), (None, None), ("opt", 3), (3, ("a",)),
                                      (0, 3), (3, 6), (True, 3)])
def test_no_reflection_without_two_values_of_the_scale(old, new):
    assert reflection_line(old, new) is None


def test_the_lines_are_short_and_plain():
    for msgid in (*REFLECTIONS, RECALL, RECALL_NOT_ANSWERED):
        for sentence in msgid.split(". "):
            assert len(words(sentence)) <= 12, msgid
    assert lix(" ".join(REFLECTIONS)) <= 30
    down = {w.lower() for line in WENT_DOWN for w in words(line)}
    # down is never blamed, and never promised away ("it is only a phase")
    assert not {"worse", "bad", "fail", "should", "phase", "only"} & down
    # ... and it invites the person to talk with their supervisor
    assert all("supervisor" in line for line in WENT_DOWN)


@pytest.mark.parametrize("lang", LANGS)
def test_translated_lines_stay_easy_to_read(lang):
    gettext = i18n.translation(lang).gettext
    done = [gettext(m) for m in (*REFLECTIONS, RECALL_NOT_ANSWERED) if gettext(m) != m]
    if not done:
        pytest.skip(f"the lines are not translated into {lang} yet")
    assert lix(" ".join(t.replace("{date}", "") for t in done)) <= 30
