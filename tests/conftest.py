"""Fixtures for tests without Qt: a fresh ledger per test, services with a fixed today."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests import postgres
from tracker.db import Database, open_database
from tracker.importing import parse_text
from tracker.services.bundle import Services, build_services
from tracker.services.context import ServiceContext

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2024, 7, 15)

SAMPLE = """县卫生健康局2024年工作要点
1.提高县级医院服务能力。深入推进县级医院建设。(责任单位:医政医管股、县人民医院)
2.强化疾病预防控制。做好传染病监测。(责任单位:疾控股)
3.推进智慧医院建设。完善信息平台。(责任单位:规划信息股、县中医院)
"""


class MemoryKeyring:
    """A keyring that lives as long as one test: never the real user's store."""

    priority = 1

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, account: str, password: str) -> None:
        self.secrets[(service, account)] = password

    def get_password(self, service: str, account: str) -> str | None:
        return self.secrets.get((service, account))

    def delete_password(self, service: str, account: str) -> None:
        self.secrets.pop((service, account), None)


@pytest.fixture(autouse=True)
def keyring_store(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Every test gets an empty keyring of its own."""
    import keyring

    store = MemoryKeyring()
    monkeypatch.setattr(keyring, "set_password", store.set_password)
    monkeypatch.setattr(keyring, "get_password", store.get_password)
    return store


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user's data folder or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRACKER_HOME", str(home))
    monkeypatch.delenv("TRACKER_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run tests marked ``both_backends`` on PostgreSQL too, when a server is named."""
    definition = metafunc.definition
    if (
        "backend" in metafunc.fixturenames
        and definition.get_closest_marker("both_backends")
        and not definition.get_closest_marker("sqlite_only")
    ):
        backends = ["sqlite", "postgresql"] if os.environ.get(postgres.ENV) else ["sqlite"]
        metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the ledger of a test lives in (SQLite unless parametrized)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def ledger_location(backend: str, db_path: Path) -> Iterator[str | Path]:
    """Where the test's ledger lives: a SQLite file, or a fresh database on the test server."""
    if backend == "postgresql":
        with postgres.fresh_database() as url:
            yield url
    else:
        yield db_path


@pytest.fixture
def db(ledger_location: str | Path, tmp_path: Path) -> Iterator[Database]:
    database = open_database(ledger_location, backups_dir=tmp_path / "backups")
    yield database
    database.dispose()


class Clock:
    """A settable today for tests."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def services(db: Database, clock: Clock, tmp_path: Path) -> Services:
    context = ServiceContext(actor=lambda: "测试员", today=clock, warning_days=lambda: 7)
    return build_services(db, context, lambda: tmp_path / "backups")


@pytest.fixture
def sample_ids(services: Services) -> list[int]:
    """Import the three-item sample and return the item ids."""
    report = services.imports.store(parse_text(SAMPLE, "sample.txt"), file_name="sample.txt")
    return list(report.item_ids)


def python_cmd() -> list[str]:
    """The command that starts main.py with this interpreter."""
    return [sys.executable, str(ROOT / "main.py")]


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.update(extra)
    return env
