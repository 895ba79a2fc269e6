// audit.html (coordinators): the audit log, newest first, narrowed by action, person,
// record and days of the person's own time zone.

import { api, query } from "./api.js";
import { boot } from "./app.js";
import { countryName, label, onLangChange, t } from "./i18n.js";
import { browserZone } from "./freetime.js";
import {
  clear,
  dateTime,
  drawPaging,
  h,
  hideMessage,
  resetInvalid,
  showFormProblem,
  table,
} from "./ui.js";

const PAGE_SIZE = 50;
const FILTERS = ["action", "actor_id", "record_type", "record_id", "since", "before"];

// Every action the server writes, by area (tests/test_ui_strings.py checks the list).
const ACTIONS = {
  general: ["create", "update", "deactivate", "reactivate", "import", "export"],
  access: [
    "login",
    "login_passkey",
    "login_failed",
    "sign_in_limited",
    "deactivated_session_refused",
    "second_factor_skipped",
    "logout",
    "end_session",
    "second_factor_enrolled",
    "second_factor_given",
    "second_factor_failed",
    "second_factor_reset",
    "recovery_code_used",
    "recovery_codes_renewed",
    "passkey_added",
    "passkey_removed",
    "passkey_failed",
    "invite",
    "renew_invitation",
    "password_set",
    "password_reset_requested",
    "password_reset",
    "password_link_refused",
    "password_changed",
    "password_change_refused",
  ],
  registry: [
    "read_restricted",
    "replace_skills",
    "add_credential",
    "update_credential",
    "delete_credential",
    "verify_credential",
    "vetting_applicant",
    "vetting_vetted",
    "vetting_suspended",
    "vetting_revoked",
    "declare_conflict",
    "read_case_blocks",
    "block_for_case",
    "unblock_for_case",
    "read_availability",
    "update_availability",
    "import_availability",
  ],
  requests: [
    "create_request",
    "set_credential_rule",
    "send_offers",
    "send_wave",
    "offers_exhausted",
    "read_offers",
    "accept_offer",
    "decline_offer",
    "book",
    "assign",
    "restaff",
    "reschedule",
    "flag_unvetted",
    "completed",
    "cancelled",
    "no_show",
    "answer_session",
    "create_calendar_feed",
    "revoke_calendar_feed",
  ],
  video: [
    "read_room_links",
    "add_room_participant",
    "renew_room_link",
    "revoke_room_link",
    "video.admit",
    "video.refuse",
    "video.mute",
    "video.unmute",
    "video.remove",
    "video.expelled",
    "video.end",
    "video.consent",
    "video.refuse_consent",
    "video.record_start",
    "video.record_stop",
    "download_recording",
  ],
  mail: ["list_outbox", "read_outbox_message", "read_notice"],
};
const RECORD_TYPES = [
  "interpreter",
  "interpretation_request",
  "request",
  "offer",
  "user",
  "auth_session",
  "passkey",
  "address",
  "account",
  "institution",
  "facility",
  "credential_rule",
  "room_participant",
  "recording",
  "calendar_feed",
  "notice",
  "outbox_message",
  "webhook",
];
// Records that have a page of their own.
const PAGES = {
  interpreter: "profile.html",
  interpretation_request: "request.html",
  request: "request.html",
};

const form = document.getElementById("filter-form");
const problem = document.getElementById("filter-problem");
const section = document.getElementById("list-section");
let people = [];
let offset = 0;
let page = null;

/** A code's words, or the code itself for one this page does not know yet. */
function named(kind, value) {
  const words = label(kind, value);
  return words === `${kind}.${value}` ? value : words;
}

function byWords(kind, values) {
  return [...values].sort((a, b) => named(kind, a).localeCompare(named(kind, b)));
}

function options(kind, values) {
  return byWords(kind, values).map((value) => h("option", { value }, named(kind, value)));
}

function drawChoices() {
  const keep = chosen();
  const any = () => h("option", { value: "" }, t("common.any"));
  clear(
    form.elements.action,
    any(),
    Object.entries(ACTIONS).map(([area, actions]) =>
      h("optgroup", { label: t(`audit.area.${area}`) }, options("auditAction", actions)),
    ),
  );
  clear(
    form.elements.actor_id,
    any(),
    people.map((p) => h("option", { value: String(p.id) }, `${p.display_name} (${p.email})`)),
  );
  clear(form.elements.record_type, any(), options("recordType", RECORD_TYPES));
  for (const [name, value] of Object.entries(keep)) form.elements[name].value = value;
}

