"""The declarative base every table derives from."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

#: The longest name of a person, a unit's short name, a reporter or a document number.
MAX_NAME = 100

# Stable constraint names, so that Alembic's batch mode can find and rebuild them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of all tables; carries the shared metadata."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """Return a column type storing ``enum_cls`` by its value as a plain string."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def now() -> datetime:
    """Return the local time to the second, as stored in timestamps."""
    return datetime.now().replace(microsecond=0)
