"""The import draft: what the importer found, as the clerk edits it before anything is stored.

The review screen renders an :class:`ImportDraft` and calls its operations: leave items out,
fix titles, units and deadlines, merge an item with the one before it, split one, and map
printed unit names the directory does not know to a directory unit, or to another new name of
the same import (医政股 → 医政医管股): either way the printed name is remembered as an alias.
Every item has a key that stays the same for as long as the item exists, whatever happens to
the items around it; a key is never given to another item.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import NewType

from tracker.domain import UnitRole
from tracker.importing import checks
from tracker.importing.editing import merge_items, retype_deadline, split_item
from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit, ParseResult
from tracker.importing.unit_matching import suggest_units

#: Put before an item that deserves a look (no unit, odd unit names, a generic title …).
CONCERN_MARK = "⚠"

#: An item's name in the draft: stable across merges, splits and edits of other items.
ItemKey = NewType("ItemKey", int)


@dataclass(frozen=True)
class UnitDirectory:
    """The bureau's unit directory, as the review needs it.

    The matching rules belong to the directory service; the draft is handed them so that it
    needs no database. ``names`` maps every name and alias to the unit's own name, ``key``
    gives the key two spellings of one unit share, and ``suggest`` the directory units a
    printed name most likely means, best first.
    """

    names: Mapping[str, str]
    key: Callable[[str], str]
    suggest: Callable[[str], list[str]]


class NameMatch(Enum):
    """How the worst of an item's unknown unit names relates to the directory."""

    #: Close to a directory unit: probably the same unit under another name.
    LIKELY_ALIAS = "likely_alias"
    #: Unknown to the directory: it will be added.
    NEW_UNIT = "new_unit"


@dataclass(frozen=True)
class Heading:
    """A heading of a document (一、… / (一)…) with what is printed under it."""

    title: str
    children: tuple[Heading | ItemKey, ...]


@dataclass(frozen=True)
class DraftDocument:
    """One document of the draft as the tree shows it: its line, its tooltip, its items.

    ``keys`` are the items in the document's order; ``outline`` holds the same keys under their
    headings, each heading where it first appears, so an item printed under a heading met
    before joins it.
    """

    label: str
    tip: str
    keys: tuple[ItemKey, ...]
    outline: tuple[Heading | ItemKey, ...]


@dataclass(frozen=True)
class UnknownName:
    """A printed unit name the directory does not know, and how many units print it."""

    name: str
    count: int


@dataclass(frozen=True)
class ReviewedImport:
    """What the clerk confirmed: the items to store and the names mapped to other names.

    ``aliases`` maps a printed name to the unit it means: a directory unit, or a new name of
    this import, which is then added to the directory with the printed name as its alias.
    """

    result: ParseResult
    aliases: dict[str, str]


@dataclass
class _Document:
    #: The document's own fields; its ``items`` stay empty, the draft holds them by key.
    header: ParsedDocument
    keys: list[ItemKey]


