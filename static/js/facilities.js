// facilities.html (coordinators): the rooms of their countries (Cámaras Gesell, hearing
// rooms…) that requests book: add, change, retire and use again, and the sessions holding one.

import { api, query } from "./api.js";
import { boot } from "./app.js";
import { browserZone } from "./freetime.js";
import { countryName, label, onLangChange, t } from "./i18n.js";
import { countryOptions, zoneOptions } from "./places.js";
import {
  clear,
  dateTime,
  enumOptions,
  h,
  hideMessage,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
  table,
  today,
} from "./ui.js";

const $ = (id) => document.getElementById(id);
const form = $("facility-form");
const fields = form.elements;
const holdsForm = $("holds-form");
let me = null;
let rooms = [];
// The room being changed, or null while the form adds one.
let editing = null;
// The room whose holds are shown (its id: a change of the room redraws it), and its holds
// once they are in.
let shownId = null;
let holds = null;

function drawChoices() {
  enumOptions(fields.kind, "facilityKind");
  countryOptions(fields.country, me.user);
  zoneOptions(fields.timezone, fields.country.value);
}

function drawFormMode() {
  $("form-heading").textContent = editing
    ? t("facilities.editHeading", { name: editing.name })
    : t("facilities.formHeading");
  $("form-intro").hidden = Boolean(editing);
  $("form-submit").textContent = t(editing ? "facilities.save" : "facilities.create");
  $("form-cancel").hidden = !editing;
  // A room stays in its country: its holds and requests belong there.
  fields.country.disabled = Boolean(editing);
}

function clearFormMessages() {
  hideMessage($("form-problem"));
  hideMessage($("form-message"));
  resetInvalid(form);
}

function startEditing(room) {
  editing = room;
  clearFormMessages();
  fields.country.value = room.country;
  zoneOptions(fields.timezone, room.country);
  for (const name of ["name", "kind", "city", "timezone"]) fields[name].value = room[name];
  drawFormMode();
  fields.name.focus();
}

function stopEditing() {
  editing = null;
  form.reset();
  resetInvalid(form);
  zoneOptions(fields.timezone, fields.country.value);
  drawFormMode();
}

function actionButton(key, room, onclick) {
  return h(
    "button",
    { type: "button", class: "small secondary", "aria-label": t(`${key}Label`, { name: room.name }), onclick },
    t(key),
  );
}

function actions(room) {
  return h(
    "div",
    { class: "actions" },
    actionButton("facilities.edit", room, () => startEditing(room)),
    room.active
      ? actionButton("facilities.retire", room, () => {
          if (confirm(t("facilities.confirmRetire", { name: room.name }))) {
            setActive(room, false, "facilities.retiredDone");
          }
        })
      : actionButton("facilities.restore", room, () => setActive(room, true, "facilities.restored")),
    actionButton("facilities.holds", room, () => showHolds(room)),
  );
}

function drawList() {
  clear(
    $("list"),
    rooms.length
      ? table(
          [
            t("col.name"),
            t("facilities.kind"),
            t("facilities.colCity"),
            t("admin.country"),
            t("admin.timezone"),
            t("col.status"),
            t("col.actions"),
          ],
          rooms.map((room) => [
            h("th", { scope: "row" }, room.name),
            label("facilityKind", room.kind),
            room.city || t("common.none"),
            countryName(room.country),
            room.timezone,
            h(
              "span",
              { class: `badge ${room.active ? "ok" : "bad"}` },
              t(room.active ? "facilities.inUse" : "facilities.retired"),
            ),
            actions(room),
          ]),
        )
      : h("p", {}, t("facilities.empty")),
  );
}

async function load() {
  try {
    rooms = await api("/api/v1/facilities");
    drawList();
    drawHolds();
  } catch (error) {
    showProblem($("list-problem"), error);
  }
}

