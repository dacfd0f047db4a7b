"""The unit directory (责任单位) and people: add, rename, merge, aliases, contacts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from tracker.db import Database
from tracker.domain import AuditAction, AuditEntity, UnitKind, UnitRole
from tracker.dto import KEEP, PersonRow, UnitEdit, UnitRow
from tracker.errors import InvalidInputError, NotFoundError
from tracker.importing.unit_matching import clean_name, rank_units, suggest_units, unit_key
from tracker.models import ItemUnit, Person, Unit, UnitAlias, WorkItem
from tracker.services import audit
from tracker.services.audit import Auditor
from tracker.services.context import ServiceContext
from tracker.services.round_queries import move_unit_records, unit_has_records

__all__ = [
    "DirectoryService",
    "UnitResolver",
    "clean_name",
    "person_by_name",
    "rank_units",
    "suggest_units",
    "unit_key",
]

#: When a unit is merged into another on the same item, the stronger role wins.
_ROLE_RANK = {UnitRole.LEAD: 0, UnitRole.RESPONSIBLE: 1, UnitRole.SUPPORT: 2}


class UnitResolver:
    """Finds units by name or alias inside one transaction, creating unknown ones on request."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._by_key: dict[str, Unit] = {}
        self.created: list[str] = []
        for unit in session.scalars(select(Unit).options(selectinload(Unit.aliases))):
            self._remember(unit)

    def _remember(self, unit: Unit) -> None:
        self._by_key.setdefault(unit_key(unit.name), unit)
        for alias in unit.aliases:
            self._by_key.setdefault(unit_key(alias.alias), unit)

    def find(self, name: str) -> Unit | None:
        """Return the unit called ``name`` (by name or alias), or None."""
        return self._by_key.get(unit_key(name))

    def get(self, name: str) -> Unit:
        """Return the unit called ``name``.

        Raises:
            NotFoundError: when no unit has that name or alias.
        """
        unit = self.find(name)
        if unit is None:
            raise NotFoundError(f"单位目录中没有“{name}”。")
        return unit

    def remember_alias(self, printed: str, unit_name: str) -> None:
        """Record ``printed`` as an alias of the unit ``unit_name``.

        A ``unit_name`` the directory does not know is a new name of the same import that the
        clerk mapped ``printed`` onto (医政股 → 医政医管股): it is added, for review, like any
        new name an import brings.
        """
        unit = self.find(unit_name) or self.resolve(unit_name)
        if self.find(printed) is not None:
            return
        alias = UnitAlias(unit_id=unit.id, alias=clean_name(printed))
        self._session.add(alias)
        self._by_key[unit_key(printed)] = unit

    def resolve(self, name: str, *, needs_review: bool = True) -> Unit:
        """Return the unit called ``name``, adding it to the directory when it is new."""
        return self.resolve_many([name], needs_review=needs_review)[name]

    def resolve_many(self, names: Iterable[str], *, needs_review: bool = True) -> dict[str, Unit]:
        """The units called ``names``; the new ones are added to the directory in one flush."""
        found: dict[str, Unit] = {}
        fresh: list[Unit] = []
        for name in names:
            if name in found:
                continue
            unit = self.find(name)
            if unit is None:
                unit = Unit(
                    name=clean_name(name),
                    kind=UnitKind.INTERNAL,
                    needs_review=needs_review,
                    sort_order=len(self._by_key),
                )
                self._session.add(unit)
                # A new unit has no aliases: remembering it must not load them.
                self._by_key[unit_key(name)] = unit
                fresh.append(unit)
            found[name] = unit
        if fresh:
            self._session.flush()
            self.created.extend(unit.name for unit in fresh)
        return found


def person_by_name(session: Session, name: str) -> Person:
    """Return the person called ``name``, adding them to the directory if unknown."""
    name = " ".join(name.split())
    person = session.scalar(
        select(Person).where(Person.name == name).order_by(Person.active.desc(), Person.id)
    )
    if person is None:
        person = Person(name=name)
        session.add(person)
        session.flush()
    return person


