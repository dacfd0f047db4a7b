"""A shared ledger on PostgreSQL: connecting, migrating, two clerks at once, moving a ledger over.

The tests that need a server run when ``TRACKER_TEST_PG`` names one (``.ci/run`` starts a
throwaway cluster); the others check what a clerk is told when the server cannot be reached.
"""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from tests import postgres
from tests.conftest import SAMPLE, python_cmd, subprocess_env
from tracker.db import database_url, migrations, open_database
from tracker.db.transfer import copy_ledger
from tracker.dto import ItemChanges, NewProgress
from tracker.errors import ConflictError, DatabaseError
from tracker.importing import parse_text
from tracker.models import WorkItem
from tracker.services.bundle import build_services
from tracker.services.context import ServiceContext

needs_postgres = postgres.needs_postgres


# ---- without a server ------------------------------------------------------------------------


def test_an_unreachable_server_is_explained_in_chinese(tmp_path: Path) -> None:
    url = postgres.unreachable_url()
    with pytest.raises(DatabaseError) as caught:
        open_database(url, backups_dir=tmp_path)
    assert "无法连接数据库服务器 127.0.0.1" in caught.value.message
    assert "拒绝连接" in (caught.value.hint or "")


def test_plain_postgresql_urls_get_the_shipped_driver() -> None:
    assert database_url("postgresql://clerk@server/ledger").drivername == "postgresql+psycopg"


def test_other_databases_are_refused() -> None:
    with pytest.raises(DatabaseError, match="不支持这种数据库"):
        database_url("mysql://clerk@server/ledger")


# ---- on a server -----------------------------------------------------------------------------


@pytest.fixture
def server_ledger() -> object:
    with postgres.fresh_database() as url:
        yield url


@needs_postgres
def test_an_empty_database_gets_the_whole_schema(server_ledger: str, tmp_path: Path) -> None:
    db = open_database(server_ledger, backups_dir=tmp_path / "backups")
    try:
        with db.engine.connect() as connection:
            assert migrations.current_revision(connection) == migrations.head_revision()
            assert {"work_items", "units", "item_units", "audit_log"} <= set(
                inspect(connection).get_table_names()
            )
            diff = postgres.schema_differences(connection)
        assert diff == []
    finally:
        db.dispose()
    assert not (tmp_path / "backups").exists()


@needs_postgres
def test_a_ledger_from_a_newer_program_is_refused_untouched(
    server_ledger: str, tmp_path: Path
) -> None:
    open_database(server_ledger, backups_dir=tmp_path).dispose()
    engine = create_engine(postgres.server_url().set(database=server_ledger.rsplit("/", 1)[1]))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(server_ledger, backups_dir=tmp_path)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_future"
        )
    engine.dispose()


