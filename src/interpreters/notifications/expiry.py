"""Credential-expiry alerts, CREDENTIAL_ALERT_DAYS before a credential expires.

Once a day (and when a process starts) every credential expiring within the largest
threshold gets the alert of the nearest threshold it has reached, by email to its
interpreter and to the coordinators of the interpreter's country, who also find a notice.
A credential first seen 20 days before its expiry gets the 30-day alert only. The alert's
row is its claim: inserted with the emails, unique per credential, threshold and expiry
date, so two processes, or a restart, never send one twice, and a renewed credential is
alerted again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from email.headerregistry import Address

from interpreters import auth, db, registry, scheduler
from interpreters.calendar import kind_words, recipient_language
from interpreters.i18n import Language, in_language, language_name
from interpreters.notifications import outbox
from interpreters.notifications.mail import plain_email
from interpreters.notifications.schemas import NoticeKind
from interpreters.notifications.service import notify
from interpreters.notifications.tables import CredentialAlert
from interpreters.settings import get_settings

log = logging.getLogger(__name__)

CHECK_JOB = "credential-expiry-check"
CHECK_SECONDS = 24 * 60 * 60
TOPIC = "credential_expiry"

# (Spanish, English)
DAYS = {1: ("1 día", "1 day")}
MANY_DAYS = ("{n} días", "{n} days")
TO_INTERPRETER = (
    (
        "Su credencial vence en {days}: {credential}",
        "Your credential expires in {days}: {credential}",
    ),
    (
        "Su credencial {credential} vence el {expires_on}, dentro de {days}. Desde ese día deja "
        "de contar para las sesiones que le ofrezcan: envíe la renovada a su coordinación.",
        "Your {credential} credential expires on {expires_on}, in {days}. From that day it no "
        "longer counts for the sessions you are offered: send the renewed one to your "
        "coordinator.",
    ),
)
TO_COORDINATOR = (
    ("Credencial por vencer: {name} ({expires_on})", "Credential expiring: {name} ({expires_on})"),
    (
        "La credencial {credential} de {name} (intérprete {interpreter}, {country}) vence el "
        "{expires_on}, dentro de {days}. Desde ese día deja de contar.",
        "The {credential} credential of {name} (interpreter {interpreter}, {country}) expires "
        "on {expires_on}, in {days}. From that day it no longer counts.",
    ),
)


def threshold(days_left: int, thresholds: Sequence[int]) -> int | None:
    """The nearest threshold reached `days_left` days before the expiry, if any."""
    reached = [days for days in thresholds if days >= days_left]
    return min(reached) if reached else None


def _words(
    row: registry.ExpiringCredential, days_left: int, language: Language
) -> dict[str, object]:
    credential = f"«{kind_words(row.kind, language)}» ({row.issuer}"
    if row.language:
        credential += f", {language_name(row.language, language) or row.language}"
    return {
        "credential": credential + ")",
        "days": in_language(DAYS.get(days_left, MANY_DAYS), language).format(n=days_left),
        "expires_on": row.expires_on.isoformat(),
        "name": row.name,
        "interpreter": row.interpreter,
        "country": row.country,
    }


async def _mail(
    to: Address, language: Language, texts: tuple[tuple[str, str], ...], words: dict[str, object]
) -> None:
    subject, body = (in_language(pair, language).format(**words) for pair in texts)
    await outbox.enqueue_email(plain_email(to, subject, [body], language), TOPIC)


async def _alert(row: registry.ExpiringCredential, days_before: int, today: date) -> bool:
    """Claims and writes one alert; False when it was sent before."""
    days_left = (row.expires_on - today).days
    async with db.transaction():
        claimed = await (
            CredentialAlert.insert(
                CredentialAlert(
                    credential=row.id, days_before=days_before, expires_on=row.expires_on
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(CredentialAlert.id)
        )
        if not claimed:
            return False
        account = await auth.languages_of_interpreters([row.interpreter])
        speaks = recipient_language(account.get(row.interpreter, "es"))
        await _mail(
            Address(row.name, addr_spec=row.email),
            speaks,
            TO_INTERPRETER,
            _words(row, days_left, speaks),
        )
        coordinators = await auth.coordinators_of(row.country)
        for person in coordinators:
            speaks = recipient_language(person.language)
            await _mail(
                Address(person.display_name, addr_spec=person.email),
                speaks,
                TO_COORDINATOR,
                _words(row, days_left, speaks),
            )
        params: dict[str, str | int] = {
            "credential_kind": row.kind,
            "name": row.name,
            "interpreter": row.interpreter,
            "expires_on": row.expires_on.isoformat(),
            "days": days_left,
        }
        await notify(
            [person.id for person in coordinators], NoticeKind.CREDENTIAL_EXPIRING, None, params
        )
    return True


async def send_alerts(today: date | None = None) -> int:
    """Every alert due `today` (default: today); returns how many were sent."""
    # Today in UTC: the calendar the validity rules use, so the days an alert counts end on
    # the day the credential stops counting. An expired credential gets no alert.
    today = today or datetime.now(UTC).date()
    thresholds = get_settings().credential_alert_days
    rows = await registry.expiring_credentials(today, today + timedelta(days=max(thresholds)))
    sent = 0
    for row in rows:
        days_before = threshold((row.expires_on - today).days, thresholds)
        if days_before is None:
            continue
        try:
            sent += await _alert(row, days_before, today)
        except Exception:  # one credential's failure must not hold up the others' alerts
            log.exception("alerting the expiry of credential %s failed", row.id)
    if sent:
        outbox.kick()
    return sent


async def resume() -> None:
    """At start, then once a day: alerts due while no process ran come out at once."""
    await send_alerts()
    scheduler.run_every(CHECK_JOB, CHECK_SECONDS, send_alerts)