class DirectoryService:
    """Use cases of the unit directory and the people in it."""

    def __init__(self, db: Database, context: ServiceContext) -> None:
        self._db = db
        self._context = context

    # ---- units ---------------------------------------------------------------------------

    def list_units(self, *, include_inactive: bool = True) -> list[UnitRow]:
        """Return the directory in its sort order, with each unit's item count."""
        with self._db.read() as session:
            counts = dict(
                session.execute(
                    select(ItemUnit.unit_id, func.count(ItemUnit.item_id)).group_by(
                        ItemUnit.unit_id
                    )
                ).all()
            )
            query = select(Unit).options(selectinload(Unit.aliases))
            if not include_inactive:
                query = query.where(Unit.active.is_(True))
            units = session.scalars(query.order_by(Unit.sort_order, Unit.id)).all()
            return [_unit_row(unit, counts.get(unit.id, 0)) for unit in units]

    def get_unit(self, name: str) -> UnitRow:
        """Return the unit called ``name`` (by name or alias).

        Raises:
            NotFoundError: when there is none.
        """
        with self._db.read() as session:
            unit = UnitResolver(session).get(name)
            return _unit_row(unit, _item_count(session, unit.id))

    def add_unit(
        self,
        name: str,
        *,
        kind: UnitKind = UnitKind.INTERNAL,
        short_name: str | None = None,
        contact: str | None = None,
        phone: str | None = None,
    ) -> UnitRow:
        """Add a unit to the directory.

        Raises:
            InvalidInputError: when the name is empty or already taken (also as an alias).
        """
        name = clean_name(name)
        with self._db.write() as session:
            resolver = UnitResolver(session)
            existing = resolver.find(name)
            if existing is not None:
                raise InvalidInputError(f"单位“{name}”已存在(“{existing.name}”)。")
            last = session.scalar(select(func.max(Unit.sort_order))) or 0
            unit = Unit(
                name=name,
                kind=kind,
                short_name=short_name or None,
                contact=contact or None,
                phone=phone or None,
                sort_order=last + 1,
            )
            session.add(unit)
            session.flush()
            Auditor(session, self._context.actor())(
                AuditEntity.UNIT, unit.id, AuditAction.CREATE, f"新增单位“{name}”"
            )
            return _unit_row(unit, 0)

    def rename_unit(self, name: str, new_name: str) -> UnitRow:
        """Rename a unit; the old name stays as an alias so old documents still match.

        Raises:
            NotFoundError: when no unit is called ``name``.
            InvalidInputError: when ``new_name`` belongs to another unit.
        """
        new_name = clean_name(new_name)
        with self._db.write() as session:
            resolver = UnitResolver(session)
            unit = resolver.get(name)
            other = resolver.find(new_name)
            if other is not None and other.id != unit.id:
                raise InvalidInputError(f"名称“{new_name}”已属于单位“{other.name}”。")
            old_name = unit.name
            if old_name == new_name:
                return _unit_row(unit, _item_count(session, unit.id))
            session.execute(delete(UnitAlias).where(UnitAlias.alias == new_name))
            unit.name = new_name
            unit.needs_review = False
            session.flush()
            if unit_key(old_name) != unit_key(new_name):
                session.add(UnitAlias(unit_id=unit.id, alias=old_name))
            Auditor(session, self._context.actor())(
                AuditEntity.UNIT,
                unit.id,
                AuditAction.RENAME,
                f"单位“{old_name}”更名为“{new_name}”",
                {"name": [old_name, new_name]},
            )
            session.flush()
            session.refresh(unit)
            return _unit_row(unit, _item_count(session, unit.id))

    def merge_units(self, source: str, target: str) -> UnitRow:
        """Merge unit ``source`` into ``target``: all its items, people and names move over.

        Where both units are on one item, the stronger role (lead over responsible over
        support) is kept. ``source`` disappears; its name becomes an alias of ``target``.

        Raises:
            NotFoundError: when either unit does not exist.
            InvalidInputError: when both names are the same unit.
        """
        with self._db.write() as session:
            resolver = UnitResolver(session)
            src, dst = resolver.get(source), resolver.get(target)
            if src.id == dst.id:
                raise InvalidInputError("不能把单位合并到它自己。")
            moved = _move_item_links(session, src.id, dst.id)
            move_unit_records(session, src.id, dst.id)
            session.execute(update(Person).where(Person.unit_id == src.id).values(unit_id=dst.id))
            alias_names = [alias.alias for alias in src.aliases] + [src.name]
            src_name, src_id = src.name, src.id
            session.delete(src)
            session.flush()
            for alias_name in alias_names:
                if unit_key(alias_name) != unit_key(dst.name):
                    session.add(UnitAlias(unit_id=dst.id, alias=alias_name))
            Auditor(session, self._context.actor())(
                AuditEntity.UNIT,
                dst.id,
                AuditAction.MERGE,
                f"单位“{src_name}”并入“{dst.name}”,涉及{moved}项事项",
                {"merged": [src_name, dst.name]},
            )
            Auditor(session, self._context.actor())(
                AuditEntity.UNIT, src_id, AuditAction.MERGE, f"并入“{dst.name}”"
            )
            session.flush()
            session.refresh(dst)
            return _unit_row(dst, _item_count(session, dst.id))

    def add_alias(self, name: str, alias: str) -> UnitRow:
        """Record ``alias`` as another name of the unit called ``name``.

        Raises:
            NotFoundError: when the unit does not exist.
            InvalidInputError: when the alias already names another unit.
        """
        alias = clean_name(alias)
        with self._db.write() as session:
            resolver = UnitResolver(session)
            unit = resolver.get(name)
            other = resolver.find(alias)
            if other is not None:
                if other.id == unit.id:
                    return _unit_row(unit, _item_count(session, unit.id))
                raise InvalidInputError(f"“{alias}”已是单位“{other.name}”的名称或别名。")
            session.add(UnitAlias(unit_id=unit.id, alias=alias))
            Auditor(session, self._context.actor())(
                AuditEntity.UNIT,
                unit.id,
                AuditAction.ALIAS,
                f"单位“{unit.name}”增加别名“{alias}”",
                {"alias": [None, alias]},
            )
            session.flush()
            session.refresh(unit)
            return _unit_row(unit, _item_count(session, unit.id))

    def update_unit(self, name: str, edit: UnitEdit) -> UnitRow:
        """Change a unit's details (short name, kind, contact, phone, order, active).

        Raises:
            NotFoundError: when the unit does not exist.
        """
        with self._db.write() as session:
            unit = UnitResolver(session).get(name)
            changes: audit.Change = {}
            for field_name in ("short_name", "kind", "contact", "phone", "sort_order", "active"):
                value = getattr(edit, field_name)
                if value is KEEP:
                    continue
                if isinstance(value, str):
                    value = value.strip() or None
                audit.diff(field_name, getattr(unit, field_name), value, changes)
                setattr(unit, field_name, value)
            unit.needs_review = False
            if changes:
                Auditor(session, self._context.actor())(
                    AuditEntity.UNIT, unit.id, AuditAction.UPDATE, f"修改单位“{unit.name}”", changes
                )
            session.flush()
            return _unit_row(unit, _item_count(session, unit.id))

    def delete_unit(self, name: str) -> None:
        """Remove a unit that no item uses.

        Raises:
            NotFoundError: when the unit does not exist.
            InvalidInputError: when items still name it (merge it instead).
        """
        with self._db.write() as session:
            unit = UnitResolver(session).get(name)
            count = _item_count(session, unit.id)
            if count:
                raise InvalidInputError(
                    f"单位“{unit.name}”仍有{count}项事项,不能删除。", hint="可将其合并到其他单位。"
                )
            if unit_has_records(session, unit.id):
                raise InvalidInputError(
                    f"单位“{unit.name}”有调度或催办记录,不能删除。", hint="可将其合并到其他单位。"
                )
            Auditor(session, self._context.actor())(
                AuditEntity.UNIT, unit.id, AuditAction.DELETE, f"删除单位“{unit.name}”"
            )
            session.delete(unit)

    def name_index(self) -> dict[str, str]:
        """Every name and alias of the directory, mapped to the unit's own name."""
        with self._db.read() as session:
            index: dict[str, str] = {}
            for unit in session.scalars(select(Unit).options(selectinload(Unit.aliases))):
                index[unit.name] = unit.name
                for alias in unit.aliases:
                    index[alias.alias] = unit.name
            return index

    def known_unit(self, name: str) -> str | None:
        """The directory name a printed name resolves to (by name or alias), or None."""
        with self._db.read() as session:
            unit = UnitResolver(session).find(name)
            return unit.name if unit else None

    # ---- people --------------------------------------------------------------------------

    def list_people(self) -> list[PersonRow]:
        """Return everybody in the directory, by unit then name."""
        with self._db.read() as session:
            people = session.scalars(
                select(Person).options(selectinload(Person.unit)).order_by(Person.name)
            ).all()
            return sorted(
                (_person_row(person) for person in people),
                key=lambda row: (row.unit_name or "", row.name),
            )

    def add_person(
        self, name: str, *, unit: str | None = None, phone: str | None = None
    ) -> PersonRow:
        """Add a person, optionally in a unit.

        Raises:
            InvalidInputError: when the name is empty.
            NotFoundError: when the unit does not exist.
        """
        name = " ".join(name.split())
        if not name:
            raise InvalidInputError("姓名不能为空。")
        with self._db.write() as session:
            unit_row = UnitResolver(session).get(unit) if unit else None
            person = Person(name=name, unit=unit_row, phone=(phone or "").strip() or None)
            session.add(person)
            session.flush()
            Auditor(session, self._context.actor())(
                AuditEntity.PERSON, person.id, AuditAction.CREATE, f"新增人员“{name}”"
            )
            return _person_row(person)

    def update_person(
        self,
        person_id: int,
        *,
        name: str | None = None,
        unit: str | None = None,
        phone: str | None = None,
        active: bool | None = None,
    ) -> PersonRow:
        """Change a person's name, unit, phone or active flag (None leaves a field).

        Raises:
            NotFoundError: when the person or the unit does not exist.
        """
        with self._db.write() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError(f"人员 {person_id} 不存在。")
            changes: audit.Change = {}
            if name is not None and name.strip():
                audit.diff("name", person.name, name.strip(), changes)
                person.name = name.strip()
            if unit is not None:
                new_unit = UnitResolver(session).get(unit) if unit.strip() else None
                audit.diff(
                    "unit",
                    person.unit.name if person.unit else None,
                    new_unit.name if new_unit else None,
                    changes,
                )
                person.unit = new_unit
            if phone is not None:
                audit.diff("phone", person.phone, phone.strip() or None, changes)
                person.phone = phone.strip() or None
            if active is not None:
                audit.diff("active", person.active, active, changes)
                person.active = active
            if changes:
                Auditor(session, self._context.actor())(
                    AuditEntity.PERSON,
                    person.id,
                    AuditAction.UPDATE,
                    f"修改人员“{person.name}”",
                    changes,
                )
            session.flush()
            return _person_row(person)


