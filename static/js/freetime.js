// Free windows from /api/v1/freebusy, shown in the zone they were asked for (?tz=). The API
// writes every instant with that zone's offset, so dates and times are read straight from the
// ISO strings: going through Date would move them into the browser's own zone.

import { api, query } from "./api.js";
import { lang } from "./i18n.js";

/** The browser's own IANA zone, or UTC when it cannot tell. */
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Today's date in `zone` as YYYY-MM-DD. */
export function todayIn(zone) {
  const parts = new Intl.DateTimeFormat("en", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * Free windows from now until the local midnight that ends the `days`-th day (today is the
 * first) in `tz`: with ?days= the range would end at this time of day, and the last date
 * would look free-less in its evening.
 */
export function freeBusy(interpreterId, { days, tz }) {
  const end = `${addDays(todayIn(tz), days)}T00:00`; // no offset: read in tz by the server
  return api(`/api/v1/freebusy${query({ interpreter: interpreterId, end, tz })}`);
}

/** {date: "YYYY-MM-DD", time: "HH:MM"} as written in an ISO datetime. */
export function localPart(iso) {
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

// Calendar-date arithmetic done in UTC, where every day has 24 hours.
function calendarDate(day) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date));
}

export function addDays(day, n) {
  const moved = calendarDate(day);
  moved.setUTCDate(moved.getUTCDate() + n);
  return moved.toISOString().slice(0, 10);
}

/** "miércoles, 25 nov" / "Wednesday 25 Nov" for a calendar date. */
export function dayLabel(day) {
  return new Intl.DateTimeFormat(lang() === "en" ? "en-GB" : "es", {
    weekday: "long",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(calendarDate(day));
}

export function span(from, to) {
  return `${from}–${to}`;
}

/** The free intervals cut at local midnights: Map date → [{from, to}], "24:00" ending a day. */
export function piecesByDate(free) {
  const byDate = new Map();
  for (const interval of free) {
    const start = localPart(interval.start);
    const end = localPart(interval.end);
    for (let day = start.date; day <= end.date; day = addDays(day, 1)) {
      const from = day === start.date ? start.time : "00:00";
      const to = day === end.date ? end.time : "24:00";
      if (from === to) continue; // an interval ending at midnight leaves nothing on the next day
      if (!byDate.has(day)) byDate.set(day, []);
      byDate.get(day).push({ from, to });
    }
  }
  return byDate;
}

/** Every local date the answer's range touches, first to last. */
export function datesOf(result) {
  const first = localPart(result.start).date;
  const end = localPart(result.end);
  const last = end.time === "00:00" ? addDays(end.date, -1) : end.date;
  const dates = [];
  for (let day = first; day <= last; day = addDays(day, 1)) dates.push(day);
  return dates;
}

/** One free interval as a line: "miércoles, 25 nov · 02:00–06:00" (dates named when it spans). */
export function intervalText(interval) {
  const start = localPart(interval.start);
  const end = localPart(interval.end);
  if (end.date === start.date) return `${dayLabel(start.date)} · ${span(start.time, end.time)}`;
  if (end.date === addDays(start.date, 1) && end.time === "00:00") {
    return `${dayLabel(start.date)} · ${span(start.time, "24:00")}`;
  }
  return `${dayLabel(start.date)} ${start.time} – ${dayLabel(end.date)} ${end.time}`;
}
