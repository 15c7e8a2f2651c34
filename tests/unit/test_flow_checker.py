"""The flow checker on broken flows: in-process (`load_flow`,
`check_translations`) and through ``skapa flows check``.

Every problem is one line ``file: key: what is wrong``; a broken flow makes
the command exit 1 with no traceback. The flows here are made from a small
valid participant flow written to tmp_path (tests/unit/flow_files.py), then
broken one way each. A rule of format 2 gives exactly one problem line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skapa_tui import cli, i18n, resources
from skapa_tui.domain.flow import MAX_OPTIONS, MIN_OPTIONS, FlowError, Problem, check_translations, load_flow
from skapa_tui.domain.indicators import PARTICIPANT, all_indicators, asked_of

from .flow_files import choice_question, dumps, flow_data, scale_question, write

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""

FIRST, SECOND, THIRD = (i.id for i in asked_of(PARTICIPANT)[:3])
NOT_RATED = next(i.id for i in INDICATORS if PARTICIPANT not in i.asked_of)


def questions(data: dict) -> dict[str, dict]:
    """The question steps of a flow dict by indicator (the scale ones)."""
    return {s["indicator"]: s for s in data["steps"] if s["type"] == "question" and "options" not in s}


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    return [p.render() for p in caught.value.problems]


def run_check(capsys, monkeypatch, *files: Path, lang: str = "en") -> tuple[int, str]:
    monkeypatch.setenv("SKAPA_LANG", lang)
    code = cli.main(["flows", "check", *map(str, files)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture(autouse=True)
def _language(restore_language):
    yield


def test_the_base_flow_is_valid(tmp_path):
    flow = load_flow(write(tmp_path, flow_data(version=2)))
    assert flow.version == 2 and flow.format == 2
    assert len(flow.questions) == len(asked_of(PARTICIPANT))


def test_a_format_1_flow_still_loads(tmp_path):
    flow = load_flow(write(tmp_path, flow_data(fmt=1)))
    assert flow.format == 1
    assert all(q.answer == "scale" and q.options == () for q in flow.questions)
    assert [q.indicator for q in flow.questions] == [i.id for i in asked_of(PARTICIPANT)]


def broken_unknown_indicator():
    data = flow_data()
    questions(data)[FIRST]["indicator"] = "luck"
    return data, f"steps.q_{FIRST}.indicator: unknown indicator 'luck': the indicators are in indicators.toml"


def broken_missing_anchor():
    data = flow_data()
    question = questions(data)[SECOND]
    question["anchors"] = [a for a in question["anchors"] if a["value"] != 3]
    return data, f"steps.q_{SECOND}.anchors: the anchor for the value 3 is missing"


def broken_duplicate_id():
    data = flow_data()
    questions(data)[THIRD]["id"] = f"q_{SECOND}"
    return data, f"steps.q_{SECOND}.id: the id 'q_{SECOND}' is used twice"


def broken_version_behind_changelog():
    data = flow_data(version=2)
    data["version"] = 1
    return data, "version: the version is 1 but the newest changelog entry is 2"


def broken_version_not_int():
    data = flow_data(version=2)
    data["version"] = "2"
    return data, "version: the version must be a whole number from 1, not '2'"


def broken_toml():
    return dumps(flow_data()) + "this is = = not toml\n", "toml: not valid TOML: "


BROKEN = {
    "unknown indicator": broken_unknown_indicator,
    "missing anchor": broken_missing_anchor,
    "duplicate id": broken_duplicate_id,
    "version behind the changelog": broken_version_behind_changelog,
    "version not a whole number": broken_version_not_int,
    "bad TOML": broken_toml,
}


# -- the rules of format 2: one problem line each -------------------------------

def with_extra(*steps):
    return flow_data(extra=list(steps))


def rule_unknown_format():
    data = flow_data()
    data["format"] = 3
    return data, "format: the file format must be a number from 1 to 2, not 3"


def rule_format_2_key_in_format_1():
    data = flow_data(fmt=1)
    questions(data)[FIRST]["answer"] = "scale"
    return data, f"steps.q_{FIRST}.answer: the key 'answer' needs the file format 2"


def rule_unknown_answer_kind():
    step = choice_question(FIRST, "single")
    step["answer"] = "rank"
    return with_extra(step), f"steps.{step['id']}.answer: the answer must be scale, single or multiple, not 'rank'"


def rule_scale_with_options():
    data = flow_data()
    questions(data)[FIRST]["options"] = choice_question(FIRST)["options"]
    return data, f"steps.q_{FIRST}.options: a scale question has anchors, not options"


def rule_choice_with_anchors():
    step = choice_question(FIRST, "multiple")
    step["anchors"] = scale_question(FIRST)["anchors"]
    return with_extra(step), f"steps.{step['id']}.anchors: a multiple choice question has options, not anchors"


def rule_choice_without_options():
    step = choice_question(FIRST, "single")
    del step["options"]
    return with_extra(step), (f"steps.{step['id']}.options: a list of {MIN_OPTIONS} to {MAX_OPTIONS} "
                              f"options is needed")


def rule_too_few_options():
    step = choice_question(FIRST, "single", options=MIN_OPTIONS - 1)
    return with_extra(step), (f"steps.{step['id']}.options: a list of {MIN_OPTIONS} to {MAX_OPTIONS} "
                              f"options is needed, not {MIN_OPTIONS - 1}")


def rule_too_many_options():
    step = choice_question(FIRST, "multiple", options=MAX_OPTIONS + 1)
    return with_extra(step), (f"steps.{step['id']}.options: a list of {MIN_OPTIONS} to {MAX_OPTIONS} "
                              f"options is needed, not {MAX_OPTIONS + 1}")


def rule_bad_option_id():
    step = choice_question(FIRST, "single")
    step["options"][1]["id"] = "Second option"
    return with_extra(step), (f"steps.{step['id']}.options[1].id: an id of lower-case letters, digits and _ "
                              f"is needed, not 'Second option'")


def rule_option_id_twice():
    step = choice_question(FIRST, "single")
    step["options"][2]["id"] = step["options"][1]["id"]
    return with_extra(step), f"steps.{step['id']}.options[2].id: the id 'opt_1' is used twice"


def rule_option_without_text():
    step = choice_question(FIRST, "multiple")
    step["options"][1]["text"] = " "
    return with_extra(step), f"steps.{step['id']}.options[1].text: a text is needed"


def rule_empty_option_note():
    step = choice_question(FIRST, "multiple")
    step["options"][0]["note"] = ""
    return with_extra(step), f"steps.{step['id']}.options[0].note: the note must be a text"


def rule_unknown_option_key():
    step = choice_question(FIRST, "single")
    step["options"][0]["colour"] = "red"
    return with_extra(step), f"steps.{step['id']}.options[0].colour: unknown key 'colour'"


def rule_indicator_with_only_an_extra_item():
    data = flow_data()
    scale = questions(data)[SECOND]
    data["steps"][data["steps"].index(scale)] = choice_question(SECOND, "single")
    return data, (f"steps: the indicator '{SECOND}' has only extra items: a scale question must rate it")


def rule_two_scale_questions_on_one_indicator():
    step = scale_question(FIRST, item="again")
    return with_extra(step), (f"steps.again.indicator: the indicator '{FIRST}' is rated twice: one scale question "
                               "rates an indicator; ask this one as a single or multiple choice, "
                               "or give it an indicator of its own")


def rule_extra_item_on_an_indicator_of_the_other_form():
    step = choice_question(NOT_RATED, "single")
    return with_extra(step), (f"steps.{step['id']}.indicator: the indicator '{NOT_RATED}' is not rated "
                              f"on the participant form")


RULES = {name.removeprefix("rule_"): rule for name, rule in globals().items() if name.startswith("rule_")}


@pytest.mark.parametrize("case", list(RULES))
def test_each_rule_gives_one_problem_line(tmp_path, case):
    data, expected = RULES[case]()
    path = write(tmp_path, data)
    assert problems_of(path) == [f"{path}: {expected}"]


@pytest.mark.parametrize("case", list(RULES))
def test_the_command_says_each_rule_and_exits_1(tmp_path, capsys, monkeypatch, case):
    data, expected = RULES[case]()
    path = write(tmp_path, data)
    code, output = run_check(capsys, monkeypatch, path)
    assert code == 1
    assert f"{path}: {expected}\n" in output
    assert "Traceback" not in output


def test_typed_questions_pass_the_check(tmp_path, capsys, monkeypatch):
    data = with_extra(choice_question(FIRST, "single"), choice_question(SECOND, "multiple", options=MAX_OPTIONS),
                      choice_question(FIRST, "multiple", options=MIN_OPTIONS))
    path = write(tmp_path, data)
    flow = load_flow(path)
    everything = {msgid for _key, msgid in flow.msgids()}
    assert check_translations(flow, {lang: everything for lang in i18n.languages()}) == []
    code, output = run_check(capsys, monkeypatch, path)
    # The made-up texts are in no catalog: each is named, and nothing else is wrong.
    assert code == 1 and "Traceback" not in output
    problem_lines = [line for line in output.splitlines() if line.startswith(f"{path}: ")]
    assert problem_lines and all(line.endswith("catalog") for line in problem_lines)


@pytest.mark.parametrize("case", list(BROKEN))
def test_load_flow_names_the_problem(tmp_path, case):
    data, expected = BROKEN[case]()
    path = write(tmp_path, data)
    lines = problems_of(path)
    assert any(line.startswith(f"{path}: {expected}") for line in lines), lines


@pytest.mark.parametrize("case", list(BROKEN))
def test_the_command_says_file_key_what_and_exits_1(tmp_path, capsys, monkeypatch, case):
    data, expected = BROKEN[case]()
    path = write(tmp_path, data)
    code, output = run_check(capsys, monkeypatch, path)
    assert code == 1
    assert f"{path}: {expected}" in output
    assert "Traceback" not in output


def test_a_missing_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "nowhere.toml"
    assert problems_of(path) == [f"{path}: file: the file does not exist"]
    code, output = run_check(capsys, monkeypatch, path)
    assert code == 1
    assert f"{path}: file: the file does not exist" in output
    assert "Traceback" not in output


def test_one_broken_file_fails_the_check_of_several(tmp_path, capsys, monkeypatch):
    good = write(tmp_path, flow_data(), "good.toml")
    data, expected = broken_duplicate_id()
    bad = write(tmp_path, data, "bad.toml")
    translated = {lang: {msgid for _key, msgid in load_flow(good).msgids()} for lang in i18n.languages()}
    assert check_translations(load_flow(good), translated) == []
    code, output = run_check(capsys, monkeypatch, good, bad)
    assert code == 1
    assert f"{bad}: {expected}" in output


def test_the_problems_are_said_in_the_users_language(tmp_path, capsys, monkeypatch):
    data, _expected = broken_duplicate_id()
    path = write(tmp_path, data)
    for lang in i18n.offered_languages():
        gettext = i18n.gettext_for(lang)
        msgid = "the id {id!r} is used twice"
        assert gettext(msgid) != msgid, f"the {lang} catalog does not translate {msgid!r}"
        line = Problem(str(path), f"steps.q_{SECOND}.id", msgid, {"id": f"q_{SECOND}"}).render(gettext)
        code, output = run_check(capsys, monkeypatch, path, lang=lang)
        assert code == 1
        assert line in output


# -- translations ------------------------------------------------------------

def test_check_translations_names_each_missing_text_and_language(tmp_path):
    step = choice_question(FIRST, "multiple")
    path = write(tmp_path, with_extra(step))
    flow = load_flow(path)
    everything = {msgid for _key, msgid in flow.msgids()}
    missing = {questions(flow_data())[SECOND]["text"], step["options"][1]["text"], step["options"][0]["note"]}
    first, *others = i18n.languages()
    translated = {first: everything - missing, **{lang: everything for lang in others}}
    problems = check_translations(flow, translated)
    assert [p.render() for p in problems] == [
        f"{path}: steps.q_{SECOND}.text: the text is missing from the {first} catalog",
        f"{path}: steps.{step['id']}.options.opt_0.note: the text is missing from the {first} catalog",
        f"{path}: steps.{step['id']}.options.opt_1: the text is missing from the {first} catalog"]
    assert check_translations(flow, {lang: everything for lang in i18n.languages()}) == []


def test_the_command_finds_a_new_untranslated_text(tmp_path, skapa):
    # The real participant flow, translated in every catalog, with one text
    # changed the way an author would before running `make update-catalogs`.
    source = resources.flows_dir() / "participant.toml"
    flow = load_flow(source)
    question = flow.questions[0]
    new_text = "Do you know which work you would like to do? (reworded)"
    path = write(tmp_path, source.read_text(encoding="utf-8").replace(question.text, new_text, 1),
                 "participant.toml")

    done = skapa("flows", "check", path, lang="en")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    # in the complete catalogs that one text is missing (one being translated lacks more)
    offered = i18n.offered_languages()
    problem_lines = [line for line in done.stdout.splitlines() if line.startswith(f"{path}: ")
                     and line.endswith(tuple(f"the {lang} catalog" for lang in offered))]
    assert problem_lines == [
        f"{path}: steps.{question.id}.text: the text is missing from the {lang} catalog" for lang in offered]

    unchanged = write(tmp_path, source.read_text(encoding="utf-8"), "unchanged.toml")
    done = skapa("flows", "check", unchanged, lang="en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"{unchanged}: OK")


def test_the_shipped_flows_pass(skapa):
    done = skapa("flows", "check", lang="en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "participant.toml: OK" in done.stdout


# -- the format's reference, from the declarations ------------------------------

def _keys(value, prefix=""):
    """Every key of parsed TOML, as the name a reference line gives it."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


