"""Typed settings, read once from the environment."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class SettingsError(ValueError):
    """A setting in the environment has a value the service cannot use."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from error


def _positive_int(name: str, default: int) -> int:
    value = _int(name, default)
    if value <= 0:
        raise SettingsError(f"{name} must be a positive integer, got {value}")
    return value


def _positive_ints(name: str, default: str) -> tuple[int, ...]:
    """A comma-separated list of distinct positive integers, largest first."""
    raw = os.environ.get(name, "").strip() or default
    try:
        values = [int(part) for part in raw.split(",")]
    except ValueError as error:
        raise SettingsError(
            f"{name} must be positive integers separated by commas, got {raw!r}"
        ) from error
    if any(value <= 0 for value in values) or len(set(values)) != len(values):
        raise SettingsError(f"{name} must be distinct positive integers, got {raw!r}")
    return tuple(sorted(values, reverse=True))


def _optional_int(name: str) -> int | None:
    return _int(name, 0) if os.environ.get(name) else None


def _mailbox(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip() or default
    local, at, domain = raw.rpartition("@")
    if not at or not local or not _is_domain(domain) or any(c.isspace() for c in raw):
        raise SettingsError(f"{name} must be an email address, got {raw!r}")
    return raw


def _is_domain(value: str) -> bool:
    labels = value.split(".")
    return all(label and all(c.isalnum() or c == "-" for c in label) for label in labels)


def _domain(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip().lower() or default
    if not _is_domain(raw):
        raise SettingsError(f"{name} must be a domain name, got {raw!r}")
    return raw


def _public_url(host: str, port: int) -> str:
    # An IPv6 address needs brackets in a URL.
    default = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    raw = os.environ.get("PUBLIC_URL", "").strip() or default
    url = raw.rstrip("/")
    parts = urlsplit(url)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in url)
    ):
        raise SettingsError(f"PUBLIC_URL must be an http(s) URL, got {raw!r}")
    return url


SECRET_KEY_BYTES = 32


def _secret_key(data_dir: Path) -> bytes:
    """SECRET_KEY, or the key generated once into DATA_DIR/secret_key.

    The new key is written whole to a file of its own and then linked into place, which
    fails if the name exists (like O_EXCL): of two processes starting at once, one key wins
    and both read it, never a half-written file.
    """
    given = os.environ.get("SECRET_KEY", "")
    if given:
        if len(given) < SECRET_KEY_BYTES:
            raise SettingsError(f"SECRET_KEY must have at least {SECRET_KEY_BYTES} characters")
        return given.encode()
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        scratch = data_dir / f".secret_key.{secrets.token_hex(8)}"
        descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(SECRET_KEY_BYTES))
                file.flush()
                os.fsync(file.fileno())
            os.link(scratch, path)
        except FileExistsError:
            pass
        finally:
            scratch.unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) != SECRET_KEY_BYTES:
        raise SettingsError(f"{path} must hold {SECRET_KEY_BYTES} bytes; delete it to make anew")
    return key


def _list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())


ROLES = ("coordinator", "prosecutor", "court", "interpreter")


def _second_factor_roles() -> frozenset[str]:
    if "SECOND_FACTOR_ROLES" not in os.environ:
        return frozenset({"coordinator", "prosecutor", "court"})
    roles = frozenset(_list("SECOND_FACTOR_ROLES"))
    if not roles <= set(ROLES):
        raise SettingsError(f"SECOND_FACTOR_ROLES names roles among {', '.join(ROLES)}")
    return roles


def _trusted_proxies() -> tuple[str, ...]:
    """Uvicorn's own default when unset: a proxy on this machine."""
    if "TRUSTED_PROXIES" not in os.environ:
        return ("127.0.0.1",)
    proxies = _list("TRUSTED_PROXIES")
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy)
        except ValueError as error:
            raise SettingsError(
                f"TRUSTED_PROXIES holds IP addresses or networks, got {proxy!r}"
            ) from error
    return proxies


def _ice_servers() -> tuple[str, ...]:
    urls = _list("ICE_SERVERS")
    for url in urls:
        if not url.startswith(("stun:", "turn:", "turns:")):
            raise SettingsError(f"ICE_SERVERS holds stun:, turn: or turns: URLs, got {url!r}")
    return urls


def _addresses(name: str) -> tuple[str, ...]:
    found = _list(name)
    for address in found:
        try:
            ipaddress.ip_address(address)
        except ValueError as error:
            raise SettingsError(f"{name} holds IP addresses, got {address!r}") from error
    return found


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    # plain, starttls (upgrade on the submission port) or tls (implicit, port 465)
    security: str
    username: str
    password: str
    timeout_seconds: int


