"""The emails of an account's life: the invitation to set a first password, and a reset."""

from __future__ import annotations

from email.headerregistry import Address

from interpreters.auth import AccountLinkIssued
from interpreters.calendar import recipient_language
from interpreters.i18n import in_language
from interpreters.notifications import outbox
from interpreters.notifications.mail import plain_email
from interpreters.principal import Role

TOPIC = "account"

# (Spanish, English)
ROLE_WORDS: dict[Role, tuple[str, str]] = {
    Role.COORDINATOR: ("coordinación", "coordinator"),
    Role.PROSECUTOR: ("fiscalía", "prosecutor"),
    Role.INTERPRETER: ("intérprete", "interpreter"),
    Role.COURT: ("tribunal", "court"),
}
SUBJECTS = {
    "invitation": (
        "Su cuenta en el Banco regional de intérpretes",
        "Your account at the Regional interpreter bank",
    ),
    "reset": ("Restablecer su contraseña", "Reset your password"),
}
BODIES = {
    "invitation": (
        "Se creó para usted una cuenta de {role} en el Banco regional de intérpretes. Elija "
        "su contraseña con el enlace de abajo, que sirve una sola vez durante {hours} horas.",
        "An account ({role}) was created for you at the Regional interpreter bank. Choose "
        "your password with the link below, which works once within {hours} hours.",
    ),
    "reset": (
        "Se pidió restablecer la contraseña de su cuenta. Si fue usted, elija una nueva con el "
        "enlace de abajo, que sirve una sola vez durante {minutes} minutos. Si no fue usted, "
        "ignore este mensaje: su contraseña no cambia.",
        "Someone asked to reset the password of your account. If it was you, choose a new one "
        "with the link below, which works once within {minutes} minutes. If it was not you, "
        "ignore this message: your password stays as it is.",
    ),
}
CHOOSE = ("Elija su contraseña: {url}", "Choose your password: {url}")
CHOOSE_BUTTON = ("Elegir mi contraseña", "Choose my password")


async def mail_account_link(link: AccountLinkIssued) -> None:
    """The email carrying `link`; call inside the transaction that issued it."""
    language = recipient_language(link.account.language)
    minutes = int(link.valid_for.total_seconds()) // 60
    words = {
        "role": in_language(ROLE_WORDS[link.role], language),
        "hours": minutes // 60,
        "minutes": minutes,
    }
    message = plain_email(
        Address(link.account.display_name, addr_spec=link.account.email),
        in_language(SUBJECTS[link.purpose], language),
        [in_language(BODIES[link.purpose], language).format(**words)],
        language,
        answer_url=link.url,
        link_words=(CHOOSE, CHOOSE_BUTTON),
    )
    await outbox.enqueue_email(message, TOPIC)
