"""The conversation guide as data: loading, checking (one problem line each),
translations, and ``skapa flows check`` on a guide file."""

from __future__ import annotations

import pytest

from skapa_tui import cli, i18n
from skapa_tui.domain.flow import FlowError, check_translations
from skapa_tui.domain.guide import GUIDE_MESSAGE_KEYS, MAX_QUESTIONS, is_guide, load_guide, parse_guide
from skapa_tui.domain.indicators import all_indicators

from .flow_files import dumps, flow_data, guide_data, write

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""

FIRST, SECOND = INDICATORS[0].id, INDICATORS[1].id


@pytest.fixture(autouse=True)
def _language(restore_language):
    yield


def test_a_guide_loads(tmp_path):
    data = guide_data(version=2)
    path = write(tmp_path, data, "conversation.toml")
    guide = load_guide(path)
    assert (guide.id, guide.version, guide.path) == ("conversation", 2, path)
    assert [e.version for e in guide.changelog] == [2, 1]
    assert dict(guide.messages) == data["messages"]
    assert list(guide.questions) == [i.id for i in INDICATORS]
    assert guide.questions_for(FIRST) == tuple(data["questions"][FIRST]) and len(guide.questions_for(FIRST)) == 2
    assert guide.questions_for(SECOND) == tuple(data["questions"][SECOND])
    assert guide.questions_for("luck") == ()


def test_the_questions_keep_the_indicators_order_whatever_the_file_order():
    data = guide_data()
    data["questions"] = dict(reversed(list(data["questions"].items())))
    assert list(parse_guide(data).questions) == [i.id for i in INDICATORS]


def test_a_guide_is_told_from_a_flow():
    assert is_guide(guide_data())
    assert is_guide(guide_data(guide_id="another_guide"))
    assert not is_guide(flow_data())
    assert is_guide({"id": "conversation"}), "a broken guide is still checked as a guide"


def test_the_guide_msgids():
    guide = parse_guide(guide_data())
    msgids = list(guide.msgids())
    assert msgids[:len(GUIDE_MESSAGE_KEYS)] == [(f"messages.{k}", guide.messages[k]) for k in GUIDE_MESSAGE_KEYS]
    assert (f"questions.{FIRST}[1]", guide.questions[FIRST][1]) in msgids
    assert len(msgids) == len(GUIDE_MESSAGE_KEYS) + sum(len(q) for q in guide.questions.values())


def test_check_translations_of_a_guide(tmp_path):
    path = write(tmp_path, guide_data(), "conversation.toml")
    guide = load_guide(path)
    everything = {msgid for _key, msgid in guide.msgids()}
    first, *others = i18n.languages()
    translated = {first: everything - {guide.questions[SECOND][0]}, **{lang: everything for lang in others}}
    assert [p.render() for p in check_translations(guide, translated)] == [
        f"{path}: questions.{SECOND}[0]: the text is missing from the {first} catalog"]


# -- the checker: one problem line each ---------------------------------------------

def broken(change):
    data = guide_data()
    expected = change(data)
    return data, expected


def unknown_indicator(data):
    data["questions"]["luck"] = ["Do you feel lucky?"]
    return "questions.luck: unknown indicator 'luck': the indicators are in indicators.toml"


def too_many_questions(data):
    data["questions"][FIRST] = [f"Question {n}?" for n in range(MAX_QUESTIONS + 1)]
    return f"questions.{FIRST}: one or two questions are needed, as a list of texts"


def no_questions(data):
    data["questions"][FIRST] = []
    return f"questions.{FIRST}: one or two questions are needed, as a list of texts"


def not_a_list(data):
    data["questions"][FIRST] = "Just one?"
    return f"questions.{FIRST}: one or two questions are needed, as a list of texts"


def empty_text(data):
    data["questions"][FIRST][1] = "  "
    return f"questions.{FIRST}[1]: a text is needed"


def missing_indicator(data):
    del data["questions"][SECOND]
    return f"questions: the indicator '{SECOND}' has no questions"


def missing_message(data):
    del data["messages"]["sparring"]
    return "messages.sparring: a text is needed"


def unknown_message(data):
    data["messages"]["greeting"] = "Hello."
    return "messages.greeting: unknown key 'greeting'"


def wrong_format(data):
    data["format"] = 2
    return "format: the file format must be 1, not 2"


def unknown_top_key(data):
    data["role"] = "supervisor"
    return "role: unknown key 'role'"


def no_questions_table(data):
    data["questions"] = ["Any question?"]
    # Without a [questions] table no indicator has a question: the table is named, once.
    return "questions: a [questions] table is needed"


def version_behind(data):
    data["version"] = 2
    return "version: the version is 2 but the newest changelog entry is 1"


CASES = [unknown_indicator, too_many_questions, no_questions, not_a_list, empty_text, missing_indicator,
         missing_message, unknown_message, wrong_format, unknown_top_key, version_behind, no_questions_table]


@pytest.mark.parametrize("change", CASES, ids=lambda c: c.__name__)
def test_each_problem_is_one_line(tmp_path, change):
    data, expected = broken(change)
    path = write(tmp_path, data, "conversation.toml")
    with pytest.raises(FlowError) as caught:
        load_guide(path)
    assert [p.render() for p in caught.value.problems] == [f"{path}: {expected}"]


@pytest.mark.parametrize("change", CASES, ids=lambda c: c.__name__)
def test_the_command_says_the_problem_and_exits_1(tmp_path, capsys, monkeypatch, change):
    data, expected = broken(change)
    path = write(tmp_path, data, "conversation.toml")
    monkeypatch.setenv("SKAPA_LANG", "en")
    code = cli.main(["flows", "check", str(path)])
    out = capsys.readouterr()
    assert code == 1
    assert f"{path}: {expected}\n" in out.out
    assert "Traceback" not in out.out + out.err


def test_the_command_checks_a_good_guides_translations(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, dumps(guide_data()), "conversation.toml")
    monkeypatch.setenv("SKAPA_LANG", "en")
    code = cli.main(["flows", "check", str(path)])
    out = capsys.readouterr()
    assert code == 1, "the made-up texts are in no catalog"
    lines = [line for line in out.out.splitlines() if line.startswith(f"{path}: ")]
    guide = load_guide(path)
    assert lines == [f"{path}: {key}: the text is missing from the {lang} catalog"
                     for key, _text in guide.msgids() for lang in i18n.languages()]


def test_the_command_says_ok_for_a_translated_guide(tmp_path, capsys, monkeypatch):
    # A guide whose every text is already translated: the indicators' names.
    data = guide_data()
    names = [i.name for i in INDICATORS]
    data["questions"] = {i.id: [i.name] for i in INDICATORS}
    data["messages"] = dict(zip(GUIDE_MESSAGE_KEYS, names))
    path = write(tmp_path, data, "conversation.toml")
    monkeypatch.setenv("SKAPA_LANG", "en")
    code = cli.main(["flows", "check", str(path)])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert out.out == f"{path}: OK, version 1, a conversation guide\n"
