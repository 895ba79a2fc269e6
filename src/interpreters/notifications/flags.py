"""Telling the people of a booked session that its interpreter may not interpret it, now
(their vetting was withdrawn) or soon (their background check expires before it): a notice
and an email each, with the request's page to act on. Neither a reason nor anything about
the victim is said: the email leaves the service."""

from __future__ import annotations

from datetime import date, datetime
from email.headerregistry import Address
from zoneinfo import ZoneInfo

from interpreters import auth
from interpreters.calendar import recipient_language
from interpreters.i18n import in_language, render
from interpreters.notifications import outbox
from interpreters.notifications.mail import plain_email
from interpreters.notifications.schemas import TEMPLATES, NoticeKind
from interpreters.notifications.service import notify
from interpreters.sessions import RequestRecord
from interpreters.settings import get_settings

# (Spanish, English)
SUBJECTS: dict[NoticeKind, tuple[str, str]] = {
    NoticeKind.INTERPRETER_UNVETTED: (
        "Sesión {request}: hay que reemplazar a la persona intérprete",
        "Session {request}: the interpreter must be replaced",
    ),
    NoticeKind.BACKGROUND_CHECK_EXPIRING: (
        "Sesión {request}: la verificación de antecedentes de la persona intérprete vence antes",
        "Session {request}: the interpreter's background check expires before it",
    ),
}
TOPICS = {
    NoticeKind.INTERPRETER_UNVETTED: "interpreter_unvetted",
    NoticeKind.BACKGROUND_CHECK_EXPIRING: "background_check_expiry",
}
OPEN = ("Abra la solicitud: {url}", "Open the request: {url}")
OPEN_BUTTON = ("Abrir la solicitud", "Open the request")


async def _tell(request: RequestRecord, kind: NoticeKind, params: dict[str, str | int]) -> None:
    """The requester and the coordinators of the request's country: a notice and an email."""
    requester = await auth.account(request.requested_by)
    coordinators = await auth.coordinators_of(request.country)
    people = [requester] if requester else []
    people += [person for person in coordinators if person.id != request.requested_by]
    await notify([person.id for person in people], kind, request.id, params)
    url = f"{get_settings().public_url}/ui/request.html?id={request.id}"
    for person in people:
        language = recipient_language(person.language)
        message = plain_email(
            Address(person.display_name, addr_spec=person.email),
            in_language(SUBJECTS[kind], language).format(request=request.id),
            [render(TEMPLATES[kind], params, language)],
            language,
            answer_url=url,
            link_words=(OPEN, OPEN_BUTTON),
        )
        await outbox.enqueue_email(message, TOPICS[kind], request.id)


def _session(request: RequestRecord, name: str, starts_at: datetime) -> dict[str, str | int]:
    local = starts_at.astimezone(ZoneInfo(request.timezone))
    return {
        "name": name,
        "request": request.id,
        "case_reference": request.case_reference,
        "session_kind": request.session_kind,
        "start": f"{local:%Y-%m-%d %H:%M} {request.timezone}",
    }


async def flag_unvetted(request: RequestRecord, name: str, starts_at: datetime) -> None:
    """`name`, booked for the request, is no longer vetted; call inside the transaction of
    the decision."""
    await _tell(request, NoticeKind.INTERPRETER_UNVETTED, _session(request, name, starts_at))


async def flag_background_check(
    request: RequestRecord, name: str, starts_at: datetime, expires_on: date
) -> None:
    """The background check of `name`, booked for the request, expires on `expires_on`,
    before the session; call inside the transaction that claims the alert."""
    params = {**_session(request, name, starts_at), "expires_on": expires_on.isoformat()}
    await _tell(request, NoticeKind.BACKGROUND_CHECK_EXPIRING, params)
