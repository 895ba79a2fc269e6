"""The emails of a session's changes and reminders: one per participant, in their language.

Each is multipart: a text body and the same as HTML; a change adds the invitation as a
`text/calendar; method=…` alternative (which calendar clients act on), and the same file
attached as `invitation.ics` for clients that only show attachments. A reminder carries no
invitation: the calendar already holds the session, and a copy could only confuse it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Literal
from zoneinfo import ZoneInfo

from interpreters.calendar import (
    Recipient,
    Session,
    calendar_says,
    invitation,
    session_description,
    session_summary,
)
from interpreters.i18n import Language, in_language

# `released`: an interpreter taken off a session that goes on without them.
Change = Literal["confirmed", "rescheduled", "reassigned", "cancelled", "released"]

# (Spanish, English)
SUBJECTS: dict[Change, tuple[str, str]] = {
    "confirmed": ("Invitación: {summary}", "Invitation: {summary}"),
    "rescheduled": ("Nuevo horario: {summary}", "New time: {summary}"),
    "reassigned": ("Actualización: {summary}", "Update: {summary}"),
    "cancelled": ("{summary}", "{summary}"),
    "released": ("{summary}", "{summary}"),
}
INTROS: dict[Change, tuple[str, str]] = {
    "confirmed": (
        "Se le invita a esta sesión de interpretación.",
        "You are invited to this interpreting session.",
    ),
    "rescheduled": (
        "Esta sesión cambió de horario; su calendario se actualizará.",
        "This session has moved to a new time; your calendar will be updated.",
    ),
    "reassigned": (
        "Cambiaron los participantes de esta sesión.",
        "The participants of this session have changed.",
    ),
    "cancelled": (
        "Esta sesión fue cancelada y se quitará de su calendario.",
        "This session has been cancelled and will be removed from your calendar.",
    ),
    "released": (
        "Ya no participa en esta sesión: otra persona intérprete la cubrirá. Se quitará de su "
        "calendario.",
        "You are no longer booked for this session: another interpreter covers it. It will be "
        "removed from your calendar.",
    ),
}
YOUR_TIME = ("En su zona horaria ({zone}): {when}", "In your time zone ({zone}): {when}")
ANSWER = (
    "Confirme su asistencia o decline: {url}",
    "Accept or decline: {url}",
)
ANSWER_BUTTON = ("Aceptar o declinar", "Accept or decline")
REMINDER = (
    "Le recordamos esta sesión de interpretación, que empieza {soon}.",
    "A reminder of this interpreting session, which starts {soon}.",
)
# How soon a session starts, as a reminder's subject says it.
SOON: dict[str, tuple[str, str]] = {
    "minute": ("en 1 minuto", "in 1 minute"),
    "minutes": ("en {n} minutos", "in {n} minutes"),
    "hours": ("en {n} horas", "in {n} hours"),
    "today": ("hoy", "today"),
    "tomorrow": ("mañana", "tomorrow"),
    "days": ("en {n} días", "in {n} days"),
}
SENT_BY = (
    "Mensaje automático del Banco regional de intérpretes.",
    "Automatic message from the Regional interpreter bank.",
)


def _local(moment: datetime, zone: str) -> str:
    return f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}"


def describe(
    session: Session, recipient: Recipient, recipient_zone: str, privacy: str = "privacy"
) -> list[str]:
    """The session as the recipient reads it, with its times again in their own zone when
    that differs from the session's; `privacy` as in `session_description`."""
    language = recipient.speaks
    blocks = [session_description(session, recipient, privacy)]
    if recipient_zone != session.timezone and session.status == "confirmed":
        start, end = (_local(t, recipient_zone) for t in (session.starts_at, session.ends_at))
        when = f"{start}–{end[-5:]}" if start[:10] == end[:10] else f"{start}–{end}"
        blocks.append(in_language(YOUR_TIME, language).format(zone=recipient_zone, when=when))
    return blocks


