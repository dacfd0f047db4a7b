"""The shared server's password: in the system's keyring, not in the settings file.

Windows keeps it in the Credential Manager and macOS in the Keychain, through the ``keyring``
package (both offline). Where no keyring exists (a Linux PC without a desktop keyring), the
password stays in the settings file, which only its owner can read (see ``save_settings``).
"""

from __future__ import annotations

import logging
from urllib.parse import SplitResult, quote, unquote, urlsplit

log = logging.getLogger(__name__)

SERVICE = "督办台账 数据库服务器"


def _server_url(location: str) -> SplitResult | None:
    """The parts of a PostgreSQL URL with a user name; None for anything else."""
    if not location.startswith("postgresql"):
        return None
    try:
        parts = urlsplit(location)
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return None
    return parts if parts.username else None


def _account(parts: SplitResult) -> str:
    return f"{unquote(parts.username or '')}@{parts.hostname}:{parts.port or 5432}{parts.path}"


def _with_password(parts: SplitResult, password: str | None) -> str:
    user = parts.netloc.rpartition("@")[0].partition(":")[0]
    host = parts.netloc.rpartition("@")[2]
    secret = f":{quote(password, safe='')}" if password else ""
    return parts._replace(netloc=f"{user}{secret}@{host}").geturl()


def has_password(location: str) -> bool:
    """Whether ``location`` is a server URL carrying its password."""
    parts = _server_url(location)
    return parts is not None and bool(parts.password)


def put_away(location: str) -> str:
    """``location`` as it is written to the settings file.

    A server password goes into the keyring and out of the URL; without a keyring (or for a
    local file) ``location`` is returned as it is.
    """
    parts = _server_url(location)
    if parts is None or not parts.password:
        return location
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(SERVICE, _account(parts), unquote(parts.password))
    except (ImportError, KeyringError, RuntimeError, OSError) as error:
        log.info("no keyring for the server password (%s): kept in the settings file", error)
        return location
    return _with_password(parts, None)


def bring_back(location: str) -> str:
    """``location`` from the settings file, with its password from the keyring if it is there."""
    parts = _server_url(location)
    if parts is None or parts.password:
        return location
    try:
        import keyring
        from keyring.errors import KeyringError

        password = keyring.get_password(SERVICE, _account(parts))
    except (ImportError, KeyringError, RuntimeError, OSError) as error:
        log.info("keyring unavailable (%s)", error)
        return location
    return location if password is None else _with_password(parts, password)
