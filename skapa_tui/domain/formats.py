"""The flows folder's file formats, declared once: what a flow, the
conversation guide and the indicators' file hold, checked, read and
described from the same declarations (msgspec Structs).

Each format is a Struct (`flow.FlowFile`, `guide.GuideFile`,
`indicators.IndicatorsFile`) whose fields name the keys of the TOML file:
their type, whether they may be left out (a default), the constraints
(``Meta``: patterns, ranges, lengths) and their meaning (the field's
``Meta(description=...)`` or, for a table, the Struct's docstring). A field's
type also says, in ``Meta(extra=says(...))``, what is wrong when a value does
not fit, as an English msgid the catalogs translate. From that:

- **Reading and checking** (`decode`): parsed TOML is converted straight into
  the Structs (``msgspec.convert``). When it does not fit, `problems` walks the
  same declarations over the parsed TOML and names every key that is wrong,
  each as ``file: key: what is wrong`` (`Problem`), with the keys a person
  reads in the file (``steps.work_idea.anchors[0].value``, the step named by
  its id), not msgspec's ``$.steps[3].anchors[0].value``. The rules across
  fields (ids used once, one anchor for each value, a known indicator, ...)
  are each format's own ``validate`` step, run on the decoded Structs.
- **Describing** (`describe`): the format's reference, every table and key
  with its type, whether it is required, and its meaning, is made from the
  declarations; ``skapa flows format`` prints it.

Unknown keys are refused (``forbid_unknown_fields``), as they always were:
a flow file's ``format`` number is how a newer format is told apart.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import datetime
import inspect
import re
import tomllib
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union

import msgspec
from msgspec import Meta, Struct


def N_(message: str) -> str:
    """Mark a msgid for extraction without translating it here."""
    return message


FOUND = "\0found"
"""Stands for the value found in the file among a message's fields (`says`)."""
COUNT = "\0count"
"""Stands for the length of the value found (a list's entries) among a message's fields."""


def says(message: str, **fields: Any) -> tuple[str, dict[str, Any]]:
    """What is wrong when a value does not fit: a msgid and its named fields
    (`FOUND` for the value in the file)."""
    return message, fields


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a flow file: `file: key: what is wrong`."""

    file: str
    key: str
    message: str  # an English msgid with {named} fields
    fields: Mapping[str, Any] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        return f"{self.file}: {self.key}: {gettext(self.message).format(**self.fields)}"


class FlowError(Exception):
    """A flow file could not be used; `problems` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


class Problems:
    """Collects the problems of one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, key: str, message: str, **fields: Any) -> None:
        self.problems.append(Problem(self.file, key, message, fields))

    def raise_any(self) -> None:
        if self.problems:
            raise FlowError(self.problems)


class Table(Struct, frozen=True, forbid_unknown_fields=True):
    """A table of a flows folder's file. ``NOT_A_TABLE`` says what is wrong when
    something else stands where it should be; a table in a list is named by its
    ``KEY`` field in problems (``steps.work_idea``), else by its place
    (``changelog[0]``)."""

    NOT_A_TABLE: ClassVar[str] = N_("each entry must be a table")
    KEY: ClassVar[str | None] = None


def read_toml(path: Path | str) -> dict[str, Any]:
    """The parsed TOML of ``path``; `FlowError` when it cannot be read or is not TOML."""
    path = Path(path)
    file = str(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FlowError([Problem(file, "file", N_("the file does not exist"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowError([Problem(file, "file", N_("the file cannot be read: {reason}"),
                                 {"reason": getattr(exc, "strerror", None) or str(exc)})]) from None
    except tomllib.TOMLDecodeError as exc:
        raise FlowError([Problem(file, "toml", N_("not valid TOML: {reason}"), {"reason": str(exc)})]) from None


# -- the kinds of value the formats share --------------------------------------------

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_ID = re.compile(ID_PATTERN)


def is_id(value: Any) -> bool:
    """Whether ``value`` is a stable id: lower-case letters, digits and _, a letter first."""
    return isinstance(value, str) and _ID.match(value) is not None


Id = Annotated[str, Meta(pattern=ID_PATTERN, description="lower-case letters, digits and _, a letter first",
                         extra={"problem": says(N_("an id of lower-case letters, digits and _ is needed, "
                                                   "not {found!r}"), found=FOUND)})]
"""A stable id: lower-case letters, digits and _, a letter first."""
Text = Annotated[str, Meta(pattern=r"\S", description="a text (an English msgid, translated in the catalogs)",
                           extra={"problem": says(N_("a text is needed"))})]
"""A text a person reads: not empty, an English msgid."""
Version = Annotated[int, Meta(ge=1, extra={"problem": says(
    N_("the version must be a whole number from 1, not {found!r}"), found=FOUND)})]
Day = Annotated[datetime.date, Meta(description="a date like 2026-11-23", extra={"problem": says(
    N_("a date like 2026-11-23 is needed, not {found!r}"), found=FOUND)})]


class ChangelogEntry(Table, frozen=True):
    """One change of the file, newest first; the first is the file's `version`."""

    version: Annotated[Version, Meta(description="the version this change made")]
    date: Annotated[Day, Meta(description="when")]
    note: Annotated[Text, Meta(description="what changed and why", extra={"problem": says(N_("a note is needed"))})]


