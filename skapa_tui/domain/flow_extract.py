"""A Babel extractor for flow and guide files (``flows/**.toml``).

Registered as the ``skapa_flow`` entry point under ``babel.extractors`` and
mapped in ``babel.cfg``, so ``pybabel extract`` puts every text a person
reads into ``locales/skapa.pot``. From a flow: the four ``[messages]``, the
text of each step, the help of a question, the text of each anchor, and the
text and note of each option. From the conversation guide (told from a flow
by `guide.is_guide`): its ``[messages]`` and the open questions of each
indicator. From the indicators (``indicators.toml``): each one's name and
short name. The changelog is for maintainers and is not extracted.

Each message carries its key in the file (``steps.work_idea.anchors.1``,
``questions.health[0]``) as a comment for translators, the same key
`Flow.msgids`, `Guide.msgids` and `check_translations` use. The extractor walks the parsed TOML leniently: a
flow that the checker would refuse still has its texts extracted, so
translators can start before a flow is finished; only a file that is not
TOML at all stops the extraction.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any, TypeGuard

from .flow import MESSAGE_KEYS
from .guide import GUIDE_MESSAGE_KEYS, is_guide
from .indicators import is_indicators

_Result = tuple[int, str | None, str, list[str]]


def _is_text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and value.strip() != ""


def _messages(data: Mapping[str, Any], keys: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    messages = data.get("messages")
    if isinstance(messages, dict):
        for name in keys:
            text = messages.get(name)
            if _is_text(text):
                yield f"messages.{name}", text


def _guide_texts(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, text) for every translatable text of a parsed conversation guide."""
    yield from _messages(data, GUIDE_MESSAGE_KEYS)
    questions = data.get("questions")
    if not isinstance(questions, dict):
        return
    for indicator, texts in questions.items():
        if isinstance(texts, str):
            texts = [texts]
        if isinstance(texts, list):
            for n, text in enumerate(texts):
                if _is_text(text):
                    yield f"questions.{indicator}[{n}]", text


def _indicator_texts(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, text) for every translatable text of a parsed indicators file."""
    entries = data.get("indicators")
    if not isinstance(entries, list):
        return
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        ind_id = entry.get("id")
        key = f"indicators.{ind_id}" if isinstance(ind_id, str) and ind_id else f"indicators[{n}]"
        for name in ("name", "short"):
            if _is_text(entry.get(name)):
                yield f"{key}.{name}", entry[name]


def _texts(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, text) for every translatable text of a parsed flow, guide or indicators file, in file order."""
    if is_indicators(data):
        yield from _indicator_texts(data)
        return
    if is_guide(data):
        yield from _guide_texts(data)
        return
    yield from _messages(data, MESSAGE_KEYS)
    steps = data.get("steps")
    if not isinstance(steps, list):
        return
    for n, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        step_id = step.get("id")
        key = f"steps.{step_id}" if isinstance(step_id, str) and step_id else f"steps[{n}]"
        for name in ("text", "help", "short"):
            text = step.get(name)
            if _is_text(text):
                yield f"{key}.{name}", text
        anchors = step.get("anchors")
        if isinstance(anchors, list):
            for m, anchor in enumerate(anchors):
                if not isinstance(anchor, dict):
                    continue
                value = anchor.get("value")
                text = anchor.get("text")
                if _is_text(text):
                    label = value if isinstance(value, int) and not isinstance(value, bool) else f"[{m}]"
                    yield f"{key}.anchors.{label}", text
        options = step.get("options")
        if isinstance(options, list):
            for m, option in enumerate(options):
                if not isinstance(option, dict):
                    continue
                option_id = option.get("id")
                label = option_id if isinstance(option_id, str) and option_id else f"[{m}]"
                text, note = option.get("text"), option.get("note")
                if _is_text(text):
                    yield f"{key}.options.{label}", text
                if _is_text(note):
                    yield f"{key}.options.{label}.note", note


class _Lines:
    """Finds the line a text is written on, moving forward through the file."""

    def __init__(self, source: str):
        self.lines = source.splitlines()
        self.cursor = 0

    def find(self, text: str) -> int:
        first = text.strip().splitlines()[0].strip()
        # The start of the text, before anything TOML might write escaped.
        probe = first[:40]
        for cut in ('"', "\\"):
            if cut in probe:
                probe = probe[: probe.index(cut)]
        if not probe:
            return self.cursor + 1 if self.lines else 1
        for start in (self.cursor, 0):
            for n in range(start, len(self.lines)):
                if probe in self.lines[n]:
                    self.cursor = n
                    return n + 1
        return 1


def extract_flow(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[_Result]:
    """Yield ``(lineno, funcname, message, comments)`` for each text of a flow file."""
    encoding = options.get("encoding", "utf-8") if options else "utf-8"
    source = fileobj.read().decode(encoding)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        name = getattr(fileobj, "name", "<flow>")
        raise ValueError(f"{name}: not valid TOML: {exc}") from None
    lines = _Lines(source)
    for key, text in _texts(data):
        yield lines.find(text), None, text, [key]