async function setActive(room, active, doneKey) {
  hideMessage($("list-problem"));
  hideMessage($("list-message"));
  try {
    await api(`/api/v1/facilities/${room.id}`, { method: "PATCH", body: { active } });
    showMessage($("list-message"), t(doneKey, { name: room.name }));
    await load();
  } catch (error) {
    showProblem($("list-problem"), error);
  }
}

function formBody() {
  return {
    name: fields.name.value.trim(),
    kind: fields.kind.value,
    city: fields.city.value.trim(),
    timezone: fields.timezone.value,
  };
}

/** What the form changes of the room being edited: the audit names only the fields touched. */
function changes() {
  return Object.fromEntries(Object.entries(formBody()).filter(([key, value]) => value !== editing[key]));
}

async function submit(event) {
  event.preventDefault();
  clearFormMessages();
  const button = $("form-submit");
  button.disabled = true;
  try {
    if (editing) {
      const changed = changes();
      if (!Object.keys(changed).length) {
        showMessage($("form-message"), t("common.noChanges"), "info");
        return;
      }
      const saved = await api(`/api/v1/facilities/${editing.id}`, { method: "PATCH", body: changed });
      stopEditing();
      showMessage($("form-message"), t("facilities.updated", { name: saved.name }));
    } else {
      const body = { country: fields.country.value, ...formBody() };
      const created = await api("/api/v1/facilities", { method: "POST", body });
      fields.name.value = "";
      fields.city.value = "";
      showMessage($("form-message"), t("facilities.created", { name: created.name }));
    }
    await load();
  } catch (error) {
    showFormProblem($("form-problem"), error, form);
  } finally {
    button.disabled = false;
  }
}

function drawHolds() {
  const room = rooms.find((r) => r.id === shownId);
  $("holds-heading").textContent = room
    ? t("facilities.holdsHeadingOf", { name: room.name })
    : t("facilities.holdsHeading");
  $("holds-choose").hidden = Boolean(room);
  $("holds-content").hidden = !room;
  if (!holds) {
    clear($("holds-list"));
    return;
  }
  const period = t("facilities.period", { start: dateTime(holds.start), end: dateTime(holds.end) });
  clear(
    $("holds-list"),
    h("p", {}, `${period}. ${t("admin.browserZone", { zone: browserZone() })}`),
    holds.holds.length
      ? table(
          [t("facilities.colRequest"), t("facilities.colStarts"), t("facilities.colEnds")],
          holds.holds.map((hold) => [
            h(
              "th",
              { scope: "row" },
              h("a", { href: `request.html?id=${hold.request}` }, t("facilities.requestN", { id: hold.request })),
            ),
            dateTime(hold.starts_at),
            dateTime(hold.ends_at),
          ]),
        )
      : h("p", {}, t("facilities.noHolds")),
  );
}

async function loadHolds(event) {
  if (event) event.preventDefault();
  const asked = shownId;
  hideMessage($("holds-problem"));
  resetInvalid(holdsForm);
  const { start, days } = holdsForm.elements;
  // A date without an offset is read by the server as the room's own local midnight.
  const params = query({ start: start.value && `${start.value}T00:00`, days: days.value });
  try {
    const found = await api(`/api/v1/facilities/${asked}/holds${params}`);
    // A slower answer about a room chosen earlier must not show as this one's.
    if (asked !== shownId) return;
    holds = found;
    drawHolds();
  } catch (error) {
    showFormProblem($("holds-problem"), error, holdsForm);
  }
}

async function showHolds(room) {
  shownId = room.id;
  holds = null;
  drawHolds();
  $("holds").focus();
  await loadHolds();
}

async function main() {
  me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  $("content").hidden = false;
  drawChoices();
  holdsForm.elements.start.value = today();
  fields.country.addEventListener("change", () => zoneOptions(fields.timezone, fields.country.value));
  form.addEventListener("submit", submit);
  $("form-cancel").addEventListener("click", stopEditing);
  holdsForm.addEventListener("submit", loadHolds);
  await load();
  onLangChange(() => {
    drawChoices();
    drawFormMode();
    drawList();
    drawHolds();
  });
}

main();
