"""The organizer and the UID domain come from the settings."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from interpreters.calendar import invitation
from interpreters.settings import SettingsError, get_settings
from tests.calendar.factories import EVERYONE, REQUESTER, session


def test_invitations_come_from_mail_from_under_its_domain(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAIL_FROM", "agenda@fiscalia.example.hn")
    monkeypatch.delenv("CALENDAR_DOMAIN", raising=False)
    event = Calendar.from_ical(invitation(session("America/Tegucigalpa"), REQUESTER, EVERYONE))
    assert event.events[0]["ORGANIZER"] == "mailto:agenda@fiscalia.example.hn"
    assert event.events[0]["UID"] == "request-1207@fiscalia.example.hn"
    monkeypatch.setenv("CALENDAR_DOMAIN", "Calendario.Example.org")
    get_settings.cache_clear()
    event = Calendar.from_ical(invitation(session("America/Tegucigalpa"), REQUESTER, EVERYONE))
    assert event.events[0]["UID"] == "request-1207@calendario.example.org"


@pytest.mark.parametrize(
    ("name", "value"),
    [("MAIL_FROM", "not an address"), ("MAIL_FROM", "a@"), ("CALENDAR_DOMAIN", "bad domain")],
)
def test_a_bad_address_or_domain_stops_the_service(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        get_settings()
