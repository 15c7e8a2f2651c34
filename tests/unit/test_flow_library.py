"""The flow library: current flows, kept versions in versions/, the guide,
and ``skapa flows check`` on kept versions (named for their id and version)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skapa_tui import cli, i18n, resources
from skapa_tui.domain.flow import FlowError, load_flow
from skapa_tui.domain.guide import Guide
from skapa_tui.domain.library import FlowLibrary, check_file, kept_name, load_document

from .flow_files import choice_question, flow_data, guide_data, write


@pytest.fixture(autouse=True)
def _language(restore_language):
    yield


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """flows/: tiny v2 (format 2, with a choice) as the current file, v1 (format 1) kept."""
    flows = tmp_path / "flows"
    current = flow_data(version=2, extra=[choice_question(flow_data()["steps"][1]["indicator"], "single")])
    write(flows, current, "tiny.toml")
    old = flow_data(version=1, fmt=1)
    old["messages"]["greeting"] = "The old greeting."
    write(flows / "versions", old, "tiny.v1.toml")
    write(flows, guide_data(), "conversation.toml")
    shutil.copy(resources.flows_dir() / "indicators.toml", flows)
    return flows


def problems(exc: FlowError) -> list[str]:
    return [p.render() for p in exc.problems]


def test_the_current_version_and_a_kept_one(folder):
    library = FlowLibrary(folder)
    current = library.current("tiny")
    assert (current.version, current.format) == (2, 2)
    assert library.version("tiny", 2) is current
    old = library.version("tiny", 1)
    assert (old.id, old.version, old.format) == ("tiny", 1, 1)
    assert old.messages["greeting"] == "The old greeting."
    assert old.path == folder / "versions" / "tiny.v1.toml"
    assert all(q.answer == "scale" for q in old.questions)


def test_flows_are_read_once(folder):
    library = FlowLibrary(folder)
    current, old = library.current("tiny"), library.version("tiny", 1)
    (folder / "tiny.toml").unlink()
    (folder / "versions" / "tiny.v1.toml").unlink()
    assert library.current("tiny") is current and library.version("tiny", 1) is old


def test_a_version_that_is_not_kept(folder):
    with pytest.raises(FlowError) as caught:
        FlowLibrary(folder).version("tiny", 3)
    assert problems(caught.value) == [
        f"{folder / 'versions' / 'tiny.v3.toml'}: file: version 3 of the flow 'tiny' is not kept: "
        "the file does not exist"]


def test_a_kept_version_outlives_its_current_file(folder):
    (folder / "tiny.toml").unlink()
    library = FlowLibrary(folder)
    assert library.version("tiny", 1).version == 1
    with pytest.raises(FlowError) as caught:
        library.version("tiny", 2)
    assert problems(caught.value) == [
        f"{folder / 'tiny.toml'}: file: the file does not exist",
        f"{folder / 'versions' / 'tiny.v2.toml'}: file: version 2 of the flow 'tiny' is not kept: "
        "the file does not exist"]


def test_a_kept_file_that_holds_another_version_is_refused(folder):
    write(folder / "versions", flow_data(version=3), "tiny.v1.toml")
    with pytest.raises(FlowError) as caught:
        FlowLibrary(folder).version("tiny", 1)
    assert problems(caught.value) == [
        f"{folder / 'versions' / 'tiny.v1.toml'}: file: a kept version must be named tiny.v3.toml, "
        "for the id and version it holds"]


def test_a_current_file_that_holds_another_flow_is_refused(folder):
    write(folder, flow_data(flow_id="other"), "tiny.toml")
    with pytest.raises(FlowError) as caught:
        FlowLibrary(folder).current("tiny")
    assert problems(caught.value) == [f"{folder / 'tiny.toml'}: id: the file holds the flow 'other', not 'tiny'"]


@pytest.mark.parametrize("flow_id", ["../tiny", "Tiny", ""])
def test_a_flow_id_that_is_not_an_id(folder, flow_id):
    with pytest.raises(FlowError) as caught:
        FlowLibrary(folder).version(flow_id, 1)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].key == "id"


@pytest.mark.parametrize("version", [0, "1", True, 1.0])
def test_a_version_that_is_not_a_whole_number(folder, version):
    with pytest.raises(FlowError) as caught:
        FlowLibrary(folder).version("tiny", version)
    assert problems(caught.value) == [
        f"{folder / 'tiny.toml'}: version: the version must be a whole number from 1, not {version!r}"]


def test_the_guide_and_all_files(folder):
    library = FlowLibrary(folder)
    assert isinstance(library.guide(), Guide) and library.guide() is library.guide()
    assert library.all_files() == [folder / "conversation.toml", folder / "indicators.toml", folder / "tiny.toml",
                                   folder / "versions" / "tiny.v1.toml"]
    assert isinstance(load_document(folder / "conversation.toml"), Guide)
    assert load_document(folder / "tiny.toml").id == "tiny"


def test_no_versions_folder(tmp_path):
    write(tmp_path, flow_data(), "tiny.toml")
    assert FlowLibrary(tmp_path).all_files() == [tmp_path / "tiny.toml"]


def test_the_shipped_library():
    library = resources.flow_library()
    assert library is resources.flow_library()
    assert library.folder == resources.flows_dir()
    shipped = load_flow(resources.flow_path("participant"))
    assert library.current("participant") == shipped
    assert library.version("participant", shipped.version) == shipped
    for path in library.all_files():
        doc, found = check_file(path)
        assert doc is not None and found == [], [p.render() for p in found]


# -- skapa flows check -------------------------------------------------------------

def run_check(capsys, monkeypatch, *files: Path) -> tuple[int, str]:
    monkeypatch.setenv("SKAPA_LANG", "en")
    code = cli.main(["flows", "check", *map(str, files)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_check_file_names_a_misnamed_kept_version(folder):
    path = write(folder / "versions", flow_data(version=1), "tiny.v7.toml")
    doc, found = check_file(path)
    assert doc is not None
    assert [p.render() for p in found] == [
        f"{path}: file: a kept version must be named {kept_name('tiny', 1)}, for the id and version it holds"]
    assert check_file(folder / "versions" / "tiny.v1.toml")[1] == []


def test_the_command_checks_the_name_of_a_kept_version(folder, capsys, monkeypatch):
    path = write(folder / "versions", flow_data(version=1), "tiny.v7.toml")
    code, output = run_check(capsys, monkeypatch, path)
    assert code == 1 and "Traceback" not in output
    assert (f"{path}: file: a kept version must be named tiny.v1.toml, for the id and version it holds\n"
            in output)


def test_the_command_checks_every_file_of_the_library(folder, capsys, monkeypatch):
    # Point the command at the test folder: its texts are in no catalog, so
    # each file says so, which shows each was checked (kept versions too).
    monkeypatch.setattr(resources, "flow_library", lambda: FlowLibrary(folder))
    write(folder / "versions", flow_data(version=1), "tiny.v7.toml")
    code, output = run_check(capsys, monkeypatch)
    assert code == 1 and "Traceback" not in output
    lang = i18n.languages()[0]
    for name in ("conversation.toml", "tiny.toml", "versions/tiny.v1.toml"):
        path = folder / name
        assert f"{path}: messages." in output and f"the text is missing from the {lang} catalog" in output, name
    assert f"{folder / 'versions' / 'tiny.v7.toml'}: file: a kept version must be named tiny.v1.toml" in output
    assert "4 flow files have problems." in output


def test_the_command_draws_no_guide(folder, capsys, monkeypatch):
    monkeypatch.setenv("SKAPA_LANG", "en")
    path = folder / "conversation.toml"
    code = cli.main(["flows", "diagram", str(path)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    assert f"{path} is a conversation guide, not a flow: it has no state machine" in out.err
    assert cli.main(["flows", "diagram", str(folder / "versions" / "tiny.v1.toml")]) == 0
    assert "stateDiagram-v2" in capsys.readouterr().out


def test_check_versions_wants_every_older_version_kept(folder):
    library = FlowLibrary(folder)
    assert library.check_versions() == []
    write(folder, flow_data(version=4), "tiny.toml")
    assert [p.render() for p in FlowLibrary(folder).check_versions()] == [
        f"{folder / 'tiny.toml'}: changelog: version {v} is not kept: readings made on it need "
        f"versions/tiny.v{v}.toml" for v in (3, 2)]


def test_check_versions_wants_a_kept_flow_older_than_the_current(folder):
    write(folder / "versions", flow_data(version=2), "tiny.v2.toml")
    assert [p.render() for p in FlowLibrary(folder).check_versions()] == [
        f"{folder / 'versions' / 'tiny.v2.toml'}: version: the kept version 2 is not older than the current "
        "version 2"]


def test_the_command_says_a_version_is_not_kept(folder, capsys, monkeypatch):
    monkeypatch.setattr(resources, "flow_library", lambda: FlowLibrary(folder))
    (folder / "versions" / "tiny.v1.toml").unlink()
    code, output = run_check(capsys, monkeypatch)
    assert code == 1 and "Traceback" not in output
    assert (f"{folder / 'tiny.toml'}: changelog: version 1 is not kept: readings made on it need "
            "versions/tiny.v1.toml\n") in output
