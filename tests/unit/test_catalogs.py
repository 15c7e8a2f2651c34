"""The gettext catalogs: complete, not fuzzy, same placeholders, up to date.

Reads the real catalogs in ``locales/`` and runs the real ``pybabel``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from skapa_tui import i18n
from skapa_tui.domain.flow import load_flow
from skapa_tui.domain.flow_extract import extract_flow

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
LANGUAGES = tuple(i18n.languages())

# {name}, {value!r}, {n:>3}; not the escaped {{ and }}.
_BRACE = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
# %(name)s, %s, %r, %5.2f; not %%.
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")


def catalog(lang: str):
    with (LOCALES / lang / "LC_MESSAGES" / "skapa.po").open("rb") as fp:
        return read_po(fp, locale=lang, domain="skapa")


def messages(lang: str) -> list[Message]:
    return [m for m in catalog(lang) if m.id]


def brace_fields(text: str) -> set[str]:
    return set(_BRACE.findall(text))


def percent_fields(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PERCENT.finditer(text.replace("%%", "")))


def placeholder_problems(message: Message) -> list[str]:
    """How the msgstr(s) of ``message`` differ from its msgid in placeholders."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    problems = []
    for n, string in enumerate(strings):
        if not string:
            continue  # not translated yet: test_every_message_is_translated's to say
        source = ids[0] if n == 0 else ids[-1]
        if brace_fields(string) != brace_fields(source):
            problems.append(f"{source!r}: {{}} fields {sorted(brace_fields(string))} "
                            f"!= {sorted(brace_fields(source))}")
        if "python-format" in message.flags and percent_fields(string) != percent_fields(source):
            problems.append(f"{source!r}: % fields {percent_fields(string)} != {percent_fields(source)}")
    return problems


# --- the placeholder helpers themselves ------------------------------------

def test_brace_fields_are_found_and_escapes_ignored():
    assert brace_fields("{file}: OK, {n!r} and {x:>3} {{literal}}") == {"file", "n!r", "x:>3"}


def test_percent_fields_are_found_and_escapes_ignored():
    assert percent_fields("%(prog)s: %s at 50%% %r") == ["%(prog)s", "%r", "%s"]


def test_placeholder_problems_are_reported():
    good = Message("Question {n} of {total}", "Fråga {n} av {total}", flags=["python-brace-format"])
    bad = Message("Question {n} of {total}", "Fråga {n} av {totalt}")
    lost = Message("%(prog)s: error: %(message)s", "fel: %(message)s", flags=["python-format"])
    plural = Message(("{n} file", "{n} files"), ("{n} fil", "filer"))
    assert placeholder_problems(good) == []
    assert len(placeholder_problems(bad)) == 1
    assert len(placeholder_problems(lost)) == 1
    assert len(placeholder_problems(plural)) == 1


# --- the catalogs ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_has_messages(lang):
    found = messages(lang)
    assert len(found) > 50
    ids = {m.id for m in found}
    assert "Knowledge of the labour market" in ids
    assert any(loc == "flows/participant.toml" for m in found for loc, _ in m.locations)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    missing = [m.id for m in messages(lang)
               if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert missing == [], (f"the {lang} catalog lacks {len(missing)} of {len(messages(lang))} texts: "
                           f"the language is not offered until it is complete")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_fuzzy(lang):
    assert [m.id for m in messages(lang) if m.fuzzy] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match(lang):
    problems = [p for m in messages(lang) for p in placeholder_problems(m)]
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_babel_finds_no_errors(lang):
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog(lang).check()]
    assert errors == []


# --- the catalogs are up to date with the code and the flows -----------------

PYBABEL = ("import sys; from babel.messages.frontend import main; "
           "sys.argv[0] = 'pybabel'; sys.exit(main())")


def pybabel(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", PYBABEL, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_catalogs_are_up_to_date(tmp_path):
    """What `make update-catalogs` would change: nothing."""
    pot = tmp_path / "skapa.pot"
    done = pybabel("extract", "--mapping-file", "babel.cfg", "--keywords", "NC_:1c,2", "--add-location=file",
                   "--sort-output",
                   "--project", "skapa", "--output-file", str(pot), ".")
    assert done.returncode == 0, done.stderr
    with pot.open("rb") as fp:
        template = read_po(fp)
    locations = {loc for m in template for loc, _ in m.locations}
    assert "flows/participant.toml" in locations
    assert "skapa_tui/domain/indicators.py" in locations

    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    done = pybabel("update", "--domain", "skapa", "--input-file", str(pot), "--output-dir", str(locales),
                   "--no-fuzzy-matching", "--ignore-obsolete", "--ignore-pot-creation-date", "--check")
    if done.returncode != 0:
        known = {m.id for m in catalog(LANGUAGES[0]) if m.id}
        extracted = {m.id for m in template if m.id}
        pytest.fail("the catalogs are not up to date: run `make update-catalogs` and translate "
                    f"what is new.\nNew: {sorted(map(str, extracted - known))}\n"
                    f"Gone: {sorted(map(str, known - extracted))}\n{done.stderr[-2000:]}")


def test_the_up_to_date_check_can_fail(tmp_path):
    pot = tmp_path / "skapa.pot"
    with (LOCALES / "skapa.pot").open("rb") as fp:
        template = read_po(fp)
    template.add("A text that is in no catalog.", locations=[("flows/participant.toml", None)])
    from babel.messages.pofile import write_po
    with pot.open("wb") as fp:
        write_po(fp, template)
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    done = pybabel("update", "--domain", "skapa", "--input-file", str(pot), "--output-dir", str(locales),
                   "--no-fuzzy-matching", "--ignore-obsolete", "--ignore-pot-creation-date", "--check")
    assert done.returncode != 0


# --- the flow extractor ----------------------------------------------------------

def extract(source: str) -> list[tuple[int, str, list[str]]]:
    found = extract_flow(io.BytesIO(source.encode("utf-8")), ["_"], [], {})
    return [(lineno, text, comments) for lineno, funcname, text, comments in found]


def test_extractor_finds_every_flow_text_with_its_key():
    flow = load_flow(ROOT / "flows" / "participant.toml")
    found = extract((ROOT / "flows" / "participant.toml").read_text(encoding="utf-8"))
    assert [(c[0], t) for _, t, c in found] == list(flow.msgids())
    lines = (ROOT / "flows" / "participant.toml").read_text(encoding="utf-8").splitlines()
    for lineno, text, _ in found:
        assert text[:20] in lines[lineno - 1]


def test_extractor_reads_an_unfinished_flow():
    source = '\n'.join([
        'format = 1',
        '[messages]',
        'greeting = "Hi!"',
        '',
        '[[steps]]',
        'type = "question"',
        'id = "q"',
        'text = "Is it \\"easy\\"?"',
        'anchors = [{ value = 1, text = "No." }, { value = 5, text = """',
        'Yes."""}]',
        '[[changelog]]',
        'note = "Not for translators."',
    ])
    assert extract(source) == [
        (3, "Hi!", ["messages.greeting"]),
        (8, 'Is it "easy"?', ["steps.q.text"]),
        (9, "No.", ["steps.q.anchors.1"]),
        (10, "Yes.", ["steps.q.anchors.5"]),
    ]


def test_extractor_refuses_a_file_that_is_not_toml():
    with pytest.raises(ValueError, match="not valid TOML"):
        extract("this is = = not toml")