SMTP_SECURITY = ("plain", "starttls", "tls")


def _smtp() -> SmtpSettings | None:
    host = os.environ.get("SMTP_HOST", "").strip()
    if not host:
        return None
    security = os.environ.get("SMTP_SECURITY", "").strip().lower() or "starttls"
    if security not in SMTP_SECURITY:
        raise SettingsError(f"SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}")
    default_port = {"plain": 25, "starttls": 587, "tls": 465}[security]
    return SmtpSettings(
        host=host,
        port=_int("SMTP_PORT", default_port),
        security=security,
        username=os.environ.get("SMTP_USERNAME", ""),
        password=os.environ.get("SMTP_PASSWORD", ""),
        timeout_seconds=_int("SMTP_TIMEOUT_SECONDS", 30),
    )


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    migrations_dir: Path
    static_dir: Path
    host: str
    port: int
    session_hours: int
    # Sign-in attempts: per client address each minute, and per account in a window (a
    # success clears the account's count).
    login_attempts_per_minute: int
    login_attempts_per_account: int
    login_account_window_minutes: int
    # How long an invitation's link and a password reset's link stay valid.
    invitation_hours: int
    password_reset_minutes: int
    # The roles that must set up a second factor before anything else at first sign-in.
    second_factor_roles: frozenset[str]
    # The proxies whose X-Forwarded-For gives the client's address (sign-in limits, audit).
    trusted_proxies: tuple[str, ...]
    max_upload_bytes: int
    migrate_on_start: bool
    late_cancellation_hours: int
    # Sessions this long or longer need a team of two interpreters, by mode.
    team_consecutive_minutes: int
    team_simultaneous_minutes: int
    # Offers: how many interpreters a wave reaches, and how long it waits for an answer.
    offer_wave_size: int
    offer_wave_minutes: int
    urgent_offer_wave_minutes: int
    # OFFER_WAVE_SECONDS / URGENT_OFFER_WAVE_SECONDS, when set, replace the minutes: drills
    # and tests need waves seconds apart.
    offer_wave_seconds: int | None
    urgent_offer_wave_seconds: int | None
    # How often each process looks for overdue waves, besides the job set for each wave.
    offer_sweep_seconds: int
    # The sender of every email and the ORGANIZER of every invitation, with its display name.
    mail_from: str
    mail_from_name: str
    # The right-hand side of invitation UIDs: it must stay the same for the life of every
    # session, or calendars would take an update for a new event.
    calendar_domain: str
    # Where email goes: an SMTP server, or with no SMTP_HOST the files of `mail_dir`.
    smtp: SmtpSettings | None
    # The dispatcher: how often it looks for due messages, the first wait after a failed
    # attempt (doubled after each further failure, up to the longest), and how long a
    # dispatcher holds a message it is sending before another may take it.
    outbox_sweep_seconds: int
    outbox_retry_seconds: int
    outbox_retry_max_seconds: int
    outbox_claim_seconds: int
    # How long a webhook's receiver has to answer before the call counts as failed (retried).
    webhook_timeout_seconds: int
    # Reminders of a session, in minutes before its start, and how often each process also
    # looks for reminders due; credential-expiry alerts, in days before the expiry.
    reminder_minutes: tuple[int, ...]
    reminder_sweep_seconds: int
    credential_alert_days: tuple[int, ...]
    # Alerts that a booked interpreter's background check expires before the session, in
    # days before the expiry.
    background_check_alert_days: tuple[int, ...]
    # Where people reach the service: the start of every absolute link in emails and feeds.
    public_url: str
    # Video rooms: how long after its end a session's links still open its room, how many
    # people one room holds, and what the browsers and the media hub use to reach each other.
    video_grace_minutes: int
    video_room_size: int
    # STUN/TURN URLs given to browsers and to the hub; none at all unless configured.
    ice_servers: tuple[str, ...]
    turn_username: str
    turn_password: str = field(repr=False)
    # The addresses the hub offers participants; empty means every address of the machine
    # but loopback (aioice's own choice).
    video_host_addresses: tuple[str, ...]
    # How long a request to record waits for everyone's consent.
    consent_seconds: int
    # Signs links (answers to invitations, join tokens); changing it breaks those sent.
    secret_key: bytes = field(repr=False)

    @property
    def mail_dir(self) -> Path:
        """Where emails are written as .eml files when no SMTP server is configured."""
        return self.data_dir / "mail"

    def offer_wave_delay(self, urgent: bool) -> timedelta:
        """How long a wave of offers waits for an answer before the next one is sent."""
        seconds = self.urgent_offer_wave_seconds if urgent else self.offer_wave_seconds
        if seconds is not None:
            return timedelta(seconds=seconds)
        minutes = self.urgent_offer_wave_minutes if urgent else self.offer_wave_minutes
        return timedelta(minutes=minutes)

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        if not self.database_url.startswith("sqlite:///"):
            raise SettingsError("DATABASE_URL is not a sqlite:/// URL")
        return Path(self.database_url.removeprefix("sqlite:///"))


