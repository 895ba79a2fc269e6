// Drawing interpretation requests, their bookings and history: shared by the requests list,
// the status page and the interpreter's offers. Every time is shown in a named zone (the
// requester's, or the interpreter's), never in the browser's own.

import { label, lang, t } from "./i18n.js";
import { dateTime, definitions, h, languageName, table, yesNo } from "./ui.js";

// Requests that can still be booked or offered.
export const OPEN_STATUSES = ["requested", "offered"];
// Requests that can still be cancelled.
export const LIVE_STATUSES = ["requested", "offered", "confirmed"];

const BADGE_KIND = {
  requested: "warn",
  offered: "warn",
  open: "warn",
  confirmed: "ok",
  accepted: "ok",
  completed: "ok",
  cancelled: "bad",
  no_show: "bad",
  declined: "bad",
  withdrawn: "",
  expired: "",
  reassigned: "",
};

/** A status as a badge: `kind` is the enumeration ("requestStatus", "offerStatus", …). */
export function statusBadge(kind, status) {
  return h("span", { class: `badge ${BADGE_KIND[status] ?? ""}` }, label(kind, status));
}

function locale() {
  return lang() === "en" ? "en-GB" : "es";
}

/** "mié, 14 may 2026" in `zone`. */
export function dayIn(value, zone) {
  return new Date(value).toLocaleDateString(locale(), {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: zone,
  });
}

/** "09:00" in `zone`, on a 24-hour clock. */
export function clockIn(value, zone) {
  return new Date(value).toLocaleTimeString(locale(), {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: zone,
  });
}

/** "mié, 14 may 2026 · 09:00" in `zone`. */
export function momentIn(value, zone) {
  return `${dayIn(value, zone)} · ${clockIn(value, zone)}`;
}

/** "mié, 14 may 2026 · 09:00–09:45" (the end's date named when it is another day). */
export function sessionIn(start, end, zone) {
  const endDay = dayIn(end, zone);
  const sameDay = endDay === dayIn(start, zone);
  const until = sameDay ? clockIn(end, zone) : `${endDay} · ${clockIn(end, zone)}`;
  return `${momentIn(start, zone)}–${until}`;
}

/** The request's start, or its window of acceptable starts, in the requester's zone. */
export function startText(request) {
  const zone = request.timezone;
  if (request.earliest_start === request.latest_start) {
    return momentIn(request.earliest_start, zone);
  }
  const day = dayIn(request.earliest_start, zone);
  if (day === dayIn(request.latest_start, zone)) {
    return t("request.windowOneDay", {
      day,
      from: clockIn(request.earliest_start, zone),
      to: clockIn(request.latest_start, zone),
    });
  }
  return t("request.window", {
    from: momentIn(request.earliest_start, zone),
    to: momentIn(request.latest_start, zone),
  });
}

export function pairText(language, working) {
  return `${languageName(language)} ↔ ${languageName(working)}`;
}

/** "Cámara Gesell 1 (Cámara Gesell, Tegucigalpa)". */
export function roomName(room) {
  const kind = label("facilityKind", room.kind);
  return `${room.name} (${room.city ? `${kind}, ${room.city}` : kind})`;
}

/** Groups of alternatives: "Certificación judicial o Perito juramentado; Formación …". */
export function credentialNeeds(groups) {
  if (!groups || !groups.length) return t("common.none");
  return groups
    .map((group) => group.map((kind) => label("credential", kind)).join(t("request.or")))
    .join("; ");
}

/** Every language code a request and its bookings mention. */
export function requestCodes(request) {
  return [
    request.language,
    request.working_language,
    ...request.bookings.flatMap((b) => [b.language, b.working_language]),
  ];
}

/** The request's facts as the requester and coordinators see them; unset options left out. */
export function requestFacts(request, { facilityName = null } = {}) {
  const facts = [
    [t("request.caseReference"), request.case_reference],
    [t("request.victimPseudonym"), request.victim_pseudonym],
    [t("request.sessionKind"), label("sessionKind", request.session_kind)],
    [t("request.languages"), pairText(request.language, request.working_language)],
    [t("request.variety"), request.variety || null],
    [t("request.mode"), label("mode", request.mode)],
    [t("request.modality"), label("modality", request.modality)],
    [t("request.place"), request.place || null],
    [t("request.facility"), request.facility ? facilityName || `#${request.facility}` : null],
    [t("request.community"), request.community || null],
    [t("request.start"), startText(request)],
    [t("request.zone"), request.timezone],
    [t("request.duration"), t("request.minutes", { n: request.duration_minutes })],
    [t("request.minProficiency"), `${request.min_proficiency} / 5`],
    [t("request.credentials"), credentialNeeds(request.required_credentials)],
    [
      t("request.preferredGender"),
      request.preferred_gender ? label("gender", request.preferred_gender) : null,
    ],
    [t("request.sameInterpreter"), yesNo(request.same_interpreter)],
    [t("request.urgency"), label("urgency", request.urgency)],
    [t("request.interpretersNeeded"), String(request.interpreters_needed)],
  ];
  return definitions(facts.filter(([, value]) => value !== null));
}

/** A row's heading cell: the interpreter's name, linked to their profile. */
export function personCell(interpreterId, name) {
  return h("th", { scope: "row" }, h("a", { href: `profile.html?id=${interpreterId}` }, name));
}

/** The interpreters booked, with their part and session times in the requester's zone. */
/** A booking still standing whose interpreter is no longer vetted for its day. */
export function needsReplacing(booking) {
  return !booking.fit && booking.status === "confirmed";
}

export function bookingsTable(bookings, zone) {
  if (!bookings.length) return h("p", { class: "note" }, t("request.noBookings"));
  return table(
    [t("col.interpreter"), t("col.role"), t("col.languages"), t("col.session"), t("col.status")],
    bookings.map((b) => [
      personCell(b.interpreter, b.display_name),
      label("bookingRole", b.role),
      pairText(b.language, b.working_language),
      sessionIn(b.starts_at, b.ends_at, zone),
      [
        statusBadge("bookingStatus", b.status),
        needsReplacing(b) ? [" ", h("span", { class: "badge bad" }, t("restaff.unfit"))] : null,
      ],
    ]),
    { caption: h("span", { class: "sr-only" }, t("request.bookings")) },
  );
}

/** Every change of the request's status, oldest first, in the requester's zone. */
export function eventsTable(events, zone) {
  if (!events.length) return h("p", { class: "note" }, t("common.none"));
  return table(
    [t("col.at"), t("col.change"), t("col.note")],
    events.map((e) => [
      dateTime(e.at, zone),
      [
        label("event", e.status),
        e.late ? [" ", h("span", { class: "badge bad" }, t("request.late"))] : null,
      ],
      e.note || t("common.none"),
    ]),
    { caption: h("span", { class: "sr-only" }, t("request.history")) },
  );
}
