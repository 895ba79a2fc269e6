"""The words of an invitation, in the recipient's language (Spanish first, English second).

Kinds of session reuse the interface's words (i18n.VALUE_WORDS) and languages their
regional names (reference.languages), so a session reads the same in the app and in a
calendar. Nothing here can name a victim: it only sees a `Session` and a `Recipient`.
"""

from __future__ import annotations

from interpreters.calendar.session import Recipient, Session
from interpreters.i18n import VALUE_WORDS, Language, in_language, language_name

# (Spanish, English)
ROLE_WORDS: dict[str, tuple[str, str]] = {
    "requester": ("institución solicitante", "requesting institution"),
    "interpreter": ("intérprete", "interpreter"),
    "court": ("tribunal", "court"),
    "coordinator": ("coordinación", "coordinator"),
    "guest": ("persona invitada", "guest"),
}
MODALITY_WORDS: dict[str, tuple[str, str]] = {
    "video": ("videoconferencia", "video conference"),
    "phone": ("teléfono", "telephone"),
    "on_site": ("presencial", "on site"),
}
# Template pairs; {kind}, {pair}, {role} … are filled with words in the same language.
TEMPLATES: dict[str, tuple[str, str]] = {
    "summary": ("{kind}: interpretación {pair} ({role})", "{kind}: {pair} interpreting ({role})"),
    "cancelled": ("CANCELADA: {summary}", "CANCELLED: {summary}"),
    "session": ("Sesión: {kind} (solicitud {request})", "Session: {kind} (request {request})"),
    "languages": ("Idiomas: {languages}", "Languages: {languages}"),
    "modality": ("Modalidad: {modality}", "Modality: {modality}"),
    "role": ("Participa como: {role}", "You take part as: {role}"),
    "when": ("Hora: {when} ({zone})", "Time: {when} ({zone})"),
    "place": ("Lugar: {place}", "Place: {place}"),
    "join": (
        "Su enlace personal para unirse (no lo comparta): {url}",
        "Your personal link to join (do not share it): {url}",
    ),
    "no_link": (
        "Recibirá su enlace personal para unirse antes de la sesión.",
        "You will receive your personal link to join before the session.",
    ),
    "was_cancelled": ("Esta sesión fue cancelada.", "This session has been cancelled."),
    "privacy": (
        "Por confidencialidad, esta invitación no contiene datos de la víctima ni del caso.",
        "For confidentiality, this invitation holds no details of the victim or the case.",
    ),
    "privacy_message": (
        "Por confidencialidad, este mensaje no contiene datos de la víctima ni del caso.",
        "For confidentiality, this message holds no details of the victim or the case.",
    ),
    "video_place": ("Videoconferencia", "Video conference"),
    "reminder": ("Recordatorio: {summary}", "Reminder: {summary}"),
}


def say(key: str, language: Language, **params: object) -> str:
    return in_language(TEMPLATES[key], language).format(**params)


def kind_words(kind: str, language: Language) -> str:
    words = VALUE_WORDS.get(kind)
    return in_language(words, language) if words else kind


def role_words(role: str, language: Language) -> str:
    return in_language(ROLE_WORDS[role], language)


def modality_words(modality: str, language: Language) -> str:
    words = MODALITY_WORDS.get(modality)
    return in_language(words, language) if words else modality


def pair_words(session: Session, language: Language, codes: bool = False) -> str:
    names = []
    for code in (session.language, session.working_language):
        name = language_name(code, language) or code
        names.append(f"{name} ({code})" if codes else name)
    return "–".join(names)


def summary(session: Session, recipient: Recipient) -> str:
    language = recipient.speaks
    text = say(
        "summary",
        language,
        kind=kind_words(session.session_kind, language),
        pair=pair_words(session, language),
        role=role_words(recipient.role, language),
    )
    text = text[0].upper() + text[1:]
    if session.status == "cancelled":
        return say("cancelled", language, summary=text)
    return text


def location(session: Session, recipient: Recipient) -> str:
    """Where the recipient goes: the place, or their own link to a video session that
    stands (a cancelled one sends nobody anywhere)."""
    if session.is_video:
        if session.status == "confirmed" and recipient.join_url:
            return recipient.join_url
        return say("video_place", recipient.speaks)
    return session.place


def description(session: Session, recipient: Recipient, privacy: str = "privacy") -> str:
    """The session in words; `privacy` names the closing line (an invitation's by default)."""
    language = recipient.speaks
    local = session.starts_at.astimezone(session.zone)
    end = session.ends_at.astimezone(session.zone)
    lines = []
    if session.status == "cancelled":
        lines.append(say("was_cancelled", language))
    lines += [
        say(
            "session",
            language,
            kind=kind_words(session.session_kind, language),
            request=session.request_id,
        ),
        say("languages", language, languages=pair_words(session, language, codes=True)),
        say("modality", language, modality=modality_words(session.modality, language)),
        say("role", language, role=role_words(recipient.role, language)),
        say(
            "when",
            language,
            when=f"{local:%Y-%m-%d %H:%M}–{end:%H:%M}"
            if end.date() == local.date()
            else f"{local:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}",
            zone=session.timezone,
        ),
    ]
    if session.place and not session.is_video:
        lines.append(say("place", language, place=session.place))
    if session.is_video and session.status == "confirmed":
        if recipient.join_url:
            lines.append(say("join", language, url=recipient.join_url))
        else:
            lines.append(say("no_link", language))
    lines.append(say(privacy, language))
    return "\n".join(lines)
