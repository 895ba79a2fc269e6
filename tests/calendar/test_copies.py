"""Each participant's copy: their language, their role, their link, and nobody's secrets."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from interpreters.calendar import Recipient, Session, invitation, session_from_request
from interpreters.sessions import RequestRecord, RequestStatus
from tests.calendar.factories import (
    COORDINATOR,
    DOMAIN,
    EVERYONE,
    GUEST,
    INTERPRETER,
    ORGANIZER,
    REQUESTER,
    attendees_of,
    session,
    steps,
    unfolded,
)

ZONE = "America/Tegucigalpa"


def copy_for(recipient: Recipient, current: Session | None = None) -> str:
    current = current or session(ZONE)
    return unfolded(invitation(current, recipient, EVERYONE, ORGANIZER, domain=DOMAIN))


def texts(recipient: Recipient, current: Session | None = None) -> tuple[str, str]:
    current = current or session(ZONE)
    ics = invitation(current, recipient, EVERYONE, ORGANIZER, domain=DOMAIN)
    event = Calendar.from_ical(ics).events[0]
    return str(event["SUMMARY"]), str(event["DESCRIPTION"])


def test_spanish_is_the_default_and_names_the_role_languages_and_kind() -> None:
    summary, description = texts(REQUESTER)
    assert summary == "Audiencia judicial: interpretación K'iche'–Español (institución solicitante)"
    assert "Idiomas: K'iche' (quc)–Español (spa)" in description
    assert "Modalidad: videoconferencia" in description
    assert "Participa como: institución solicitante" in description
    assert "Hora: 2027-10-28 10:00–11:30 (America/Tegucigalpa)" in description


def test_english_for_a_recipient_who_reads_english() -> None:
    summary, description = texts(INTERPRETER)
    assert summary == "Court hearing: K'iche'–Spanish interpreting (interpreter)"
    assert "Languages: K'iche' (quc)–Spanish (spa)" in description
    assert "You take part as: interpreter" in description
    british = replace(INTERPRETER, language="en-GB")
    assert texts(british)[0] == summary


@pytest.mark.parametrize("language", ["fr", "", "pt-BR", "klingon", "ES"])
def test_any_other_language_falls_back_to_spanish(language: str) -> None:
    reader = replace(INTERPRETER, language=language)
    assert reader.language == "es"
    assert texts(reader) == texts(replace(INTERPRETER, language="es"))
    assert texts(reader)[0].startswith("Audiencia judicial: interpretación")


def test_a_cancellation_says_so_in_the_recipients_language() -> None:
    cancelled = steps(ZONE)["cancel"]
    assert texts(REQUESTER, cancelled)[0].startswith("CANCELADA: Audiencia judicial")
    assert texts(INTERPRETER, cancelled)[0].startswith("CANCELLED: Court hearing")
    assert "This session has been cancelled." in texts(INTERPRETER, cancelled)[1]
    # Nobody is sent to a cancelled session.
    assert INTERPRETER.join_url is not None
    assert INTERPRETER.join_url not in copy_for(INTERPRETER, cancelled)


def test_the_join_link_appears_only_in_its_owners_copy() -> None:
    links = {person.email: person.join_url for person in EVERYONE if person.join_url}
    assert len(links) == 2
    for person in EVERYONE:
        text = copy_for(person)
        for owner, link in links.items():
            assert (link in text) == (owner == person.email), (person.email, owner)
    ics = invitation(session(ZONE), INTERPRETER, EVERYONE, ORGANIZER, domain=DOMAIN)
    event = Calendar.from_ical(ics).events[0]
    assert event["LOCATION"] == INTERPRETER.join_url
    assert f"Your personal link to join (do not share it): {INTERPRETER.join_url}" in str(
        event["DESCRIPTION"]
    )
    # Without a link of their own, a video participant is told one will come.
    assert "Recibirá su enlace personal" in texts(REQUESTER)[1]


def test_an_on_site_session_gives_its_place_and_no_link() -> None:
    on_site = replace(session(ZONE), modality="on_site", place="Fiscalía, sala 2")
    description = texts(INTERPRETER, on_site)[1]
    assert "Place: Fiscalía, sala 2" in description
    assert "link" not in description
    assert INTERPRETER.join_url is not None
    assert INTERPRETER.join_url not in copy_for(INTERPRETER, on_site)


def test_each_copy_shows_only_its_recipients_own_address_and_no_other_guest() -> None:
    for person in EVERYONE:
        ics = invitation(session(ZONE), person, EVERYONE, ORGANIZER, domain=DOMAIN)
        attendees = attendees_of(Calendar.from_ical(ics).events[0])
        addresses = {str(a).removeprefix("mailto:"): a for a in attendees}
        others = [p for p in EVERYONE if p.email != person.email]
        assert person.email in addresses
        assert addresses[person.email].params["PARTSTAT"] == person.answer
        for other in others:
            assert other.email not in copy_for(person)
        # The guest (who may be the victim) is listed in no copy but their own.
        names = {a.params["CN"] for a in attendees}
        assert (GUEST.name in names) == (person is GUEST)
        assert len(attendees) == (4 if person is GUEST else 3)
        roles = {a.params["CN"]: (a.params["ROLE"], a.params["RSVP"]) for a in attendees}
        assert roles[REQUESTER.name] == ("CHAIR", "TRUE")
        assert roles[INTERPRETER.name] == ("REQ-PARTICIPANT", "TRUE")
        assert roles[COORDINATOR.name] == ("NON-PARTICIPANT", "FALSE")


def test_other_participants_keep_one_alias_through_every_update() -> None:
    def interpreter_address(current: Session) -> str:
        ics = invitation(current, REQUESTER, EVERYONE, ORGANIZER, domain=DOMAIN)
        attendees = attendees_of(Calendar.from_ical(ics).events[0])
        return next(str(a) for a in attendees if a.params["CN"] == INTERPRETER.name)

    aliases = {interpreter_address(s) for s in steps(ZONE).values()}
    assert len(aliases) == 1
    assert aliases.pop().endswith(f"@{DOMAIN}")
    other_session = replace(session(ZONE), request_id=1208)
    assert interpreter_address(other_session) != interpreter_address(session(ZONE))


REQUEST_ROW = {
    "id": 1207,
    "institution": 3,
    "requested_by": 9,
    "country": "HN",
    "timezone": ZONE,
    "case_reference": "MP-HN-2027-00931",
    "victim_pseudonym": "Mariposa-17",
    "session_kind": "minor_forensic_interview",
    "language": "miq",
    "variety": "Tawira",
    "working_language": "spa",
    "mode": "consecutive",
    "modality": "video",
    "place": "",
    "facility": None,
    "community": "Aldea Los Encinos",
    "earliest_start": datetime(2027, 10, 28, 16, 0, tzinfo=UTC),
    "latest_start": datetime(2027, 10, 28, 16, 0, tzinfo=UTC),
    "duration_minutes": 60,
    "min_proficiency": 4,
    "required_credentials": [["court_certified"]],
    "preferred_gender": "female",
    "same_interpreter": True,
    "urgency": "normal",
    "interpreters_needed": 1,
    "seats_filled": 1,
    "status": "confirmed",
    "wave_size": 0,
    "wave": 0,
    "next_wave_at": None,
    "calendar_sequence": 0,
    "created_at": datetime(2027, 10, 1, 12, 0, tzinfo=UTC),
}
REQUEST = RequestRecord.from_row(REQUEST_ROW)
SECRETS = ("MP-HN-2027-00931", "Mariposa", "Aldea Los Encinos", "Encinos", "Tawira", "female")


def test_the_session_cannot_carry_case_facts() -> None:
    carried = {field.name for field in fields(Session)}
    assert carried.isdisjoint({"case_reference", "victim_pseudonym", "community", "variety"})


def test_no_copy_of_any_change_names_the_victim_or_the_case() -> None:
    start = REQUEST_ROW["earliest_start"]
    assert isinstance(start, datetime)
    created = session_from_request(REQUEST, start, sequence=0)
    assert created.session_kind == "minor_forensic_interview"
    cancelled = session_from_request(
        replace(REQUEST, status=RequestStatus.CANCELLED), start, sequence=1
    )
    assert cancelled.status == "cancelled"
    everyone = [*EVERYONE, replace(GUEST, email="psicologia@example.org", name="Psicóloga")]
    produced = []
    for current in (created, cancelled):
        for person in everyone:
            for language in ("es", "en"):
                reader = replace(person, language=language)
                produced.append(invitation(current, reader, everyone, ORGANIZER, domain=DOMAIN))
    assert len(produced) == 20
    for ics in produced:
        text = unfolded(ics).casefold()
        for secret in SECRETS:
            assert secret.casefold() not in text
        # The session itself is there: what the grep searched is the real output.
        assert "miskito" in text
