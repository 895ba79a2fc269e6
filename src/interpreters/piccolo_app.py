"""The single Piccolo app: every table, migrations in the top-level `migrations/` folder."""

from piccolo.conf.apps import AppConfig

from interpreters.audit.tables import AuditEntry
from interpreters.auth.tables import (
    AccountLink,
    AttemptCounter,
    AuthSession,
    Institution,
    Passkey,
    PasskeyChallenge,
    RecoveryCode,
    TotpFactor,
    User,
)
from interpreters.availability.tables import AvailabilityProfile, DateOverride, TimeOff
from interpreters.bookings.tables import CredentialRule, FacilityBooking, Offer, RequestEvent
from interpreters.calendar.tables import CalendarFeed, SessionAnswer
from interpreters.notifications.tables import (
    BackgroundCheckAlert,
    CredentialAlert,
    Notice,
    OutboxMessage,
    Reminder,
    Webhook,
)
from interpreters.registry.tables import (
    CaseBlock,
    ConflictOfInterest,
    Credential,
    Interpreter,
    InterpreterTag,
    LanguageSkill,
    VettingEvent,
)
from interpreters.sessions.tables import Booking, Facility, InterpretationRequest
from interpreters.settings import get_settings
from interpreters.video.tables import CustodyEvent, Recording, RoomClosure, RoomParticipant

APP_CONFIG = AppConfig(
    app_name="interpreters",
    migrations_folder_path=get_settings().migrations_dir,
    table_classes=[
        Institution,
        User,
        AuthSession,
        AttemptCounter,
        AccountLink,
        TotpFactor,
        RecoveryCode,
        Passkey,
        PasskeyChallenge,
        AuditEntry,
        Interpreter,
        InterpreterTag,
        LanguageSkill,
        Credential,
        VettingEvent,
        ConflictOfInterest,
        CaseBlock,
        AvailabilityProfile,
        DateOverride,
        TimeOff,
        Facility,
        InterpretationRequest,
        CredentialRule,
        Booking,
        RequestEvent,
        FacilityBooking,
        Offer,
        Notice,
        OutboxMessage,
        Webhook,
        Reminder,
        CredentialAlert,
        BackgroundCheckAlert,
        CalendarFeed,
        SessionAnswer,
        RoomParticipant,
        RoomClosure,
        Recording,
        CustodyEvent,
    ],
)