Changelog = Annotated[tuple[ChangelogEntry, ...], Meta(
    min_length=1, description="the file's changes, newest first",
    extra={"problem": says(N_("a changelog with at least one entry is needed"))})]


def check_changelog(p: Problems, version: int, changelog: tuple[ChangelogEntry, ...]) -> None:
    """The changelog's rules: newest first, one entry for each version, the first one `version`."""
    versions = [e.version for e in changelog]
    if versions != sorted(versions, reverse=True) or len(set(versions)) != len(versions):
        p.add("changelog", N_("entries must be newest first, one for each version"))
    if versions and versions[0] != version:
        p.add("version", N_("the version is {version} but the newest changelog entry is {newest}"),
              version=version, newest=versions[0])


def check_unique(p: Problems, ids: Iterator[tuple[str, str]]) -> set[str]:
    """``the id ... is used twice`` for each (key, id) whose id came before; the ids seen."""
    seen: set[str] = set()
    for key, found in ids:
        if found in seen:
            p.add(key, N_("the id {id!r} is used twice"), id=found)
        seen.add(found)
    return seen


# -- decoding, and every problem when it fails -----------------------------------------

S = TypeVar("S", bound=Struct)


def decode(data: Mapping[str, Any], cls: type[S], file: str) -> S:
    """Parsed TOML as ``cls``; `FlowError` naming every key that does not fit."""
    try:
        return msgspec.convert(data, cls)
    except msgspec.ValidationError as exc:
        p = Problems(file)
        _walk(p, data, cls, "", None)
        if not p.problems:  # the walk covers what convert checks; this is a safety net
            p.add("file", N_("the file does not fit its format: {reason}"), reason=str(exc))
        raise FlowError(p.problems) from None


def _says(tp: Any) -> dict[str, Any]:
    """The ``Meta(extra=...)`` of a type (or of a member of its union)."""
    found: dict[str, Any] = {}
    if typing.get_origin(tp) is Annotated:
        for meta in tp.__metadata__:
            if isinstance(meta, Meta) and meta.extra:
                found = {**found, **meta.extra}  # the field's own (outermost) says last, and wins
        tp = tp.__origin__
    if _is_union(tp):
        for arg in typing.get_args(tp):
            found = {**_says(arg), **found}
    return found


def _metas(tp: Any) -> list[Meta]:
    if typing.get_origin(tp) is Annotated:
        return [m for m in tp.__metadata__ if isinstance(m, Meta)] + _metas(tp.__origin__)
    return []


def _bare(tp: Any) -> Any:
    while typing.get_origin(tp) is Annotated:
        tp = tp.__origin__
    return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _structs(tp: Any) -> list[type[Struct]]:
    """The Struct classes ``tp`` stands for (one, or the members of a tagged union); [] for any other type."""
    tp = _bare(tp)
    if isinstance(tp, type) and issubclass(tp, Struct):
        return [tp]
    if _is_union(tp):
        members = [_bare(a) for a in typing.get_args(tp)]
        if members and all(isinstance(m, type) and issubclass(m, Struct) for m in members):
            return members
    return []


