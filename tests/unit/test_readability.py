"""Participant-facing Swedish and Danish is easy to read.

Participant-facing: every catalog entry located in ``flows/participant.toml``,
in the conversation guide (the questions a supervisor asks the participant),
or in a module of the screens a participant sees (the kiosk's, which the
supervisor's hand-over reuses). The supervisor's own screens are in a
professional register and not counted. LIX (see ``lix.py``) of all of it together must
stay at most 30 ("easy"); a question or an answer option is at most 20
words, and so is any single sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from skapa_tui import i18n
from skapa_tui.domain.flow import load_flow

try:
    from .lix import lix, sentences, words
except ImportError:  # tests/unit is not a package
    from lix import lix, sentences, words

ROOT = Path(__file__).resolve().parents[2]
FLOW = ROOT / "flows" / "participant.toml"
LANGUAGES = tuple(i18n.languages())
MAX_LIX = 30
MAX_WORDS = 20

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


PARTICIPANT_FACING = (
    "flows/participant.toml",
    "flows/conversation.toml",
    "skapa_tui/ui/app_base.py",
    "skapa_tui/ui/kiosk_app.py",
    "skapa_tui/ui/screens/welcome.py",
    "skapa_tui/ui/screens/dialog.py",
    "skapa_tui/ui/screens/review.py",
    "skapa_tui/ui/screens/thanks.py",
    "skapa_tui/ui/screens/still_there.py",
    "skapa_tui/ui/widgets/",
    "skapa_tui/logic/progression.py",
    "skapa_tui/logic/summary.py",
    "skapa_tui/logic/recall.py",
)


def participant_facing(location: str) -> bool:
    return location.startswith(PARTICIPANT_FACING)


def catalog(lang: str):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "skapa.po").open("rb") as fp:
        return read_po(fp, locale=lang, domain="skapa")


def participant_texts(lang: str) -> dict[str, str]:
    """msgid -> translation (plural forms joined by lines), placeholders removed."""
    texts = {}
    for m in catalog(lang):
        if m.id and any(participant_facing(loc) for loc, _ in m.locations):
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            key = m.id if isinstance(m.id, str) else m.id[0]
            texts[key] = "\n".join(_PLACEHOLDER.sub("", s) for s in strings)
    return texts


# --- LIX itself ------------------------------------------------------------

def test_lix_of_a_known_sentence():
    # 10 words, 1 sentence, 2 long words (väldigt, samarbeta): 10 + 20 = 30.
    assert lix("Jag tycker det är väldigt svårt att samarbeta med andra.") == pytest.approx(30.0)


def test_lix_counts_sentences_at_punctuation_and_line_ends():
    text = "Hej! Det varierar. Ibland är det svårt och ibland är det lätt"
    # 12 words, 3 sentences, 1 long word (varierar): 4 + 100/12.
    assert len(words(text)) == 12
    assert len(sentences(text)) == 3
    assert lix(text) == pytest.approx(4 + 100 / 12)
    assert sentences("Fråga 1: Hur mår du?\nBra") == ["Fråga 1", " Hur mår du", "Bra"]


def test_lix_of_hard_text_is_high():
    hard = ("Arbetsmarknadspolitiska åtgärder förutsätter individuella handlingsplaner "
            "och kontinuerlig uppföljning av deltagarnas anställningsbarhet.")
    assert lix(hard) > 60
    assert lix("") == 0.0


# --- the participant's texts -------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_flow_text_is_counted(lang):
    texts = participant_texts(lang)
    flow = load_flow(FLOW)
    assert {msgid for _, msgid in flow.msgids()} <= set(texts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_participant_text_is_easy_to_read(lang):
    texts = participant_texts(lang)
    value = lix("\n".join(texts.values()))
    assert value <= MAX_LIX, f"LIX of the participant's {lang} text is {value:.1f}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questions_and_answers_are_short(lang):
    texts = participant_texts(lang)
    flow = load_flow(FLOW)
    too_long = []
    for q in flow.questions:
        for msgid in (q.text, *(a.text for a in q.anchors)):
            if len(words(texts[msgid])) > MAX_WORDS:
                too_long.append(texts[msgid])
    assert too_long == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sentences_are_short(lang):
    long_sentences = [s.strip() for text in participant_texts(lang).values()
                      for s in sentences(text) if len(words(s)) > MAX_WORDS]
    assert long_sentences == []
