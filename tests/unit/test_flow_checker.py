"""The flow checker on broken flows: in-process (`load_flow`,
`check_translations`) and through ``skapa flows check``.

Every problem is one line ``file: key: what is wrong``; a broken flow makes
the command exit 1 with no traceback. The flows here are made from a small
valid participant flow written to tmp_path, then broken one way each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skapa_tui import cli, i18n, resources
from skapa_tui.domain.flow import FlowError, Problem, check_translations, load_flow
from skapa_tui.domain.indicators import PARTICIPANT, asked_of


def toml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def flow_toml(*, version=2, log_versions=(2, 1), steps=None, extra_top: str = "") -> str:
    """A participant flow: one question for each indicator the participant rates."""
    if steps is None:
        steps = valid_steps()
    lines = ['format = 1', 'id = "tiny"', f'version = {toml_value(version)}',
             'role = "participant"', extra_top]
    for v in log_versions:
        lines += ["[[changelog]]", f"version = {v}", "date = 2026-11-23", f'note = "Version {v}."']
    lines += ["[messages]", 'greeting = "Hi."', 'welcome_back = "Hi again."',
              'review = "Your answers."', 'thanks = "Thanks."']
    for step in steps:
        lines.append("[[steps]]")
        for key, value in step.items():
            if key == "anchors":
                items = ", ".join(f"{{ value = {toml_value(a['value'])}, text = {toml_value(a['text'])} }}"
                                  for a in value)
                lines.append(f"anchors = [{items}]")
            else:
                lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def valid_steps() -> list[dict]:
    steps: list[dict] = [{"type": "topic", "id": "start", "text": "Some questions."}]
    for indicator in asked_of(PARTICIPANT):
        steps.append({
            "type": "question", "id": f"q_{indicator.id}", "indicator": indicator.id,
            "text": f"How is your {indicator.id}?",
            "anchors": [{"value": v, "text": f"{indicator.id} at {v}."} for v in range(1, 6)],
        })
    return steps


def write(tmp_path: Path, text: str, name: str = "tiny.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


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
    flow = load_flow(write(tmp_path, flow_toml()))
    assert flow.version == 2
    assert len(flow.questions) == len(asked_of(PARTICIPANT))


def broken_unknown_indicator() -> tuple[str, str]:
    steps = valid_steps()
    steps[1]["indicator"] = "luck"
    return flow_toml(steps=steps), "steps.q_labour_market_knowledge.indicator: unknown indicator 'luck'"


def broken_missing_anchor() -> tuple[str, str]:
    steps = valid_steps()
    steps[2]["anchors"] = [a for a in steps[2]["anchors"] if a["value"] != 3]
    return flow_toml(steps=steps), "steps.q_concentration.anchors: the anchor for the value 3 is missing"


def broken_duplicate_id() -> tuple[str, str]:
    steps = valid_steps()
    steps[3]["id"] = steps[2]["id"]
    return flow_toml(steps=steps), "steps.q_concentration.id: the id 'q_concentration' is used twice"


def broken_version_behind_changelog() -> tuple[str, str]:
    return (flow_toml(version=1, log_versions=(2, 1)),
            "version: the version is 1 but the newest changelog entry is 2")


def broken_version_not_int() -> tuple[str, str]:
    return flow_toml(version="2"), "version: the version must be a whole number from 1, not '2'"


def broken_toml() -> tuple[str, str]:
    return flow_toml() + "this is = = not toml\n", "toml: not valid TOML: "


BROKEN = {
    "unknown indicator": broken_unknown_indicator,
    "missing anchor": broken_missing_anchor,
    "duplicate id": broken_duplicate_id,
    "version behind the changelog": broken_version_behind_changelog,
    "version not a whole number": broken_version_not_int,
    "bad TOML": broken_toml,
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_load_flow_names_the_problem(tmp_path, case):
    text, expected = BROKEN[case]()
    path = write(tmp_path, text)
    lines = problems_of(path)
    assert any(line.startswith(f"{path}: {expected}") for line in lines), lines


@pytest.mark.parametrize("case", list(BROKEN))
def test_the_command_says_file_key_what_and_exits_1(tmp_path, capsys, monkeypatch, case):
    text, expected = BROKEN[case]()
    path = write(tmp_path, text)
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
    good = write(tmp_path, flow_toml(), "good.toml")
    text, expected = broken_duplicate_id()
    bad = write(tmp_path, text, "bad.toml")
    translated = {lang: {msgid for _key, msgid in load_flow(good).msgids()} for lang in ("sv",)}
    assert check_translations(load_flow(good), translated) == []
    code, output = run_check(capsys, monkeypatch, good, bad)
    assert code == 1
    assert f"{bad}: {expected}" in output


def test_the_problems_are_said_in_the_users_language(tmp_path, capsys, monkeypatch):
    text, _expected = broken_duplicate_id()
    path = write(tmp_path, text)
    for lang in i18n.languages():
        gettext = i18n.gettext_for(lang)
        msgid = "the id {id!r} is used twice"
        assert gettext(msgid) != msgid, f"the {lang} catalog does not translate {msgid!r}"
        line = Problem(str(path), "steps.q_concentration.id", msgid, {"id": "q_concentration"}).render(gettext)
        code, output = run_check(capsys, monkeypatch, path, lang=lang)
        assert code == 1
        assert line in output


# -- translations ------------------------------------------------------------

def test_check_translations_names_each_missing_text_and_language(tmp_path):
    path = write(tmp_path, flow_toml())
    flow = load_flow(path)
    everything = {msgid for _key, msgid in flow.msgids()}
    translated = {"da": everything, "sv": everything - {"How is your health?"}}
    problems = check_translations(flow, translated)
    assert [p.render() for p in problems] == [
        f"{path}: steps.q_health.text: the text is missing from the sv catalog"]
    assert check_translations(flow, {"da": everything, "sv": everything}) == []


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
    problem_lines = [line for line in done.stdout.splitlines() if line.startswith(f"{path}: ")]
    assert problem_lines == [
        f"{path}: steps.{question.id}.text: the text is missing from the {lang} catalog"
        for lang in i18n.languages()]

    unchanged = write(tmp_path, source.read_text(encoding="utf-8"), "unchanged.toml")
    done = skapa("flows", "check", unchanged, lang="en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"{unchanged}: OK")


def test_the_shipped_flows_pass(skapa):
    done = skapa("flows", "check", lang="en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "participant.toml: OK" in done.stdout