def _problem(p: Problems, key: str, said: dict[str, Any], which: str, value: Any) -> None:
    message, fields = said.get(which) or said.get("problem") or (N_("the value {found!r} does not fit"),
                                                                 {"found": FOUND})
    found = {FOUND: value, COUNT: len(value) if isinstance(value, (str, list)) else None}
    p.add(key, message, **{k: found.get(v, v) if isinstance(v, str) else v for k, v in fields.items()})


def _out_of_length(tp: Any, value: Any) -> bool:
    for meta in _metas(tp):
        if meta.min_length is not None and len(value) < meta.min_length:
            return True
        if meta.max_length is not None and len(value) > meta.max_length:
            return True
    return False


def _walk(p: Problems, value: Any, tp: Any, key: str, inherited: dict[str, Any] | None) -> None:
    """Add a problem for every part of ``value`` that does not fit ``tp``."""
    said = _says(tp) or inherited or {}
    structs = _structs(tp)
    if structs:
        _walk_table(p, value, structs, key, said)
        return
    bare = _bare(tp)
    origin = typing.get_origin(bare)
    if origin in (list, tuple, frozenset, set):
        if not isinstance(value, list):
            _problem(p, key, said, "problem", value)
            return
        if _out_of_length(tp, value):
            _problem(p, key, said, "count", value)
            return
        item = typing.get_args(bare)[0]
        for n, entry in enumerate(value):
            leaf = not _structs(item) and not _says(item)
            _walk(p, entry, item, _item_key(key, n, entry, item), said if leaf else None)
        return
    if origin is dict:
        if not isinstance(value, dict):
            _problem(p, key, said, "problem", value)
            return
        for name, entry in value.items():
            _walk(p, entry, typing.get_args(bare)[1], f"{key}.{name}" if key else str(name), None)
        return
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError:
        length = isinstance(value, str) and "count" in said and _out_of_length(tp, value)
        _problem(p, key, said, "count" if length else "problem", value)


def _item_key(key: str, n: int, entry: Any, item: Any) -> str:
    """A list entry's key: ``steps.work_idea`` for a table named by its KEY field, else ``changelog[0]``."""
    for cls in _structs(item):
        name = getattr(cls, "KEY", None)
        if name and isinstance(entry, dict) and isinstance(entry.get(name), str) and entry[name]:
            return f"{key}.{entry[name]}"
    return f"{key}[{n}]"


def _walk_table(p: Problems, value: Any, structs: list[type[Struct]], key: str, said: dict[str, Any]) -> None:
    if not isinstance(value, dict):
        if "problem" in said:
            _problem(p, key, said, "problem", value)
        else:
            p.add(key, getattr(structs[0], "NOT_A_TABLE", Table.NOT_A_TABLE))
        return
    cls = structs[0]
    if len(structs) > 1:  # a tagged union: the tag names the member
        config = cls.__struct_config__
        tag_field = config.tag_field or "type"
        tags = {s.__struct_config__.tag: s for s in structs}
        chosen = tags.get(value.get(tag_field))
        if chosen is None:
            _problem(p, f"{key}.{tag_field}", said, "tag", value.get(tag_field))
            return
        cls = chosen
    fields = {f.encode_name: f for f in msgspec.structs.fields(cls)}
    hints = typing.get_type_hints(cls, include_extras=True)
    prefix = f"{key}." if key else ""
    if cls.__struct_config__.forbid_unknown_fields:
        own_tag = cls.__struct_config__.tag_field
        for name in value:
            if name not in fields and name != own_tag:
                p.add(f"{prefix}{name}", N_("unknown key {name!r}"), name=name)
    for name, info in fields.items():
        field_type = hints[info.name]
        if name in value:
            _walk(p, value[name], field_type, f"{prefix}{name}", None)
        elif info.required:
            _problem(p, f"{prefix}{name}", _says(field_type), "problem", None)


# -- describing ---------------------------------------------------------------------------

