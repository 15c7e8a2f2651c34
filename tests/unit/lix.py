"""LIX (läsbarhetsindex), the readability index used for Swedish and Danish.

LIX = words / sentences + 100 * long words / words, where a word is a run of
letters, a long word has more than six letters, and a sentence ends at
. ! ? : or at the end of a line. About 20: very easy (children's books);
30: easy (fiction, popular press); 40: medium (newspapers); 50: hard.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:\n]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that have at least one word."""
    return [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]


def lix(text: str) -> float:
    found = words(text)
    if not found:
        return 0.0
    long_words = sum(1 for w in found if len(w) > 6)
    return len(found) / len(sentences(text)) + 100 * long_words / len(found)
