"""An item's title: its lead sentence, or the first clause of a long one."""

from __future__ import annotations

import re

from tracker.importing.textnorm import fold

#: Longer lead sentences are cut to their first clause.
MAX_TITLE = 60

_SENTENCE_END = re.compile(r"[。;]")
_CLAUSE_END = re.compile(r",")
_TRIM = " \t\n。.;,、:"


def lead_sentence(text: str) -> str:
    """Return the lead sentence of ``text`` (up to the first 。 or ;), or its first clause."""
    first_line = text.strip().split("\n", 1)[0]
    folded = fold(first_line)
    end = _sentence_end(folded)
    sentence = first_line[:end].strip(_TRIM)
    if len(sentence) > MAX_TITLE:
        clause = _CLAUSE_END.search(fold(sentence))
        if clause:
            sentence = sentence[: clause.start()].strip(_TRIM)
    return sentence


def _sentence_end(folded: str) -> int:
    """Index of the first sentence end outside brackets and quotes (or the end of the text)."""
    depth = 0
    for index, char in enumerate(folded):
        if char in "(“《":
            depth += 1
        elif char in ")”》" and depth:
            depth -= 1
        elif depth == 0 and _SENTENCE_END.match(char):
            return index
    return len(folded)