def _unoptional(tp: Any) -> Any:
    """``X | None`` as X (a key that may be left out is said so apart)."""
    if _is_union(tp):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return tp


def _type_words(tp: Any, plural: bool = False) -> str:
    """A field's type in a few words, from its declaration."""
    tp = _unoptional(tp)
    metas = _metas(tp)
    bare = _bare(tp)
    origin = typing.get_origin(bare)
    structs = _structs(tp)
    if structs:
        names = " or ".join(f"`{s.__name__}`" for s in structs)
        return f"tables ({names})" if plural else f"a table ({names})"
    if origin in (list, tuple, frozenset, set):
        words = f"{'lists' if plural else 'a list'} of {_type_words(typing.get_args(bare)[0], plural=True)}"
        for meta in metas:
            if meta.max_length is not None:
                words += f", {meta.min_length or 0} to {meta.max_length}"
            elif meta.min_length:
                words += f", at least {meta.min_length}"
        return words
    if origin is dict:
        return f"{'tables' if plural else 'a table'} of {_type_words(typing.get_args(bare)[1], plural=True)}"
    if origin is Literal:
        return " or ".join(repr(v) if isinstance(v, str) else str(v) for v in typing.get_args(bare))
    if _is_union(bare):
        return " or ".join(_type_words(a, plural) for a in typing.get_args(bare))
    descriptions = [m.description for m in metas if m.description]
    if descriptions and _is_leaf(tp):
        return descriptions[0]
    words = {str: ("a text", "texts"), int: ("a whole number", "whole numbers"),
             bool: ("true or false", "true or false")}.get(bare, (bare.__name__, bare.__name__))[plural]
    for meta in metas:
        if meta.ge is not None:
            words += f" from {meta.ge}" + (f" to {meta.le}" if meta.le is not None else "")
    return words


def describe(cls: type[Struct], title: str, lines: list[str] | None = None, seen: set[type] | None = None) -> str:
    """The reference of a file format in Markdown: every table and key, its type,
    whether it is required, and its meaning, from the declarations."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    out = lines if lines is not None else [f"# {title}", "", doc]
    seen = seen if seen is not None else {cls}
    todo: list[type[Struct]] = []
    hints = typing.get_type_hints(cls, include_extras=True)
    config = cls.__struct_config__
    if lines is not None:
        out += ["", f"## `{cls.__name__}`", "", doc]
    out.append("")
    if config.tag_field and config.tag is not None:
        out.append(f"- `{config.tag_field}` (required): {config.tag!r}")
    for info in msgspec.structs.fields(cls):
        tp = hints[info.name]
        if info.required:
            need = "required"
        elif info.default in (None, msgspec.NODEFAULT, (), ""):
            need = "may be left out"
        else:
            shown = str(info.default).lower() if isinstance(info.default, bool) else repr(info.default)
            need = f"may be left out, default {shown}"
        meaning = _meaning(_unoptional(tp))
        out.append(f"- `{info.encode_name}` ({need}; {_type_words(tp)})" + (f": {meaning}" if meaning else ""))
        for struct in _nested(tp):
            if struct not in seen:
                seen.add(struct)
                todo.append(struct)
    for struct in todo:
        describe(struct, title, out, seen)
    return "\n".join(out).rstrip() + "\n" if lines is None else ""


def _nested(tp: Any) -> list[type[Struct]]:
    structs = _structs(tp)
    if structs:
        return structs
    bare = _bare(tp)
    found: list[type[Struct]] = []
    for arg in typing.get_args(bare) if typing.get_origin(bare) is not Literal else ():
        found += _nested(arg)
    return found


def _is_leaf(tp: Any) -> bool:
    """Whether ``tp`` is a text or a date, whose first description says its kind (`Text`, `Id`, `Day`)."""
    return _bare(tp) in (str, datetime.date)


def _meaning(tp: Any) -> str:
    """A field's meaning: the last ``Meta(description=...)`` of its type that does
    not merely say the kind of value (a leaf's first one does: `Text`, `Id`)."""
    descriptions = [m.description for m in _metas(tp) if m.description]
    if _is_leaf(tp):
        descriptions = descriptions[1:]
    return descriptions[-1] if descriptions else ""
