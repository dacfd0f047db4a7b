"""Alembic environment: runs on the connection tracker.db.migrations hands over."""

from alembic import context

from tracker.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("迁移只能通过 tracker.db.migrations 运行")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