def _move_item_links(session: Session, source_id: int, target_id: int) -> int:
    """Re-point every item link of ``source_id`` to ``target_id``; return how many items."""
    links = session.scalars(select(ItemUnit).where(ItemUnit.unit_id == source_id)).all()
    for link in links:
        existing = session.get(ItemUnit, (link.item_id, target_id))
        if existing is None:
            session.add(
                ItemUnit(
                    item_id=link.item_id,
                    unit_id=target_id,
                    role=link.role,
                    position=link.position,
                )
            )
        elif _ROLE_RANK[link.role] < _ROLE_RANK[existing.role]:
            existing.role = link.role
            existing.position = min(existing.position, link.position)
        session.delete(link)
        item = session.get(WorkItem, link.item_id, with_for_update=True)
        if item is not None:
            item.touch()
    session.flush()
    return len(links)


def _item_count(session: Session, unit_id: int) -> int:
    return (
        session.scalar(select(func.count(ItemUnit.item_id)).where(ItemUnit.unit_id == unit_id)) or 0
    )


def _unit_row(unit: Unit, item_count: int) -> UnitRow:
    return UnitRow(
        id=unit.id,
        name=unit.name,
        short_name=unit.short_name,
        kind=unit.kind,
        aliases=tuple(alias.alias for alias in unit.aliases),
        contact=unit.contact,
        phone=unit.phone,
        sort_order=unit.sort_order,
        active=unit.active,
        needs_review=unit.needs_review,
        item_count=item_count,
    )


def _person_row(person: Person) -> PersonRow:
    return PersonRow(
        id=person.id,
        name=person.name,
        unit_id=person.unit_id,
        unit_name=person.unit.name if person.unit else None,
        phone=person.phone,
        active=person.active,
    )
