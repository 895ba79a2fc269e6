// availability.html[?id=N]: an interpreter's weekly windows, date overrides, time off, limits
// and calendar files, kept by the interpreter themself or by a coordinator; with a preview of
// the free windows that others will see.

import { api } from "./api.js";
import { boot } from "./app.js";
import { lang, onLangChange, t } from "./i18n.js";
import { clear, h, hideMessage, resetInvalid, showMessage, showProblem, table } from "./ui.js";
import { TIMEZONES } from "./views.js";
import { browserZone, datesOf, dayLabel, freeBusy, piecesByDate, span } from "./freetime.js";
import { DAY, STEP, WEEKDAYS, clock, fromApi, toApi, toMinutes, weekGrid } from "./weekgrid.js";

const PREVIEW_DAYS = 14;
const $ = (id) => document.getElementById(id);

let id = 0;
let data = null; // the AvailabilityOut last received
let saved = []; // the weekly windows as the server has them
let grid = null;
let preview = null; // the FreeBusyOut last received
let isSelf = false;

const base = () => `/api/v1/interpreters/${id}/availability`;

// Time selects: starts from 00:00 to 23:30, ends from 00:30 to 24:00.

function fillTimes(select, { ends = false, value = "" } = {}) {
  const current = select.value || value;
  const minutes = Array.from({ length: DAY / STEP }, (_, i) => (ends ? i + 1 : i) * STEP);
  clear(select, minutes.map((m) => h("option", { value: clock(m) }, clock(m))));
  if (current) select.value = current;
}

function fillWeekdays(select) {
  const current = select.value;
  clear(select, WEEKDAYS.map((d) => h("option", { value: String(d) }, t(`weekday.${d}`))));
  if (current) select.value = current;
}

// Weekly windows: edited locally in the grid, sent whole by "Save".

function dirty() {
  return JSON.stringify(toApi(grid.windows())) !== JSON.stringify(toApi(saved));
}

function drawWeeklyState() {
  const state = $("weekly-state");
  state.hidden = !dirty();
  state.textContent = t("avail.unsaved");
  $("weekly-empty").hidden = grid.windows().length > 0;
}

function weeklyChanged() {
  drawWeeklyState();
  hideMessage($("weekly-message"));
}

function resetWeekly() {
  saved = fromApi(data.weekly);
  grid.set(saved);
  weeklyChanged();
}

async function saveWeekly() {
  const message = $("weekly-message");
  const button = $("save-weekly");
  hideMessage(message);
  if (!dirty()) {
    showMessage(message, t("common.noChanges"), "info");
    return;
  }
  button.disabled = true;
  try {
    data = await api(`${base()}/weekly`, { method: "PUT", body: toApi(grid.windows()) });
    resetWeekly();
    showMessage(message, t("avail.weeklySaved"), "ok");
    loadPreview();
  } catch (error) {
    showProblem(message, error);
  } finally {
    button.disabled = false;
  }
}

function setUpWeekly() {
  grid = weekGrid($("week"), { onChange: weeklyChanged });
  resetWeekly();
  const earliest = saved.length ? Math.min(...saved.map((w) => w.start)) : 9 * 60;
  // An hour of context above the earliest window (above 09:00 on an empty week).
  grid.scrollTo(Math.max(0, earliest - 60));
  const form = $("add-window-form");
  fillWeekdays(form.weekday);
  fillTimes(form.start, { value: "09:00" });
  fillTimes(form.end, { ends: true, value: "13:00" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const start = toMinutes(form.start.value);
    let end = toMinutes(form.end.value);
    if (end === start) {
      showMessage($("weekly-message"), t("avail.endsWhenStarts"), "error");
      return;
    }
    if (end < start) end += DAY;
    grid.add({ weekday: Number(form.weekday.value), start, end });
  });
  $("save-weekly").addEventListener("click", saveWeekly);
  $("discard-weekly").addEventListener("click", resetWeekly);
  window.addEventListener("beforeunload", (event) => {
    if (dirty()) event.preventDefault();
  });
}

