"""The server's secret key, the public address of links, and tokens signed with the key."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from interpreters import signing
from interpreters.settings import SettingsError, _secret_key, get_settings


def test_a_token_carries_its_payload_and_nothing_else_passes() -> None:
    token = signing.sign("answer", "12:abc")
    assert signing.verify("answer", token) == "12:abc"
    assert signing.verify("join", token) is None
    payload, mac = token.split(".")
    assert (
        signing.verify("answer", signing.sign("answer", "13:abc").split(".")[0] + "." + mac) is None
    )
    for garbled in [payload, f"{payload}.", f"{payload}!.{mac}", f"{payload}.{mac}x", "", "."]:
        assert signing.verify("answer", garbled) is None
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_the_key_is_made_once_readable_by_the_owner_only_and_agreed_on(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(_secret_key, [tmp_path] * 16))
    assert len(keys) == 1
    key = (tmp_path / "secret_key").read_bytes()
    assert keys == {key}
    assert len(key) == 32
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
    assert _secret_key(tmp_path) == key


def test_secret_key_from_the_environment_wins_and_must_be_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert _secret_key(tmp_path) == b"k" * 40
    assert not (tmp_path / "secret_key").exists()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        _secret_key(tmp_path)


def test_a_damaged_key_file_stops_the_service(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_bytes(b"too short")
    with pytest.raises(SettingsError, match="32 bytes"):
        _secret_key(tmp_path)


def test_public_url_defaults_to_host_and_port_without_a_trailing_slash(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.setenv("HOST", "10.1.2.3")
    monkeypatch.setenv("PORT", "8080")
    assert get_settings().public_url == "http://10.1.2.3:8080"
    get_settings.cache_clear()
    monkeypatch.setenv("PUBLIC_URL", "https://interpretes.example.org/banco/")
    assert get_settings().public_url == "https://interpretes.example.org/banco"


@pytest.mark.parametrize(
    "value", ["interpretes.example.org", "ftp://example.org", "https://", "https://a.org/?x=1"]
)
def test_a_bad_public_url_stops_the_service(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("PUBLIC_URL", value)
    with pytest.raises(SettingsError, match="PUBLIC_URL"):
        get_settings()