def _clerk(url: str, name: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    db = open_database(url, backups_dir=tmp_path / name)
    return build_services(db, ServiceContext(actor=lambda: name), lambda: tmp_path / name)


@needs_postgres
def test_two_clerks_stale_edit_is_refused(server_ledger: str, tmp_path: Path) -> None:
    me, other = _clerk(server_ledger, "我", tmp_path), _clerk(server_ledger, "同事", tmp_path)
    try:
        [item_id, *_] = me.imports.store(parse_text(SAMPLE)).item_ids
        seen = me.items.get_item(item_id).row
        other.items.update_items(
            [item_id], ItemChanges(owner="李四"), expected_versions={item_id: seen.version}
        )
        with pytest.raises(ConflictError, match="已被其他人修改"):
            me.items.update_items(
                [item_id], ItemChanges(owner="张三"), expected_versions={item_id: seen.version}
            )
        assert me.items.get_item(item_id).row.owner_name == "李四"
        assert "同事" in {entry.actor for entry in me.items.get_item(item_id).history}
    finally:
        me.db.dispose()
        other.db.dispose()


@needs_postgres
def test_clerks_writing_the_same_items_at_once_all_land(server_ledger: str, tmp_path: Path) -> None:
    clerks = [_clerk(server_ledger, f"科员{n}", tmp_path) for n in range(4)]
    try:
        ids = list(clerks[0].imports.store(parse_text(SAMPLE)).item_ids)
        errors: list[BaseException] = []

        def work(n: int) -> None:
            try:
                for i in range(8):
                    clerks[n].items.update_items(
                        [ids[(n + i) % 3]], ItemChanges(remarks=f"{n}-{i}")
                    )
                    clerks[n].items.add_progress(ids[i % 3], NewProgress(text=f"第{i}次"))
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        details = [clerks[0].items.get_item(i) for i in ids]
        assert sum(len(d.progress) for d in details) == 32
        assert sum(d.row.version for d in details) == 3 + 64  # every change bumped a version
    finally:
        for clerk in clerks:
            clerk.db.dispose()


def _while_storing(then):  # type: ignore[no-untyped-def]
    """Run ``then`` once inside my import's transaction, after it has read the ledger."""
    from tracker.models import limits

    real = limits.clipped
    calls = {"n": 0}

    def clipped(table, values):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            then()
        return real(table, values)

    return clipped


NEW_UNIT_A = "一、推进医共体建设。(牵头单位:县新设办公室)\n"
NEW_UNIT_B = "一、强化疾病预防控制。(牵头单位:县新设办公室)\n"


@needs_postgres
@pytest.mark.parametrize(
    ("theirs", "mine", "skipped"),
    [(NEW_UNIT_B, NEW_UNIT_A, 0), (NEW_UNIT_A, NEW_UNIT_A, 1)],
    ids=["same-new-unit", "same-document"],
)
def test_two_clerks_importing_at_the_same_moment(
    server_ledger: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    theirs: str,
    mine: str,
    skipped: int,
) -> None:
    from tracker.models import limits

    me, other = _clerk(server_ledger, "我", tmp_path), _clerk(server_ledger, "同事", tmp_path)
    try:
        patched = _while_storing(lambda: other.imports.store(parse_text(theirs, "b.txt")))
        monkeypatch.setattr(limits, "clipped", patched)
        report = me.imports.store(parse_text(mine, "a.txt"))
        assert len(report.duplicates) == skipped
        assert len(me.items.list_items()) == 2 - skipped
        units = [unit.name for unit in me.directory.list_units()]
        assert units.count("县新设办公室") == 1
    finally:
        me.db.dispose()
        other.db.dispose()


@needs_postgres
def test_migrate_db_copies_a_local_ledger_and_verifies_it(tmp_path: Path) -> None:
    source_path = tmp_path / "local.db"
    env = subprocess_env(TRACKER_HOME=str(tmp_path / "home"))
    run = [*python_cmd(), "--db", str(source_path)]
    sample = Path(__file__).resolve().parents[2] / "data" / "sample-work-plan.txt"
    subprocess.run([*run, "import", str(sample)], env=env, check=True, capture_output=True)
    subprocess.run(
        [*run, "progress", "1", "--text", "已召开推进会"], env=env, check=True, capture_output=True
    )
    with postgres.fresh_database() as url:
        completed = subprocess.run(
            [*run, "migrate-db", "--to", url, "--json"],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert completed.returncode == 0, completed.stderr
        report = json.loads(completed.stdout)
        assert all(table["matches"] for table in report["tables"])
        counts = {table["table"]: table["rows"] for table in report["tables"]}
        assert counts["work_items"] == 15 and counts["progress_entries"] == 1

        listed = subprocess.run(
            [*python_cmd(), "--db", url, "list", "--json"],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        assert json.loads(listed.stdout)["count"] == 15

        again = subprocess.run(
            [*run, "migrate-db", "--to", url], env=env, capture_output=True, text=True
        )
        assert again.returncode == 1 and "目标数据库中已有数据" in again.stderr

        # New rows continue after the copied ids.
        services = _clerk(url, "我", tmp_path)
        try:
            row = services.items.create_item("新增的事项")
            assert row.id == 16
        finally:
            services.db.dispose()


@needs_postgres
def test_a_copy_that_reads_back_differently_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = open_database(tmp_path / "local.db", backups_dir=tmp_path / "b")
    build_services(source, ServiceContext(), lambda: tmp_path).imports.store(parse_text(SAMPLE))
    import tracker.db.transfer as transfer

    real = transfer._digest
    calls = {"n": 0}

    def tampered(connection, table):  # type: ignore[no-untyped-def]
        count, digest = real(connection, table)
        calls["n"] += 1
        return (
            (count, "0" * 64)
            if table.name == "work_items" and calls["n"] % 2 == 0
            else (
                count,
                digest,
            )
        )

    monkeypatch.setattr(transfer, "_digest", tampered)
    with postgres.fresh_database() as url:
        target = open_database(url, backups_dir=tmp_path / "b")
        try:
            with pytest.raises(DatabaseError, match="复制已撤销"):
                copy_ledger(source, target)
            with target.engine.connect() as connection:
                assert connection.execute(select(WorkItem.id)).all() == []
        finally:
            target.dispose()
            source.dispose()


@pytest.mark.parametrize(
    ("server_says", "clerk_reads"),
    [
        ('connection to server at "10.0.0.5", port 5432 failed: Connection refused', "拒绝连接"),
        ('FATAL:  password authentication failed for user "duban"', "用户名或密码不正确"),
        ('FATAL:  database "duban" does not exist', "没有这个数据库"),
        ('FATAL:  role "duban" does not exist', "没有这个用户"),
        ("timeout expired", "连接超时"),
        ('could not translate host name "srv" to address', "找不到这个服务器地址"),
        ('FATAL:  no pg_hba.conf entry for host "10.0.0.9"', "pg_hba.conf"),
        ("something else entirely", "无法连接数据库服务器"),
    ],
)
def test_what_the_server_says_is_explained(server_says: str, clerk_reads: str) -> None:
    from tracker.db.postgres import explain_connect_error

    assert clerk_reads in explain_connect_error(server_says)