def _html(
    blocks: Sequence[str], answer_url: str | None, button: str, closing: str, language: Language
) -> str:
    paragraphs = [
        "<p>" + "<br>\n".join(html.escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
    ]
    if answer_url:
        words = html.escape(button)
        paragraphs.append(f'<p><a href="{html.escape(answer_url, quote=True)}">{words}</a></p>')
    paragraphs.append(f"<p><small>{html.escape(closing)}</small></p>")
    body = "\n".join(paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"></head>'
        f"<body>\n{body}\n</body></html>\n"
    )


def plain_email(
    to: Address,
    subject: str,
    blocks: Sequence[str],
    language: Language,
    answer_url: str | None = None,
    link_words: tuple[tuple[str, str], tuple[str, str]] = (ANSWER, ANSWER_BUTTON),
) -> EmailMessage:
    """An email of `blocks` (paragraphs) as text and as HTML, signed as automatic; with
    `answer_url`, a link that `link_words` introduce (in the text) and name (in the HTML)."""
    closing = in_language(SENT_BY, language)
    introduction, button = (in_language(words, language) for words in link_words)
    text_blocks = [*blocks, introduction.format(url=answer_url)] if answer_url else blocks
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message["Content-Language"] = language
    message.set_content("\n\n".join([*text_blocks, closing]) + "\n")
    message.add_alternative(_html(blocks, answer_url, button, closing, language), subtype="html")
    return message


def session_email(
    session: Session,
    recipient: Recipient,
    attendees: Sequence[Recipient],
    change: Change,
    recipient_zone: str,
    answer_url: str | None = None,
) -> EmailMessage:
    """The email telling `recipient` of `change` to `session`, with its invitation."""
    language = recipient.speaks
    summary = session_summary(session, recipient)
    blocks = [in_language(INTROS[change], language), *describe(session, recipient, recipient_zone)]
    message = plain_email(
        Address(recipient.name, addr_spec=recipient.email),
        in_language(SUBJECTS[change], language).format(summary=summary),
        blocks,
        language,
        answer_url if session.status == "confirmed" else None,
    )
    calendar = invitation(session, recipient, attendees)
    method = "CANCEL" if session.status == "cancelled" else "REQUEST"
    # As bytes: iCalendar lines end in CRLF, which a text part would turn into LF.
    message.add_alternative(
        calendar, maintype="text", subtype="calendar", params={"method": method, "charset": "utf-8"}
    )
    message.add_attachment(
        calendar,
        maintype="application",
        subtype="ics",
        filename="invitation.ics",
    )
    return message


def how_soon(starts_at: datetime, now: datetime, zone: str, language: Language) -> str:
    """Minutes or hours when the session is near, else its day on the recipient's calendar:
    said from the moment of sending, as a reminder sent late must not say "tomorrow"."""
    minutes = max(1, round((starts_at - now) / timedelta(minutes=1)))
    if minutes < 120:
        return in_language(SOON["minute" if minutes == 1 else "minutes"], language).format(
            n=minutes
        )
    if minutes < 12 * 60:
        return in_language(SOON["hours"], language).format(n=round(minutes / 60))
    days = (
        starts_at.astimezone(ZoneInfo(zone)).date() - now.astimezone(ZoneInfo(zone)).date()
    ).days
    key = {0: "today", 1: "tomorrow"}.get(days, "days")
    return in_language(SOON[key], language).format(n=days)


def reminder_email(
    session: Session, recipient: Recipient, recipient_zone: str, now: datetime
) -> EmailMessage:
    """The reminder of `session` for `recipient`, sent at `now`."""
    language = recipient.speaks
    soon = how_soon(session.starts_at, now, recipient_zone, language)
    summary = session_summary(session, recipient)
    subject = f"{calendar_says('reminder', language, summary=summary)} ({soon})"
    blocks = [
        in_language(REMINDER, language).format(soon=soon),
        # A reminder carries no invitation: its closing line speaks of the message.
        *describe(session, recipient, recipient_zone, "privacy_message"),
    ]
    return plain_email(
        Address(recipient.name, addr_spec=recipient.email), subject, blocks, language
    )
