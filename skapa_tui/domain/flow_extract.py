"""A Babel extractor for flow files (``flows/*.toml``).

Registered as the ``skapa_flow`` entry point under ``babel.extractors`` and
mapped in ``babel.cfg``, so ``pybabel extract`` puts every text a person
reads in a flow into ``locales/skapa.pot``: the four ``[messages]``, the text
of each step, the help of a question and the text of each anchor. The
changelog is for maintainers and is not extracted.

Each message carries its key in the flow (``steps.work_idea.anchors.1``) as
a comment for translators, the same key `Flow.msgids` and
`check_translations` use. The extractor walks the parsed TOML leniently: a
flow that the checker would refuse still has its texts extracted, so
translators can start before a flow is finished; only a file that is not
TOML at all stops the extraction.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from .flow import MESSAGE_KEYS

_Result = tuple[int, str | None, str, list[str]]


def _texts(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, text) for every translatable text of a parsed flow, in file order."""
    messages = data.get("messages")
    if isinstance(messages, dict):
        for name in MESSAGE_KEYS:
            text = messages.get(name)
            if isinstance(text, str) and text.strip():
                yield f"messages.{name}", text
    steps = data.get("steps")
    if not isinstance(steps, list):
        return
    for n, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        step_id = step.get("id")
        key = f"steps.{step_id}" if isinstance(step_id, str) and step_id else f"steps[{n}]"
        text = step.get("text")
        if isinstance(text, str) and text.strip():
            yield f"{key}.text", text
        help_text = step.get("help")
        if isinstance(help_text, str) and help_text.strip():
            yield f"{key}.help", help_text
        anchors = step.get("anchors")
        if isinstance(anchors, list):
            for m, anchor in enumerate(anchors):
                if not isinstance(anchor, dict):
                    continue
                value = anchor.get("value")
                text = anchor.get("text")
                if isinstance(text, str) and text.strip():
                    label = value if isinstance(value, int) and not isinstance(value, bool) else f"[{m}]"
                    yield f"{key}.anchors.{label}", text


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