class ImportDraft:
    """An import under review: documents and items with stable keys, and the clerk's choices.

    The draft works on its own copy of the result. :meth:`item` hands out the draft's item for
    reading; change it only through the operations, which keep the checks and counts right.
    """

    def __init__(self, result: ParseResult, directory: UnitDirectory) -> None:
        source = copy.deepcopy(result)
        self._directory = directory
        self._known_keys = frozenset(directory.key(name) for name in directory.names)
        self._suggestions: dict[str, list[str]] = {}
        self._new_keys = (ItemKey(number) for number in itertools.count(1))
        self._items: dict[ItemKey, ParsedItem] = {}
        self._home: dict[ItemKey, _Document] = {}
        self._excluded: set[ItemKey] = set()
        self._choices: dict[str, str] = {}
        self._documents: list[_Document] = []
        for document in source.documents:
            draft = _Document(dataclasses.replace(document, items=[]), [])
            draft.keys = [self._add(item, draft) for item in document.items]
            self._documents.append(draft)
        self.source_name = source.source_name
        self.unassigned: tuple[str, ...] = tuple(source.unassigned)
        self.warnings: tuple[str, ...] = tuple(source.warnings)

    # ---- reading ----------------------------------------------------------------------------

    def documents(self) -> list[DraftDocument]:
        """The documents in order, each with its items' keys in order."""
        return [
            DraftDocument(
                label=f"《{d.header.title or '未命名文件'}》 {len(d.keys)} 项",
                tip=_document_tip(d.header),
                keys=tuple(d.keys),
                outline=self._outline(d),
            )
            for d in self._documents
        ]

    def item_keys(self) -> list[ItemKey]:
        """Every item's key, in document order, those left out included."""
        return [key for document in self._documents for key in document.keys]

    def item(self, key: ItemKey) -> ParsedItem:
        """The item under ``key``, for reading.

        Raises:
            KeyError: when no item has that key (any more).
        """
        return self._items[key]

    def is_included(self, key: ItemKey) -> bool:
        """Whether the item will be stored."""
        self._check(key)
        return key not in self._excluded

    def included_count(self) -> int:
        """How many items will be stored."""
        return len(self._items) - len(self._excluded)

    def concerns(self, key: ItemKey) -> list[checks.Concern]:
        """What may be wrong with the item (the ⚠ checks)."""
        return checks.item_concerns(self._items[key], self._home[key].header)

    def concern_text(self, key: ItemKey) -> str:
        """The item's concerns, one ⚠ line each; empty when there are none."""
        return "\n".join(f"{CONCERN_MARK} {concern.message}" for concern in self.concerns(key))

    def label(self, key: ItemKey) -> str:
        """The item's line in the tree: number, title, units, deadline, ⚠ when in doubt."""
        item = self._items[key]
        text = f"{item.number or '·'}  {checks.display_title(item)}"
        units = "、".join(unit.name for unit in item.units)
        if units:
            text += f"  [{units}]"
        if item.deadline_text:
            text += f"  {item.deadline_text}"
        return f"{CONCERN_MARK} {text}" if self.concerns(key) else text

    def tip(self, key: ItemKey) -> str:
        """The item's tooltip: its concerns, then its whole text."""
        concerns = self.concern_text(key)
        content = self._items[key].content
        return f"{concerns}\n\n{content}" if concerns else content

    def due_text(self, key: ItemKey) -> str:
        """What the deadline means: ``= 2024年09月30日``, ``(长期)`` or nothing."""
        item = self._items[key]
        if item.due_date is not None:
            return f"= {item.due_date:%Y年%m月%d日}"
        if item.deadline_text:
            return f"({item.deadline_kind.label})"
        return ""

    def unknown_in(self, key: ItemKey) -> list[str]:
        """The item's unit names that are neither in the directory nor mapped to it.

        A name mapped onto another new name is still unknown: the unit will be added.
        """
        return [unit.name for unit in self._items[key].units if not self._is_known(unit.name)]

    def name_match(self, key: ItemKey) -> NameMatch | None:
        """How the item's unknown names relate to the directory; ``None`` when all are known."""
        unknown = self.unknown_in(key)
        if any(self.suggestions(name) for name in unknown):
            return NameMatch.LIKELY_ALIAS
        return NameMatch.NEW_UNIT if unknown else None

    def unknown_hint(self, key: ItemKey) -> str:
        """What the clerk should do about the item's unknown names; empty when there are none."""
        likely = []
        new = []
        for name in self.unknown_in(key):
            hints = self.suggestions(name)
            if hints:
                likely.append(f"{name}(可能是:{'、'.join(hints)})")
            else:
                target = self._final(name)
                new.append(name if target == name else f"{name}(并入“{target}”)")
        lines = []
        if likely:
            lines.append(
                "可能是目录中已有的单位:"
                + ";".join(likely)
                + "。请在下方“目录中没有的单位”中对应。"
            )
        if new:
            lines.append("将新增到单位目录:" + "、".join(new))
        return "\n".join(lines)

    def next_concern(self, after: ItemKey | None) -> ItemKey | None:
        """The next item with a concern after ``after``, wrapping round; from the top if None.

        "Next" is in the order of the outline, as the tree shows the items.
        """
        keys = [key for d in self.documents() for key in _flatten(d.outline)]
        start = keys.index(after) + 1 if after in keys else 0
        for key in keys[start:] + keys[:start]:
            if self.concerns(key):
                return key
        return None

    def summary(self) -> str:
        """The sentence at the top of the review."""
        flagged = sum(1 for key in self._items if self.concerns(key))
        text = f"找到 {len(self._documents)} 份文件,{checks.summary(self._whole())}"
        text += f";将导入 {self.included_count()} 项。"
        if flagged:
            text += f"标有 {CONCERN_MARK} 的 {flagged} 项需要核对(F3 跳到下一个)。"
        return text + "确认后才会保存。"

    # ---- the clerk's changes ----------------------------------------------------------------

    def set_included(self, key: ItemKey, included: bool) -> None:
        """Keep the item in the import or leave it out."""
        self._check(key)
        if included:
            self._excluded.discard(key)
        else:
            self._excluded.add(key)

    def include_all(self, included: bool) -> None:
        """Keep every item, or leave every item out."""
        self._excluded = set() if included else set(self._items)

    def retitle(self, key: ItemKey, title: str) -> bool:
        """Give the item a new title; a blank one is refused. Whether the title was taken."""
        self._check(key)
        title = title.strip()
        if not title:
            return False
        self._items[key].title = title
        return True

    def set_units(
        self,
        key: ItemKey,
        *,
        lead: Iterable[str] = (),
        support: Iterable[str] = (),
        responsible: Iterable[str] = (),
    ) -> None:
        """Replace the item's units; a name given twice keeps its first role (lead first)."""
        self._check(key)
        units: list[ParsedUnit] = []
        seen: set[str] = set()
        for names, role in (
            (lead, UnitRole.LEAD),
            (responsible, UnitRole.RESPONSIBLE),
            (support, UnitRole.SUPPORT),
        ):
            for name in names:
                if name and name not in seen:
                    seen.add(name)
                    units.append(ParsedUnit(name, role))
        self._items[key].units = units

    def retype_deadline(self, key: ItemKey, phrase: str) -> bool:
        """Read a new deadline phrase in the document's year. Whether anything changed."""
        item = self._items[key]
        if (item.deadline_text or "") == phrase.strip():
            return False
        retype_deadline(item, phrase, self._home[key].header)
        return True

    def merge_with_previous(self, key: ItemKey) -> ItemKey | None:
        """Merge the item into the one before it in its document, left out or not.

        The merged item keeps the earlier item's key and is kept in the import; ``key`` is gone.
        Returns the merged item's key, or ``None`` (and nothing changes) for a document's first
        item.
        """
        document = self._home[key]
        index = document.keys.index(key)
        if index == 0:
            return None
        previous = document.keys[index - 1]
        self._items[previous] = merge_items(self._items[previous], self._items[key])
        del document.keys[index]
        self._forget(key)
        self._excluded.discard(previous)
        return previous

    def split(self, key: ItemKey, at: int) -> ItemKey:
        """Cut the item at character ``at`` of its text; each part is read afresh.

        The first part keeps ``key``, the second gets a new key and follows it; both are kept
        in the import. Returns the second part's key.

        Raises:
            ValueError: when the cut leaves one part empty (nothing changes).
        """
        document = self._home[key]
        first, second = split_item(self._items[key], at, document.header)
        self._items[key] = first
        self._excluded.discard(key)
        new = self._add(second, document)
        document.keys.insert(document.keys.index(key) + 1, new)
        return new

    # ---- units not in the directory ---------------------------------------------------------

    def unknown_names(self) -> list[UnknownName]:
        """Printed names the directory does not know, mapped or not, by name, with counts."""
        counts = Counter(
            unit.name
            for item in self._items.values()
            for unit in item.units
            if self._directory.key(unit.name) not in self._known_keys
        )
        return [UnknownName(name, count) for name, count in sorted(counts.items())]

    def suggestions(self, name: str) -> list[str]:
        """The directory units ``name`` most likely means, best first."""
        if name not in self._suggestions:
            self._suggestions[name] = self._directory.suggest(name)
        return self._suggestions[name]

    def targets(self, name: str) -> list[str]:
        """Every directory unit ``name`` can be mapped to: the suggestions, then the rest."""
        suggestions = self.suggestions(name)
        others = sorted(set(self._directory.names.values()) - set(suggestions))
        return [*suggestions, *others]

    def new_targets(self, name: str) -> list[str]:
        """The other new names of this import ``name`` can be mapped onto, closest first.

        A name already mapped onto ``name`` (directly or through others) is not offered: the
        two would point at each other.
        """
        others = {
            entry.name: entry.name
            for entry in self.unknown_names()
            if entry.name != name and not self._leads_to(entry.name, name)
        }
        close = [other for other in suggest_units(name, others, limit=len(others)) if other]
        return [*close, *sorted(set(others) - set(close))]

    def choice(self, name: str) -> str | None:
        """The unit ``name`` is mapped to; ``None`` when it is to be added as printed."""
        return self._choices.get(name)

    def choose_unit(self, name: str, target: str | None) -> None:
        """Map ``name`` to ``target``, or to a new unit of its own when ``None``.

        ``target`` is a directory unit or another new name of this import (医政股 →
        医政医管股): that one is added to the directory, with ``name`` as its alias.

        Raises:
            ValueError: when ``target`` is neither, is ``name`` itself, or is already mapped
                onto ``name`` (nothing changes).
        """
        if target is None:
            self._choices.pop(name, None)
            return
        if target not in set(self._directory.names.values()):
            new_names = {entry.name for entry in self.unknown_names()}
            if target == name or target not in new_names:
                raise ValueError(f"not a directory unit nor a new name: {target}")
            if self._leads_to(target, name):
                raise ValueError(f"{target} is already mapped onto {name}")
        self._choices[name] = target

    # ---- the outcome ------------------------------------------------------------------------

    def reviewed(self) -> ReviewedImport:
        """The items kept, as edited, and the names mapped to the directory."""
        documents = [
            dataclasses.replace(
                document.header,
                items=[self._items[k] for k in document.keys if k not in self._excluded],
            )
            for document in self._documents
        ]
        result = ParseResult(
            documents=documents,
            unassigned=list(self.unassigned),
            warnings=list(self.warnings),
            source_name=self.source_name,
        )
        units = set(self._directory.names.values())
        new_names = {entry.name for entry in self.unknown_names()}
        aliases: dict[str, str] = {}
        for name in self._choices:
            target = self._final(name)
            # A new name that left the import (its items were edited) is no unit to map to.
            if target in units or (target in new_names and target != name):
                aliases[name] = target
        return ReviewedImport(result=copy.deepcopy(result), aliases=aliases)

    # ---- inside -----------------------------------------------------------------------------

    def _add(self, item: ParsedItem, document: _Document) -> ItemKey:
        key = next(self._new_keys)
        self._items[key] = item
        self._home[key] = document
        return key

    def _forget(self, key: ItemKey) -> None:
        del self._items[key]
        del self._home[key]
        self._excluded.discard(key)

    def _check(self, key: ItemKey) -> None:
        if key not in self._items:
            raise KeyError(key)

    def _is_known(self, name: str) -> bool:
        if self._directory.key(name) in self._known_keys:
            return True
        return name in self._choices and self._final(name) in set(self._directory.names.values())

    def _final(self, name: str) -> str:
        """Where ``name`` ends up, following mappings onto new names (医政股 → 医政医管股 → …)."""
        seen = {name}
        while name in self._choices and self._choices[name] not in seen:
            name = self._choices[name]
            seen.add(name)
        return name

    def _leads_to(self, name: str, target: str) -> bool:
        """Whether ``name`` is mapped onto ``target``, directly or through other names."""
        seen: set[str] = set()
        while name in self._choices and name not in seen:
            seen.add(name)
            name = self._choices[name]
            if name == target:
                return True
        return False

    def _outline(self, document: _Document) -> tuple[Heading | ItemKey, ...]:
        top: list[_Node] = []
        under: dict[tuple[str, ...], list[_Node]] = {(): top}
        for key in document.keys:
            path = tuple(self._items[key].heading_path)
            for depth in range(1, len(path) + 1):
                if path[:depth] not in under:
                    children: list[_Node] = []
                    under[path[: depth - 1]].append((path[depth - 1], children))
                    under[path[:depth]] = children
            under[path].append(key)
        return _freeze(top)

    def _whole(self) -> ParseResult:
        return ParseResult(
            documents=[
                dataclasses.replace(d.header, items=[self._items[k] for k in d.keys])
                for d in self._documents
            ]
        )


#: A heading being collected (its title and children) or an item.
_Node = tuple[str, list["_Node"]] | ItemKey


def _freeze(nodes: list[_Node]) -> tuple[Heading | ItemKey, ...]:
    return tuple(
        Heading(node[0], _freeze(node[1])) if isinstance(node, tuple) else node for node in nodes
    )


def _flatten(nodes: Iterable[Heading | ItemKey]) -> list[ItemKey]:
    keys: list[ItemKey] = []
    for node in nodes:
        if isinstance(node, Heading):
            keys += _flatten(node.children)
        else:
            keys.append(node)
    return keys


def _document_tip(document: ParsedDocument) -> str:
    parts = [document.title or "未命名文件"]
    if document.doc_number:
        parts.append(f"文号:{document.doc_number}")
    if document.date:
        parts.append(f"成文日期:{document.date.isoformat()}")
    if document.issuer:
        parts.append(f"发文机关:{document.issuer}")
    return "\n".join(parts)
