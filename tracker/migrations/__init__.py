"""Alembic migration scripts for the ledger schema (run through tracker.db.migrations)."""
