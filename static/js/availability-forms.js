// The forms on availability.html that change one thing at a time: date overrides, time off and
// working limits. Each change is sent at once, and the page is redrawn from the answer.

import { api } from "./api.js";
import { lang, t } from "./i18n.js";
import { clear, h, hideMessage, resetInvalid, showMessage, showProblem, table } from "./ui.js";
import { dayLabel, span } from "./freetime.js";
import { DAY, STEP, clock } from "./weekgrid.js";
import { loadPreview } from "./availability-preview.js";

const $ = (id) => document.getElementById(id);

let page = null; // availability.js's shared page state, given to setUpForms

export function setUpForms(shared) {
  page = shared;
  drawLists();
  setUpOverrides();
  setUpTimeOff();
  setUpLimits();
}

// Time selects: starts from 00:00 to 23:30, ends from 00:30 to 24:00.

export function fillTimes(select, { ends = false, value = "" } = {}) {
  const current = select.value || value;
  const minutes = Array.from({ length: DAY / STEP }, (_, i) => (ends ? i + 1 : i) * STEP);
  clear(select, minutes.map((m) => h("option", { value: clock(m) }, clock(m))));
  if (current) select.value = current;
}

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
    page.data = await api(`${page.base}${path}`, request);
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
  const overrides = page.data.overrides;
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
    timeZone: page.data.timezone,
  }).format(new Date(iso));
}

function periodText(off) {
  if (off.starts_at) return `${localDateTime(off.starts_at)} – ${localDateTime(off.ends_at)}`;
  if (off.first_day === off.last_day) return dayLabel(off.first_day);
  return `${dayLabel(off.first_day)} – ${dayLabel(off.last_day)}`;
}

function drawTimeOff() {
  const timeOff = page.data.time_off;
  if (!timeOff.length) {
    clear($("time-off"), h("p", { class: "note" }, t("avail.noTimeOff")));
    return;
  }
  clear(
    $("time-off"),
    table(
      [t("col.period"), t("col.note"), t("col.actions")],
      timeOff.map((off) => [
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

export function drawLists() {
  $("a-zone").textContent = t("avail.zone", { zone: page.data.timezone });
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

export function relabelRows() {
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

function fillLimits() {
  const form = $("limits-form");
  const limits = page.data.limits;
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
