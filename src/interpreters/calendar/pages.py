"""The small HTML pages behind answer links, in Spanish or English.

They describe the session from a `Session` alone (kind, languages, time in its zone,
modality), so they cannot show the victim or the case.
"""

from __future__ import annotations

from html import escape

from interpreters.calendar import texts
from interpreters.calendar.answers import Link
from interpreters.calendar.session import Answer, Session
from interpreters.i18n import Language, in_language

# (Spanish, English)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Su participación en una sesión", "Your part in a session"),
    "question": ("¿Participará en esta sesión?", "Will you take part in this session?"),
    "accept": ("Acepto", "Accept"),
    "decline": ("Rechazo", "Decline"),
    "NEEDS-ACTION": ("Aún no ha respondido.", "You have not answered yet."),
    "ACCEPTED": ("Ha aceptado esta sesión.", "You have accepted this session."),
    "DECLINED": ("Ha rechazado esta sesión.", "You have declined this session."),
    "TENTATIVE": ("Ha respondido «quizás».", "You have answered “maybe”."),
    "thanks": ("Gracias: su respuesta quedó registrada.", "Thank you: your answer is recorded."),
    "change": (
        "Puede cambiar su respuesta con este mismo enlace.",
        "You can change your answer with this same link.",
    ),
    "cancelled": (
        "Esta sesión fue cancelada: ya no hace falta responder.",
        "This session has been cancelled: no answer is needed.",
    ),
    "closed": (
        "Esta sesión ya no admite respuestas.",
        "This session no longer takes answers.",
    ),
    "invalid_title": ("Enlace no válido", "Link not valid"),
    "invalid": (
        "Este enlace no es válido: puede estar incompleto, o usted ya no participa en la "
        "sesión. Si cree que es un error, consulte a la institución que le invitó.",
        "This link is not valid: it may be incomplete, or you no longer take part in the "
        "session. If you think this is a mistake, ask the institution that invited you.",
    ),
    "kind": ("Sesión", "Session"),
    "languages": ("Idiomas", "Languages"),
    "when": ("Hora", "Time"),
    "modality": ("Modalidad", "Modality"),
    "privacy": (
        "Por confidencialidad, esta página no contiene datos de la víctima ni del caso.",
        "For confidentiality, this page holds no details of the victim or the case.",
    ),
}


def _say(key: str, language: Language) -> str:
    return escape(in_language(WORDS[key], language))


def _page(language: Language, title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{title}</title>\n"
        '<link rel="stylesheet" href="../../ui/css/style.css">\n'
        f'</head>\n<body>\n<main id="main" class="card">\n<h1>{title}</h1>\n{body}\n'
        "</main>\n</body>\n</html>\n"
    )


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _facts(session: Session, language: Language) -> str:
    local = session.starts_at.astimezone(session.zone)
    end = session.ends_at.astimezone(session.zone)
    until = f"{end:%H:%M}" if end.date() == local.date() else f"{end:%Y-%m-%d %H:%M}"
    rows = [
        ("kind", _capital(texts.kind_words(session.session_kind, language))),
        ("languages", texts.pair_words(session, language, codes=True)),
        ("when", f"{local:%Y-%m-%d %H:%M}–{until} ({session.timezone})"),
        ("modality", _capital(texts.modality_words(session.modality, language))),
    ]
    items = "".join(f"<dt>{_say(key, language)}</dt><dd>{escape(text)}</dd>" for key, text in rows)
    return f'<dl class="facts">{items}</dl>'


def _status(answer: Answer, language: Language) -> str:
    return f'<p id="answer" data-answer="{answer}">{_say(answer, language)}</p>'


def link_page(link: Link, language: Language, recorded: bool = False) -> str:
    """The session and its two buttons, or why the link takes no answer; `recorded` thanks
    the participant for the answer just given."""
    parts = [_facts(link.session, language)]
    if link.state != "open":
        parts.append(f'<p id="state" role="status">{_say(link.state, language)}</p>')
    else:
        if recorded:
            parts.append(f'<p role="status">{_say("thanks", language)}</p>')
        parts.append(_status(link.answer, language))
        # A form that posts back to this very address: a GET never answers, since mail
        # scanners open links in emails.
        parts.append(
            f'<form method="post"><p>{_say("question", language)}</p><div class="actions">'
            f'<button type="submit" name="answer" value="ACCEPTED">{_say("accept", language)}'
            "</button>"
            f'<button type="submit" name="answer" value="DECLINED" class="secondary">'
            f"{_say('decline', language)}</button></div></form>"
        )
        if link.answer != "NEEDS-ACTION":
            parts.append(f'<p class="note">{_say("change", language)}</p>')
    parts.append(f'<p class="note">{_say("privacy", language)}</p>')
    return _page(language, _say("title", language), "\n".join(parts))


def invalid_page(language: Language) -> str:
    return _page(
        language, _say("invalid_title", language), f'<p id="state">{_say("invalid", language)}</p>'
    )
