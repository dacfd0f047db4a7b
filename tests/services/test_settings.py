"""The settings file: what is kept, who can read it, and where the server password goes."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from tests.conftest import MemoryKeyring
from tracker.settings import Settings, load_settings, save_settings

SERVER = "postgresql+psycopg://duban:s3cr%40t@10.0.0.5:5432/duban"


def test_the_server_password_goes_to_the_keyring_not_the_file(
    tmp_path: Path, keyring_store: MemoryKeyring
) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(database=SERVER, bureau_name="示范县卫生健康局"))
    written = path.read_text(encoding="utf-8")
    assert "s3cr" not in written
    assert json.loads(written)["database"] == "postgresql+psycopg://duban@10.0.0.5:5432/duban"
    assert list(keyring_store.secrets.values()) == ["s3cr@t"]
    assert load_settings(path).database == SERVER


def test_without_a_keyring_the_file_is_readable_by_its_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.errors import NoKeyringError

    def no_keyring(*_args: object) -> None:
        raise NoKeyringError("no backend")

    monkeypatch.setattr(keyring, "set_password", no_keyring)
    monkeypatch.setattr(keyring, "get_password", no_keyring)
    path = tmp_path / "settings.json"
    save_settings(path, Settings(database=SERVER))
    assert load_settings(path).database == SERVER
    if sys.platform != "win32":  # Windows keeps a profile's files to its user already
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_an_older_world_readable_file_with_a_password_is_restricted(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"database": SERVER}), encoding="utf-8")
    path.chmod(0o644)
    assert load_settings(path).database == SERVER
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_local_ledger_and_a_damaged_file(tmp_path: Path, keyring_store: MemoryKeyring) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(database="", warning_days=10))
    assert load_settings(path) == Settings(warning_days=10)
    assert keyring_store.secrets == {}
    path.write_text("{不是 JSON", encoding="utf-8")
    assert load_settings(path) == Settings()
