// Reads the iCalendar files named on the command line with ical.js, an independent parser,
// and prints what the tests compare, as JSON. Times are resolved through the VTIMEZONE in
// each file (ical.js knows no zone rules of its own), so they check the file's zone rules.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function describe(path) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  const zones = calendar.getAllSubcomponents("vtimezone");
  for (const zone of zones) {
    ICAL.TimezoneService.register(zone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status"),
      summary: event.summary,
      description: event.description,
      tzid: event.startDate.zone.tzid,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      local_start: event.startDate.toString(),
      attendees: event.attendees.map((attendee) => ({
        address: attendee.getFirstValue(),
        cn: attendee.getParameter("cn"),
        role: attendee.getParameter("role"),
        partstat: attendee.getParameter("partstat"),
        rsvp: attendee.getParameter("rsvp"),
      })),
      alarms: vevent.getAllSubcomponents("valarm").map((alarm) => ({
        action: alarm.getFirstPropertyValue("action"),
        trigger: alarm.getFirstPropertyValue("trigger").toString(),
      })),
    };
  });
  return {
    method: calendar.getFirstPropertyValue("method"),
    timezones: zones.map((zone) => zone.getFirstPropertyValue("tzid")),
    events,
  };
}

console.log(JSON.stringify(process.argv.slice(2).map(describe)));
