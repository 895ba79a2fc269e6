"""Telling the people of a booked session that its interpreter may no longer interpret it:
a notice and an email each, with the request's page to act on."""

from __future__ import annotations

from datetime import datetime
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

TOPIC = "interpreter_unvetted"
SUBJECT = (
    "Sesión {request}: hay que reemplazar a la persona intérprete",
    "Session {request}: the interpreter must be replaced",
)
OPEN = ("Abra la solicitud: {url}", "Open the request: {url}")
OPEN_BUTTON = ("Abrir la solicitud", "Open the request")


async def flag_unvetted(request: RequestRecord, name: str, starts_at: datetime) -> None:
    """Tells the requester and the coordinators of the request's country that `name`, booked
    for it, is no longer vetted; call inside the transaction of the change. Neither the
    reason nor anything about the victim is said: the email leaves the service."""
    local = starts_at.astimezone(ZoneInfo(request.timezone))
    params: dict[str, str | int] = {
        "name": name,
        "request": request.id,
        "case_reference": request.case_reference,
        "session_kind": request.session_kind,
        "start": f"{local:%Y-%m-%d %H:%M} {request.timezone}",
    }
    requester = await auth.account(request.requested_by)
    coordinators = await auth.coordinators_of(request.country)
    people = [requester] if requester else []
    people += [person for person in coordinators if person.id != request.requested_by]
    kind = NoticeKind.INTERPRETER_UNVETTED
    await notify([person.id for person in people], kind, request.id, params)
    url = f"{get_settings().public_url}/ui/request.html?id={request.id}"
    for person in people:
        language = recipient_language(person.language)
        message = plain_email(
            Address(person.display_name, addr_spec=person.email),
            in_language(SUBJECT, language).format(request=request.id),
            [render(TEMPLATES[kind], params, language)],
            language,
            answer_url=url,
            link_words=(OPEN, OPEN_BUTTON),
        )
        await outbox.enqueue_email(message, TOPIC, request.id)
