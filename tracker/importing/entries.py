"""From a file's paragraphs and tables to the entries the outline is built from.

Paragraphs are cleaned of control characters and web chrome (menus, footers), tables copied
one cell per line are rebuilt, page breaks and entries glued together by a bad copy are
repaired; a file holding several documents (``…实施方案 篇2``) is cut into them.
"""

from __future__ import annotations

import re

from tracker.importing.blocks import Block, Table
from tracker.importing.flat_tables import rebuild_tables
from tracker.importing.noise import is_noise, starts_footer, strip_noise_prefix
from tracker.importing.outline import match_label, reflow, repair_page_breaks, split_glued
from tracker.importing.textnorm import fold, split_lines, strip_controls

_PIECE_MARK = re.compile(r"^.{1,60}?\s*篇\s*[一二三四五六七八九十\d]{1,3}\s*$")


#: One prepared paragraph (a line of text), or a table.
Entry = str | Table


def prepare_entries(blocks: list[Block]) -> list[Entry]:
    """Clean paragraphs, drop web chrome, repair page breaks and glued entries."""
    entries: list[Entry] = []
    run: list[str] = []

    def flush() -> None:
        # Blank lines are kept until here: a table copied one cell per line separates its cells
        # with them, and a cell's own line breaks are the lines between two blanks.
        for piece in rebuild_tables(run):
            if isinstance(piece, Table):
                entries.append(piece)
            else:
                lines = [line for line in piece if line]
                entries.extend(split_glued(reflow(repair_page_breaks(lines))))
        run.clear()

    body_started = False
    in_footer = False
    for block in blocks:
        if isinstance(block, Table):
            flush()
            entries.append(block)
            body_started = True
            continue
        for raw_line in split_lines(block.text):
            line = strip_controls(raw_line).strip()
            if body_started and starts_footer(line):
                in_footer = True
            if in_footer and _PIECE_MARK.match(fold(line)):
                in_footer = False  # the next document of a page with several
            if not line and not in_footer:
                if run and run[-1]:
                    run.append("")
                continue
            if in_footer or is_noise(line):
                continue
            body_started = body_started or match_label(line) is not None
            stripped = strip_noise_prefix(line)
            if stripped is line or (stripped and not is_noise(stripped)):
                run.append(stripped)
    flush()
    return entries


def split_documents(entries: list[Entry]) -> list[tuple[str | None, list[Entry]]]:
    """Split a file holding several documents at lines such as "…实施方案 篇2"."""
    pieces: list[tuple[str | None, list[Entry]]] = [(None, [])]
    for entry in entries:
        if isinstance(entry, str) and _PIECE_MARK.match(fold(entry)) and match_label(entry) is None:
            pieces.append((entry, []))
        else:
            pieces[-1][1].append(entry)
    if not pieces[0][1] and len(pieces) > 1:
        pieces.pop(0)
    return pieces