@cache
def get_settings() -> Settings:
    data_dir = Path(os.environ.get("DATA_DIR") or PROJECT_ROOT / "data").resolve()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'interpreters.sqlite'}"
    if not database_url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise SettingsError(
            "DATABASE_URL must start with sqlite:/// or postgresql://, got "
            f"{database_url.split(':', 1)[0]}:…"
        )
    mail_from = _mailbox("MAIL_FROM", "interpretes@localhost")
    host = os.environ.get("HOST", "127.0.0.1")
    port = _int("PORT", 8000)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        migrations_dir=PROJECT_ROOT / "migrations",
        static_dir=PROJECT_ROOT / "static",
        host=host,
        port=port,
        session_hours=_int("SESSION_HOURS", 12),
        login_attempts_per_minute=_int("LOGIN_ATTEMPTS_PER_MINUTE", 10),
        login_attempts_per_account=_int("LOGIN_ATTEMPTS_PER_ACCOUNT", 10),
        login_account_window_minutes=_int("LOGIN_ACCOUNT_WINDOW_MINUTES", 15),
        invitation_hours=_int("INVITATION_HOURS", 72),
        password_reset_minutes=_int("PASSWORD_RESET_MINUTES", 60),
        second_factor_roles=_second_factor_roles(),
        trusted_proxies=_trusted_proxies(),
        max_upload_bytes=_int("MAX_UPLOAD_BYTES", 5 * 1024 * 1024),
        migrate_on_start=_bool("MIGRATE_ON_START", False),
        late_cancellation_hours=_int("LATE_CANCELLATION_HOURS", 24),
        team_consecutive_minutes=_int("TEAM_CONSECUTIVE_MINUTES", 60),
        team_simultaneous_minutes=_int("TEAM_SIMULTANEOUS_MINUTES", 30),
        offer_wave_size=_int("OFFER_WAVE_SIZE", 3),
        offer_wave_minutes=_int("OFFER_WAVE_MINUTES", 120),
        urgent_offer_wave_minutes=_int("URGENT_OFFER_WAVE_MINUTES", 15),
        offer_wave_seconds=_optional_int("OFFER_WAVE_SECONDS"),
        urgent_offer_wave_seconds=_optional_int("URGENT_OFFER_WAVE_SECONDS"),
        offer_sweep_seconds=_int("OFFER_SWEEP_SECONDS", 60),
        mail_from=mail_from,
        mail_from_name=os.environ.get("MAIL_FROM_NAME", "").strip()
        or "Banco regional de intérpretes",
        # By default the sender's domain: UIDs then name the service that sent them.
        calendar_domain=_domain("CALENDAR_DOMAIN", mail_from.rpartition("@")[2].lower()),
        smtp=_smtp(),
        outbox_sweep_seconds=_int("OUTBOX_SWEEP_SECONDS", 15),
        outbox_retry_seconds=_int("OUTBOX_RETRY_SECONDS", 30),
        outbox_retry_max_seconds=_int("OUTBOX_RETRY_MAX_SECONDS", 3600),
        outbox_claim_seconds=_int("OUTBOX_CLAIM_SECONDS", 120),
        webhook_timeout_seconds=_int("WEBHOOK_TIMEOUT_SECONDS", 10),
        reminder_minutes=_positive_ints("REMINDER_MINUTES", "1440,15"),
        reminder_sweep_seconds=_positive_int("REMINDER_SWEEP_SECONDS", 60),
        credential_alert_days=_positive_ints("CREDENTIAL_ALERT_DAYS", "60,30,7"),
        background_check_alert_days=_positive_ints("BACKGROUND_CHECK_ALERT_DAYS", "30,7"),
        public_url=_public_url(host, port),
        video_grace_minutes=_positive_int("VIDEO_GRACE_MINUTES", 30),
        video_room_size=_positive_int("VIDEO_ROOM_SIZE", 8),
        ice_servers=_ice_servers(),
        turn_username=os.environ.get("TURN_USERNAME", ""),
        turn_password=os.environ.get("TURN_PASSWORD", ""),
        video_host_addresses=_addresses("VIDEO_HOST_ADDRESSES"),
        consent_seconds=_positive_int("CONSENT_SECONDS", 60),
        secret_key=_secret_key(data_dir),
    )