/** Local midnight of a YYYY-MM-DD day, `days` later, as an instant. */
function midnight(day, days = 0) {
  if (!day) return "";
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year, month - 1, date + days).toISOString();
}

function who(entry) {
  const participant = /^room participant (\d+) \((\w+)\)$/.exec(entry.actor_email);
  if (participant) {
    return t("audit.roomParticipant", { n: participant[1], role: label("roomRole", participant[2]) });
  }
  if (entry.actor_email === "offer-waves") return t("audit.offerWaves");
  return entry.actor_email || t("audit.noAccount");
}

function record(entry) {
  const kind = named("recordType", entry.record_type);
  if (entry.record_type === "credential_rule" && entry.fields.length) {
    const [country, session] = entry.fields[0].split(".");
    return `${kind}: ${countryName(country)} · ${label("sessionKind", session)}`;
  }
  if (entry.record_id === null) return kind;
  const text = t("audit.recordNumber", { kind, id: entry.record_id });
  const target = PAGES[entry.record_type];
  return target ? h("a", { href: `${target}?id=${entry.record_id}` }, text) : text;
}

function drawList() {
  if (!page) return;
  section.hidden = false;
  document.getElementById("zone-note").textContent = t("audit.zone", { zone: browserZone() });
  const list = document.getElementById("list");
  const paging = { one: "audit.summaryOne", many: "audit.summary", empty: "audit.empty" };
  // The log's pages do not repeat their limit and offset: they are the ones asked for.
  const paged = { ...page, limit: PAGE_SIZE, offset };
  if (!drawPaging(paged, document.getElementById("list-summary"), paging)) {
    clear(list);
    return;
  }
  clear(
    list,
    table(
      [t("audit.when"), t("audit.who"), t("audit.action"), t("audit.record"), t("audit.address")],
      page.items.map((entry) => [
        dateTime(entry.at),
        who(entry),
        named("auditAction", entry.action),
        record(entry),
        entry.client_address || t("common.none"),
      ]),
      { caption: h("span", { class: "sr-only" }, t("audit.entries")) },
    ),
  );
}

function chosen() {
  return Object.fromEntries(FILTERS.map((name) => [name, form.elements[name].value.trim()]));
}

async function load() {
  hideMessage(problem);
  resetInvalid(form);
  const filters = chosen();
  history.replaceState(null, "", `audit.html${query({ ...filters, offset: offset || "" })}`);
  try {
    page = await api(
      `/api/v1/audit${query({
        ...filters,
        since: midnight(filters.since),
        before: midnight(filters.before, 1),
        limit: PAGE_SIZE,
        offset,
      })}`,
    );
    drawList();
  } catch (error) {
    page = null;
    section.hidden = true;
    showFormProblem(problem, error, form);
  }
}

async function main() {
  const me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  const scoped = me.user.countries.length > 0;
  // A coordinator of some countries reads their own actions or one interpreter's history.
  if (!scoped) {
    try {
      people = await api("/api/v1/users");
    } catch {
      // Without the accounts the person filter offers oneself only; the log still reads.
    }
  }
  const { user_id: id, display_name, email } = me.user;
  if (!people.some((person) => person.id === id)) people.unshift({ id, display_name, email });
  const scopeNote = document.getElementById("scope-note");
  const drawScope = () => {
    const countries = me.user.countries.map(countryName).join(", ");
    scopeNote.textContent = t("audit.scopeNote", { countries });
  };
  scopeNote.hidden = !scoped;
  drawScope();
  drawChoices();
  const asked = new URLSearchParams(location.search);
  for (const name of FILTERS) form.elements[name].value = asked.get(name) || "";
  offset = Number.parseInt(asked.get("offset") || "0", 10) || 0;
  const mine = () => {
    if (scoped) form.elements.actor_id.value = String(id);
  };
  if (!asked.get("record_id") && !asked.get("actor_id")) mine();
  document.getElementById("content").hidden = false;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    offset = 0;
    load();
  });
  document.getElementById("clear-filters").addEventListener("click", () => {
    form.reset();
    mine();
    offset = 0;
    load();
  });
  document.getElementById("previous").addEventListener("click", () => {
    offset = Math.max(0, offset - PAGE_SIZE);
    load();
  });
  document.getElementById("next").addEventListener("click", () => {
    offset += PAGE_SIZE;
    load();
  });
  await load();
  onLangChange(() => {
    drawChoices();
    drawScope();
    drawList();
  });
}

main();
