"""Numbering labels of official documents and repairs of badly copied text.

The hierarchy is the standard one (GB/T 9704 style): 第一部分 > 一、 > (一) > 1. > (1) > ①,
whatever order the labels first appear in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from tracker.importing.textnorm import cn_number, fold, is_terminated
from tracker.importing.units import DEADLINE_LABEL, UNIT_LABEL

_CN = "一二三四五六七八九十百零〇两"


class LabelKind(IntEnum):
    """A numbering style; lower values sit higher in the outline."""

    PART = 0
    CHAPTER = 1
    SECTION = 2
    ITEM = 3
    SUBITEM = 4
    CIRCLED = 5


@dataclass(frozen=True)
class Label:
    """A numbering label at the start of a paragraph."""

    kind: LabelKind
    value: int
    #: The label as printed without its trailing separator: "1", "(一)", "①", "第三条".
    number: str
    #: Where the paragraph's own text begins (after the label and its separator).
    text_start: int


_PATTERNS: list[tuple[LabelKind, re.Pattern[str]]] = [
    (LabelKind.PART, re.compile(rf"^\s*(第\s*([{_CN}\d]+)\s*(?:部分|章|篇))\s*[、.:]?\s*")),
    (LabelKind.ITEM, re.compile(rf"^\s*(第\s*([{_CN}\d]+)\s*条)\s*[、.:]?\s*")),
    # The stages of a 实施步骤 (第一阶段:宣传发动…), each often with its own 责任单位.
    (LabelKind.SECTION, re.compile(rf"^\s*(第\s*([{_CN}\d]+)\s*阶段)\s*[、.:]?\s*")),
    (LabelKind.CHAPTER, re.compile(rf"^\s*(([{_CN}]+))\s*(?:、|\.(?!\d))\s*")),
    (LabelKind.SECTION, re.compile(rf"^\s*(\(\s*([{_CN}]+)\s*\))\s*[、.]?\s*")),
    (LabelKind.SUBITEM, re.compile(r"^\s*(\(\s*(\d{1,3})\s*\))\s*[、.]?\s*")),
    (LabelKind.ITEM, re.compile(r"^\s*((\d{1,3}))\s*(?:[、.](?!\d)|\)(?!\d))\s*")),
    (LabelKind.CIRCLED, re.compile(r"^\s*(([\u2460-\u2473\u3251-\u325f]))\s*[、.]?\s*")),
]


def _value(kind: LabelKind, raw: str) -> int | None:
    if kind == LabelKind.CIRCLED:
        code = ord(raw)
        return code - 0x2460 + 1 if code <= 0x2473 else code - 0x3251 + 21
    return cn_number(raw)


_LABEL_START = (
    frozenset("第(0123456789" + _CN)
    | frozenset(chr(c) for c in range(0x2460, 0x2474))
    | frozenset(chr(c) for c in range(0x3251, 0x3260))
)


@lru_cache(maxsize=8192)
def match_label(paragraph: str) -> Label | None:
    """Return the numbering label a paragraph starts with, if any.

    The segmenter asks several times about each paragraph; the answer is cached.
    """
    folded = fold(paragraph)
    head = folded.lstrip()[:1]
    if head not in _LABEL_START:
        return None
    for kind, pattern in _PATTERNS:
        match = pattern.match(folded)
        if not match:
            continue
        value = _value(kind, match.group(2))
        if value is None:
            continue
        number = paragraph[match.start(1) : match.end(1)]
        rest = folded[match.end() :]
        if kind == LabelKind.CHAPTER and not rest:
            continue
        return Label(kind=kind, value=value, number=number.strip(), text_start=match.end())
    return None


_PAGE_COUNTER = re.compile(r"^\s*(\d{1,3})\s*、")


def repair_page_breaks(lines: list[str]) -> list[str]:
    """Undo page counters a web copy glued in at page breaks ("…医养结合机" / "3、构。…").

    A run 1、2、3、… of counters, most of them following a line cut off mid-sentence, is taken
    for page numbers: the counters are dropped and the cut lines joined again.
    """
    counters: list[int] = []
    expected = 1
    for index, line in enumerate(lines):
        match = _PAGE_COUNTER.match(fold(line))
        if match and int(match.group(1)) == expected:
            counters.append(index)
            expected += 1
    if len(counters) < 3:
        return lines
    cut_before = sum(1 for index in counters[1:] if not is_terminated(_previous(lines, index)))
    if cut_before < 0.6 * (len(counters) - 1):
        return lines
    chosen = set(counters)
    repaired: list[str] = []
    for index, line in enumerate(lines):
        if index not in chosen:
            repaired.append(line)
            continue
        match = _PAGE_COUNTER.match(fold(line))
        assert match is not None
        text = line[match.end() :]
        while repaired and not repaired[-1].strip():
            repaired.pop()
        if repaired and index != counters[0] and not is_terminated(repaired[-1]):
            repaired[-1] = repaired[-1].rstrip() + text.lstrip()
        else:
            repaired.append(text)
    return repaired


def _previous(lines: list[str], index: int) -> str:
    for line in reversed(lines[:index]):
        if line.strip():
            return line
    return ""


_INLINE = re.compile(
    rf"(?<=[。;!?])\s*(?=(?:\(\s*[{_CN}]+\s*\)|[{_CN}]+\s*、|\d{{1,3}}\s*[、.](?!\d)))"
)


def split_glued(paragraphs: list[str]) -> list[str]:
    """Split paragraphs where numbered entries were glued together after a full stop.

    A label counts only when it continues its own numbering (the next number, or a new 1),
    which keeps enumerations inside ordinary sentences intact.
    """
    last: dict[LabelKind, int] = {}
    result: list[str] = []
    for paragraph in paragraphs:
        pieces = _split_one(paragraph, last)
        result.extend(pieces)
    return result


#: A label anywhere in a line (for a whole page pasted as one line).
_ANYWHERE = re.compile(
    rf"(?=(?:\(\s*[{_CN}]+\s*\)|(?<![{_CN}\d])[{_CN}]+\s*、|(?<!\d)\d{{1,3}}\s*[、.](?!\d)))"
)
_ENUMERATION_NEXT = frozenset(_CN + "0123456789")
#: A page on one line is long and holds several entries.
_PAGE_LINE = 300


def _split_one(paragraph: str, last: dict[LabelKind, int]) -> list[str]:
    label = match_label(paragraph)
    if label:
        last[label.kind] = label.value
    folded = fold(paragraph)
    cuts = []
    inline = _INLINE
    if len(paragraph) > _PAGE_LINE and _is_page_on_one_line(paragraph):
        # A whole page pasted as one line: entries are glued without a full stop between them
        # (after a heading or a closing tag), so every label continuing its numbering cuts.
        inline = _ANYWHERE
    for match in inline.finditer(folded):
        candidate = match_label(paragraph[match.end() :])
        if candidate is None or candidate.kind not in (
            LabelKind.CHAPTER,
            LabelKind.SECTION,
            LabelKind.ITEM,
        ):
            continue
        rest = folded[match.end() + candidate.text_start :]
        if candidate.kind == LabelKind.CHAPTER and rest[:1] in _ENUMERATION_NEXT:
            continue  # "二、三级医院", "一、二类": an enumeration, not a chapter
        previous = last.get(candidate.kind, 0)
        if candidate.value in (previous + 1, 1) and len(paragraph) - match.end() > 4:
            cuts.append((match.start(), match.end()))
            last[candidate.kind] = candidate.value
    if not cuts:
        return [paragraph]
    pieces, start = [], 0
    cuts = [cut for index, cut in enumerate(cuts) if index == 0 or cut[0] > cuts[index - 1][1]]
    for cut_start, cut_end in cuts:
        pieces.append(paragraph[start:cut_start])
        start = cut_end
    pieces.append(paragraph[start:])
    return [piece for piece in pieces if piece.strip()]


def _is_page_on_one_line(paragraph: str) -> bool:
    """Whether a long line holds a run of numbered entries (1…2…3, or 一…二…三)."""
    folded = fold(paragraph)
    seen: dict[LabelKind, int] = {}
    steps = 0
    for match in _ANYWHERE.finditer(folded):
        candidate = match_label(folded[match.end() :])
        if candidate is None or candidate.kind not in (LabelKind.CHAPTER, LabelKind.SECTION):
            continue
        if candidate.value == seen.get(candidate.kind, 0) + 1:
            seen[candidate.kind] = candidate.value
            steps += 1
    return steps >= 3


_LABEL_LINE = re.compile(r"^\s*(?:" + UNIT_LABEL.pattern + "|" + DEADLINE_LABEL.pattern + ")")


def reflow(lines: list[str]) -> list[str]:
    """Join lines that a hard wrap cut (PDF text, e-mails) back into paragraphs.

    A line is a wrapped one when it is about as long as the document's full lines, does not end
    a sentence, and the next line does not start a numbered entry.
    """
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(lengths) < 5:
        return lines
    full = lengths[int(len(lengths) * 0.9) - 1]
    if full < 20:
        return lines
    # Hard-wrapped text has many lines of the full width that stop mid-sentence; a web copy's
    # paragraphs vary in length, and its short title lines must not be joined to the next.
    cut = sum(
        1 for line in lines if len(line.strip()) >= 0.85 * full and not is_terminated(line)
    )
    wrapped = cut >= max(5, 0.15 * len(lengths))
    # The paragraph being joined is kept as its pieces, with its length and how many brackets
    # it leaves open: joining and checking stay linear however long a wrapped paragraph grows.
    result: list[str] = []
    pieces: list[str] = []
    length = balance = 0
    for line in lines:
        stripped = line.strip()
        if stripped and pieces and _continues(
            pieces[-1], stripped, full, wrapped=wrapped, length=length, open_brackets=balance
        ):
            pieces.append(stripped)
            length += len(stripped)
            balance += _bracket_balance(stripped)
            continue
        if len(pieces) > 1:
            result[-1] = "".join(pieces)
        result.append(line)
        pieces = [stripped] if stripped else []
        length, balance = len(stripped), _bracket_balance(stripped)
    if len(pieces) > 1:
        result[-1] = "".join(pieces)
    return result


def _bracket_balance(text: str) -> int:
    folded = fold(text)
    return folded.count("(") - folded.count(")")


def _continues(
    tail: str, line: str, full: int, *, wrapped: bool, length: int, open_brackets: int
) -> bool:
    """Whether ``line`` is the rest of the paragraph before, cut by a hard wrap.

    ``tail`` is the paragraph's last line, ``length`` its whole length and ``open_brackets``
    how many brackets it opened and did not close.
    """
    if match_label(line) is not None or _LABEL_LINE.match(fold(line)):
        return False
    if open_brackets > 0:
        return True
    if _FIELD_START.match(fold(line)):
        return False  # "发文字号:…", "联系人:…": a line of its own, not the rest of the one before
    if not wrapped or length < 0.85 * full:
        return False
    if not is_terminated(tail):
        return True
    return bool(_TAG_START.match(fold(line)))


_FIELD_START = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[:]")
_TAG_START = re.compile(r"^\((?:" + UNIT_LABEL.pattern + ")")
