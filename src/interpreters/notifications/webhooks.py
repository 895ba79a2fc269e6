"""Institutions' webhooks: coordinators of an institution's country register addresses of
its own systems, and each booking of its requests created, changed or cancelled is posted to
every active one through the outbox, signed with that webhook's secret.

A delivery names the session, never the victim: no pseudonym, case reference, community or
place leaves the service this way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal

from interpreters import audit, auth, db
from interpreters.errors import Conflict, NotFound
from interpreters.notifications import outbox
from interpreters.notifications.schemas import WebhookCreated, WebhookIn, WebhookOut
from interpreters.notifications.tables import OutboxMessage, Webhook
from interpreters.principal import Principal
from interpreters.sessions import (
    REPLACED,
    BookingRecord,
    RequestRecord,
    institutions_of,
)

LISTED = (
    Webhook.id,
    Webhook.institution,
    Webhook.url,
    Webhook.active,
    Webhook.created_by,
    Webhook.created_at,
)

BookingEvent = Literal["booking.created", "booking.changed", "booking.cancelled"]


async def _require_institution(actor: Principal, institution_id: int) -> None:
    found = await auth.institution(institution_id)
    # An institution of another country does not exist for the coordinator.
    if found is None or not actor.coordinates({found.country}):
        raise NotFound("No institution with id {id}.", id=institution_id)


async def list_webhooks(actor: Principal, institution_id: int) -> list[WebhookOut]:
    await _require_institution(actor, institution_id)
    rows = (
        await Webhook.select(*LISTED)
        .where(Webhook.institution == institution_id)
        .order_by(Webhook.id)
    )
    return [WebhookOut.model_validate(row) for row in rows]


async def create_webhook(actor: Principal, institution_id: int, data: WebhookIn) -> WebhookCreated:
    async with db.transaction():
        await _require_institution(actor, institution_id)
        # Deactivating drops what is queued for the address (below): one active webhook each.
        taken = await Webhook.exists().where(
            Webhook.institution == institution_id,
            Webhook.url == data.url,
            Webhook.active.eq(True),
        )
        if taken:
            raise Conflict("This institution already has an active webhook at this address.", "url")
        webhook = Webhook(
            institution=institution_id,
            url=data.url,
            secret=secrets.token_urlsafe(32),
            created_by=actor.user_id,
        )
        await webhook.save()
        await audit.record(actor, "create", "webhook", webhook.id, ["url"])
    return WebhookCreated.model_validate(webhook.to_dict())


async def deactivate_webhook(actor: Principal, institution_id: int, webhook_id: int) -> None:
    async with db.transaction():
        await _require_institution(actor, institution_id)
        row = (
            await Webhook.select(Webhook.url, Webhook.active)
            .where(Webhook.id == webhook_id, Webhook.institution == institution_id)
            .first()
        )
        if row is None:
            raise NotFound("No webhook {id} for this institution.", id=webhook_id)
        if not row["active"]:
            return
        await Webhook.update(active=False).where(Webhook.id == webhook_id)
        # A webhook is stopped because its receiver is gone or no longer trusted: what is
        # still queued for it is not sent either.
        queued = await OutboxMessage.select(OutboxMessage.id, OutboxMessage.request).where(
            OutboxMessage.channel == outbox.WEBHOOK,
            OutboxMessage.status == outbox.PENDING,
            OutboxMessage.recipient == row["url"],
        )
        asked_by = await institutions_of({message["request"] for message in queued})
        stopped = [m["id"] for m in queued if asked_by.get(m["request"]) == institution_id]
        if stopped:
            await OutboxMessage.update(
                status=outbox.FAILED, last_error="webhook deactivated"
            ).where(OutboxMessage.id.is_in(stopped))
        await audit.record(actor, "deactivate", "webhook", webhook_id, ["active"])


def signature(secret: str, timestamp: str, body: str) -> str:
    """What a receiver recomputes to know the delivery came from us, unchanged; the
    timestamp is signed too, so an old delivery replayed later can be refused."""
    message = f"{timestamp}.{body}".encode()
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _session(request: RequestRecord, bookings: Sequence[BookingRecord]) -> dict[str, object]:
    """The request as a receiver may know it: what, when and who interprets."""
    # A booking replaced by a coordinator's reassignment: that interpreter left the session.
    booked = [booking for booking in bookings if booking.status not in REPLACED]
    # Unbooked (a request cancelled before it was filled): its first acceptable start.
    starts = min((b.starts_at for b in booked), default=request.earliest_start)
    ends = max(
        (b.ends_at for b in booked),
        default=starts + timedelta(minutes=request.duration_minutes),
    )
    return {
        "id": request.id,
        "status": request.status,
        "session_kind": request.session_kind,
        "language": request.language,
        "working_language": request.working_language,
        "modality": request.modality,
        "country": request.country,
        "timezone": request.timezone,
        "starts_at": _utc(starts),
        "ends_at": _utc(ends),
        "calendar_sequence": request.calendar_sequence,
        "interpreters": [{"id": b.interpreter, "role": b.role} for b in booked],
    }


async def enqueue_booking_event(
    request: RequestRecord, event: BookingEvent, bookings: Sequence[BookingRecord]
) -> None:
    """One signed delivery for each active webhook of the request's institution; call inside
    the transaction of the change, with the request and its bookings as they are after it."""
    hooks = (
        await Webhook.select(Webhook.url, Webhook.secret)
        .where(Webhook.institution == request.institution, Webhook.active.eq(True))
        .order_by(Webhook.id)
    )
    if not hooks:
        return
    now = datetime.now(UTC)
    timestamp = str(int(now.timestamp()))
    session = _session(request, bookings)
    for hook in hooks:
        # The delivery's id, in the body and a header, stays the same on every retry.
        delivery = str(uuid.uuid4())
        body = json.dumps(
            {"id": delivery, "event": event, "created_at": _utc(now), "request": session}
        )
        headers = {
            "Content-Type": "application/json",
            "X-Interpreters-Event": event,
            "X-Interpreters-Delivery": delivery,
            "X-Interpreters-Timestamp": timestamp,
            "X-Interpreters-Signature": signature(hook["secret"], timestamp, body),
        }
        await outbox.enqueue(
            outbox.WEBHOOK, event, hook["url"], body, delivery, request.id, headers
        )