@pytest.mark.parametrize(("kind", "files"), [("flow", ("participant", "supervisor")), ("guide", ("conversation",)),
                                             ("indicators", ("indicators",))])
def test_flows_format_names_every_key_of_the_shipped_files(capsys, monkeypatch, kind, files):
    import tomllib

    monkeypatch.setenv("SKAPA_LANG", "en")
    assert cli.main(["flows", "format", kind]) == 0
    reference = capsys.readouterr().out
    assert reference.startswith("# ") and "Traceback" not in reference
    for name in files:
        data = tomllib.loads((resources.flows_dir() / f"{name}.toml").read_text(encoding="utf-8"))
        if kind == "guide":
            data = {k: v for k, v in data.items() if k != "questions"} | {"questions": {}}  # indicator ids as keys
        for key in set(_keys(data)):
            assert f"- `{key}` (" in reference, f"{key} of {name}.toml is not in the reference"


def test_the_flow_reference_says_each_keys_type_and_need(capsys, monkeypatch):
    monkeypatch.setenv("SKAPA_LANG", "en")
    assert cli.main(["flows", "format"]) == 0
    reference = capsys.readouterr().out
    assert "- `role` (required; 'participant' or 'supervisor'): whose form it is" in reference
    assert f"(may be left out; a list of tables (`Option`), {MIN_OPTIONS} to {MAX_OPTIONS})" in reference
    assert "- `answer` (may be left out, default 'scale'; 'scale' or 'single' or 'multiple')" in reference