// Preview: the free windows of the next two weeks in a zone of the viewer's choice.

function fillZones() {
  const select = $("preview-zone");
  const current = select.value || data.timezone;
  const own = data.timezone;
  const mine = browserZone();
  const zones = [...new Set([own, ...TIMEZONES, "UTC", mine])];
  clear(
    select,
    zones.map((zone) => {
      let text = zone;
      if (zone === own) text = t("avail.ownZone", { zone });
      else if (zone === mine) text = t("avail.browserZone", { zone });
      return h("option", { value: zone }, text);
    }),
  );
  select.value = current;
}

function drawPreview() {
  $("preview-note").textContent = t("avail.previewNote", { hours: data.limits.notice_hours });
  if (!preview) return;
  const [free] = preview.interpreters;
  if (!isSelf) $("a-heading").textContent = t("avail.headingOf", { name: free.display_name });
  const byDate = piecesByDate(free.free);
  const rows = datesOf(preview).map((day) => {
    const pieces = byDate.get(day) || [];
    return h(
      "tr",
      { dataset: { date: day } },
      h("th", { scope: "row" }, dayLabel(day)),
      h(
        "td",
        {},
        pieces.length
          ? pieces.map((p) => h("span", { class: "chip" }, span(p.from, p.to)))
          : h("span", { class: "note" }, t("avail.previewEmpty")),
      ),
    );
  });
  clear(
    $("preview"),
    h(
      "table",
      { class: "data preview" },
      h("caption", {}, preview.timezone),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("col.date")),
          h("th", { scope: "col" }, t("col.freeWindows")),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

let previewAsked = 0;

async function loadPreview() {
  const problem = $("preview-problem");
  const asked = ++previewAsked;
  hideMessage(problem);
  try {
    const answer = await freeBusy(id, { days: PREVIEW_DAYS, tz: $("preview-zone").value });
    // A quicker answer to an older question (another zone) must not replace a newer one.
    if (asked !== previewAsked) return;
    preview = answer;
    drawPreview();
  } catch (error) {
    if (asked === previewAsked) showProblem(problem, error);
  }
}

// Date overrides and time off: each change is sent at once and the answer redrawn.

function removeButton(label, onclick) {
  return h(
    "button",
    { type: "button", class: "secondary small", "aria-label": label, onclick },
    t("avail.remove"),
  );
}

/** Sends one change; redraws from the answer and says `done` in `message`, or the problem. */
async function change(path, request, { message, done, form = null }) {
  hideMessage(message);
  try {
    data = await api(`${base()}${path}`, request);
    drawLists();
    showMessage(message, done, "ok");
    loadPreview();
    return true;
  } catch (error) {
    showProblem(message, error, form);
    return false;
  }
}

function drawOverrides() {
  const overrides = data.overrides;
  if (!overrides.length) {
    clear($("overrides"), h("p", { class: "note" }, t("avail.noOverrides")));
    return;
  }
  clear(
    $("overrides"),
    table(
      [t("col.date"), t("col.override"), t("col.actions")],
      overrides.map((o) => [
        h("th", { scope: "row" }, dayLabel(o.date)),
        o.unavailable
          ? t("avail.unavailableShort")
          : o.windows.map((w) => span(w.start, w.end)).join(", "),
        removeButton(t("avail.removeOverride", { date: dayLabel(o.date) }), () =>
          change(`/overrides/${o.date}`, { method: "DELETE" }, {
            message: $("override-message"),
            done: t("avail.overrideRemoved"),
          }),
        ),
      ]),
    ),
  );
}

/** An instant (with its offset) as the interpreter's local date and time. */
function localDateTime(iso) {
  return new Intl.DateTimeFormat(lang() === "en" ? "en-GB" : "es", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: data.timezone,
  }).format(new Date(iso));
}

function periodText(off) {
  if (off.starts_at) return `${localDateTime(off.starts_at)} – ${localDateTime(off.ends_at)}`;
  if (off.first_day === off.last_day) return dayLabel(off.first_day);
  return `${dayLabel(off.first_day)} – ${dayLabel(off.last_day)}`;
}

function drawTimeOff() {
  if (!data.time_off.length) {
    clear($("time-off"), h("p", { class: "note" }, t("avail.noTimeOff")));
    return;
  }
  clear(
    $("time-off"),
    table(
      [t("col.period"), t("col.note"), t("col.actions")],
      data.time_off.map((off) => [
        h("th", { scope: "row" }, periodText(off)),
        off.note || t("common.none"),
        removeButton(t("avail.removeTimeOff", { period: periodText(off) }), () =>
          change(`/time-off/${off.id}`, { method: "DELETE" }, {
            message: $("time-off-message"),
            done: t("avail.timeOffRemoved"),
          }),
        ),
      ]),
    ),
  );
}

function drawLists() {
  $("a-zone").textContent = t("avail.zone", { zone: data.timezone });
  drawOverrides();
  drawTimeOff();
}

function overrideRow() {
  const start = h("select", { name: "start" });
  const end = h("select", { name: "end" });
  fillTimes(start, { value: "09:00" });
  fillTimes(end, { ends: true, value: "13:00" });
  const row = h(
    "div",
    { class: "window-row" },
    h("label", { class: "field" }, h("span", { class: "row-start" }), start),
    h("label", { class: "field" }, h("span", { class: "row-end" }), end),
    h(
      "button",
      {
        type: "button",
        class: "secondary small remove",
        onclick: () => {
          row.remove();
          relabelRows();
        },
      },
      "×",
    ),
  );
  return row;
}

function relabelRows() {
  const rows = [...document.querySelectorAll("#o-rows .window-row")];
  rows.forEach((row, i) => {
    const n = t("avail.windowN", { n: i + 1 });
    row.querySelector(".row-start").textContent = `${n} · ${t("avail.start")}`;
    row.querySelector(".row-end").textContent = `${n} · ${t("avail.end")}`;
    const remove = row.querySelector(".remove");
    remove.setAttribute("aria-label", t("avail.removeRow", { n: i + 1 }));
    remove.hidden = rows.length === 1;
  });
}

function setUpOverrides() {
  const form = $("override-form");
  const rows = $("o-rows");
  const showKind = () => {
    $("o-windows").hidden = form.kind.value !== "windows";
  };
  rows.append(overrideRow());
  relabelRows();
  for (const radio of form.querySelectorAll('[name="kind"]')) {
    radio.addEventListener("change", showKind);
  }
  $("o-another").addEventListener("click", () => {
    rows.append(overrideRow());
    relabelRows();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetInvalid(form);
    const message = $("override-message");
    if (!form.date.value) {
      form.date.setAttribute("aria-invalid", "true");
      form.date.focus();
      return;
    }
    const body =
      form.kind.value === "unavailable"
        ? { unavailable: true }
        : {
            windows: [...rows.querySelectorAll(".window-row")].map((row) => ({
              start: row.querySelector('[name="start"]').value,
              end: row.querySelector('[name="end"]').value,
            })),
          };
    await change(`/overrides/${form.date.value}`, { method: "PUT", body }, {
      message,
      done: t("avail.overrideSaved"),
      form,
    });
  });
}

function setUpTimeOff() {
  const form = $("time-off-form");
  const showKind = () => {
    for (const field of form.querySelectorAll("[data-kind]")) {
      field.hidden = field.dataset.kind !== form.kind.value;
    }
  };
  for (const radio of form.querySelectorAll('[name="kind"]')) {
    radio.addEventListener("change", showKind);
  }
  // Most time off is one day: the last day follows the first until it is set apart.
  form.first_day.addEventListener("change", () => {
    if (!form.last_day.value || form.last_day.value < form.first_day.value) {
      form.last_day.value = form.first_day.value;
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetInvalid(form);
    const names = form.kind.value === "days" ? ["first_day", "last_day"] : ["starts_at", "ends_at"];
    const missing = names.filter((name) => !form[name].value);
    if (missing.length) {
      for (const name of missing) form[name].setAttribute("aria-invalid", "true");
      form[missing[0]].focus();
      return;
    }
    // Times without an offset: the server reads them in the interpreter's own zone.
    const body = { note: form.note.value.trim() };
    for (const name of names) body[name] = form[name].value;
    const added = await change("/time-off", { method: "POST", body }, {
      message: $("time-off-message"),
      done: t("avail.timeOffAdded"),
      form,
    });
    if (added) {
      form.reset();
      showKind();
    }
  });
}

// Working limits and calendar files.

function fillLimits() {
  const form = $("limits-form");
  const limits = data.limits;
  form.notice_hours.value = String(limits.notice_hours);
  form.buffer_minutes.value = String(limits.buffer_minutes);
  form.max_hours_per_day.value = String(limits.max_hours_per_day);
  form.max_hours_per_week.value = String(limits.max_hours_per_week);
  form.on_call.checked = limits.on_call;
}

function setUpLimits() {
  const form = $("limits-form");
  fillLimits();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetInvalid(form);
    const number = (name) => (form[name].value.trim() === "" ? null : Number(form[name].value));
    const body = {
      notice_hours: number("notice_hours"),
      buffer_minutes: number("buffer_minutes"),
      max_hours_per_day: number("max_hours_per_day"),
      max_hours_per_week: number("max_hours_per_week"),
      on_call: form.on_call.checked,
    };
    const message = $("limits-message");
    const done = t("avail.limitsSaved");
    if (await change("/limits", { method: "PUT", body }, { message, done, form })) fillLimits();
  });
}

