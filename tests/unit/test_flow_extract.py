"""The Babel extractor on typed flows (options and their notes) and on the
conversation guide, and babel.cfg's mapping of flows/ (kept versions too)."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from skapa_tui.domain.flow import load_flow
from skapa_tui.domain.flow_extract import extract_flow
from skapa_tui.domain.guide import load_guide
from skapa_tui.domain.indicators import PARTICIPANT, asked_of

from .flow_files import choice_question, dumps, flow_data, guide_data, write

ROOT = Path(__file__).resolve().parents[2]
FIRST, SECOND = (i.id for i in asked_of(PARTICIPANT)[:2])


def extract(source: str) -> list[tuple[int, str, list[str]]]:
    found = extract_flow(io.BytesIO(source.encode("utf-8")), ["_"], [], {})
    return [(lineno, text, comments) for lineno, _funcname, text, comments in found]


def typed_data() -> dict:
    return flow_data(extra=[choice_question(FIRST, "single"), choice_question(SECOND, "multiple", options=5)])


def test_the_extractor_finds_option_texts_and_notes(tmp_path):
    path = write(tmp_path, typed_data())
    flow = load_flow(path)
    source = path.read_text(encoding="utf-8")
    found = extract(source)
    assert [(c[0], t) for _, t, c in found] == list(flow.msgids())
    keys = [c[0] for _, _t, c in found]
    single = flow.question(f"single_{FIRST}")
    assert f"steps.{single.id}.options.opt_2" in keys and f"steps.{single.id}.options.opt_0.note" in keys
    lines = source.splitlines()
    for lineno, text, _ in found:
        assert text[:20] in lines[lineno - 1], (lineno, text)


def test_the_extractor_reads_unfinished_options():
    source = "\n".join([
        "format = 2",
        "[[steps]]",
        'type = "question"',
        'id = "q"',
        'answer = "single"',
        'options = [{ text = "No id." }, { id = "b", note = "A note without a text." }, "not a table"]',
    ])
    assert extract(source) == [
        (6, "No id.", ["steps.q.options.[0]"]),
        (6, "A note without a text.", ["steps.q.options.b.note"]),
    ]


def test_the_extractor_finds_every_guide_text(tmp_path):
    path = write(tmp_path, guide_data(), "conversation.toml")
    guide = load_guide(path)
    source = path.read_text(encoding="utf-8")
    found = extract(source)
    assert sorted((c[0], t) for _, t, c in found) == sorted(guide.msgids())
    lines = source.splitlines()
    for lineno, text, _ in found:
        assert text[:20] in lines[lineno - 1], (lineno, text)


def test_the_extractor_reads_an_unfinished_guide():
    source = "\n".join([
        'id = "conversation"',
        "[messages]",
        'gap = "They differ."',
        'unknown = "Not a message of the guide."',
        "[questions]",
        'health = "One question, not in a list."',
        'luck = ["What went well?", 3]',
        "[[changelog]]",
        'note = "Not for translators."',
    ])
    assert extract(source) == [
        (3, "They differ.", ["messages.gap"]),
        (6, "One question, not in a list.", ["questions.health[0]"]),
        (7, "What went well?", ["questions.luck[0]"]),
    ]


def test_babel_cfg_maps_flows_kept_versions_and_the_guide(tmp_path):
    flows = tmp_path / "flows"
    write(flows, typed_data(), "tiny.toml")
    old = flow_data(version=1, fmt=1)
    old["messages"]["greeting"] = "The greeting of a kept version."
    write(flows / "versions", dumps(old), "tiny.v1.toml")
    guide = guide_data()
    write(flows, guide, "conversation.toml")
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(tmp_path, method_map, options_map):
        found.setdefault(Path(filename).as_posix(), set()).add(message)
    assert set(found) == {"flows/tiny.toml", "flows/versions/tiny.v1.toml", "flows/conversation.toml"}
    assert "The greeting of a kept version." in found["flows/versions/tiny.v1.toml"]
    assert guide["questions"][FIRST][1] in found["flows/conversation.toml"]
    assert choice_question(FIRST, "single")["options"][0]["note"] in found["flows/tiny.toml"]
