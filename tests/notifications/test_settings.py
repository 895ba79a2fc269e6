"""When reminders and credential alerts go out comes from the settings; a bad value stops
the service."""

from __future__ import annotations

import pytest

from interpreters.settings import SettingsError, get_settings


def test_the_defaults_and_a_configured_list_largest_first(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("REMINDER_MINUTES", "CREDENTIAL_ALERT_DAYS", "REMINDER_SWEEP_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    settings = get_settings()
    assert settings.reminder_minutes == (1440, 15)
    assert settings.credential_alert_days == (60, 30, 7)
    assert settings.reminder_sweep_seconds == 60
    monkeypatch.setenv("REMINDER_MINUTES", "30, 2880,60")
    get_settings.cache_clear()
    assert get_settings().reminder_minutes == (2880, 60, 30)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REMINDER_MINUTES", "1440;15"),
        ("REMINDER_MINUTES", "15,15"),
        ("REMINDER_MINUTES", "0"),
        ("CREDENTIAL_ALERT_DAYS", "60,,7"),
        ("CREDENTIAL_ALERT_DAYS", "-7"),
        ("REMINDER_SWEEP_SECONDS", "0"),
        ("REMINDER_SWEEP_SECONDS", "soon"),
    ],
)
def test_a_bad_value_stops_the_service(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        get_settings()