function setUpCalendarFiles() {
  const link = $("export-link");
  link.href = `${base()}/export.ics`;
  link.setAttribute("download", `availability-${id}.ics`);
  const form = $("import-form");
  const message = $("import-message");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    form.data.removeAttribute("aria-invalid");
    if (!form.data.files.length) {
      form.data.setAttribute("aria-invalid", "true");
      form.data.focus();
      return;
    }
    if (!window.confirm(t("avail.importConfirm"))) return;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const counts = await api(`${base()}/import`, { method: "POST", body: new FormData(form) });
      data = await api(base());
      drawLists();
      resetWeekly();
      showMessage(message, t("avail.imported", counts), "ok");
      form.reset();
      loadPreview();
    } catch (error) {
      showProblem(message, error, form);
    } finally {
      button.disabled = false;
    }
  });
}

function redraw() {
  fillWeekdays($("add-window-form").weekday);
  grid.render();
  drawWeeklyState();
  relabelRows();
  fillZones();
  drawLists();
  drawPreview();
}

async function main() {
  const me = await boot({ roles: ["interpreter", "coordinator"] });
  if (!me) return;
  const asked = new URLSearchParams(location.search).get("id");
  id = Number.parseInt(asked || String(me.user.interpreter_id || ""), 10);
  if (!Number.isInteger(id) || id < 1) {
    showMessage($("availability-problem"), t("profile.missingId"), "error");
    return;
  }
  isSelf = me.user.interpreter_id === id;
  $("back").hidden = isSelf;
  $("back-link").href = `profile.html?id=${id}`;
  try {
    data = await api(base());
  } catch (error) {
    showProblem($("availability-problem"), error);
    return;
  }
  $("availability").hidden = false;
  setUpWeekly();
  drawLists();
  fillZones();
  $("preview-zone").addEventListener("change", loadPreview);
  setUpOverrides();
  setUpTimeOff();
  setUpLimits();
  setUpCalendarFiles();
  onLangChange(redraw);
  await loadPreview();
}

main();
