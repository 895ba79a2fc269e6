// availability.html[?id=N]: an interpreter's weekly windows, date overrides, time off, limits
// and calendar files, kept by the interpreter themself or by a coordinator; with a preview of
// the free windows that others will see.
//
// This module wires the page, the weekly grid and the calendar files; the one-at-a-time forms
// are in availability-forms.js and the preview in availability-preview.js.

import { api } from "./api.js";
import { boot } from "./app.js";
import { onLangChange, t } from "./i18n.js";
import { clear, h, hideMessage, showMessage, showProblem } from "./ui.js";
import { DAY, WEEKDAYS, fromApi, toApi, toMinutes, weekGrid } from "./weekgrid.js";
import { drawLists, fillTimes, relabelRows, setUpForms } from "./availability-forms.js";
import { drawPreview, fillZones, loadPreview, setUpPreview } from "./availability-preview.js";

const $ = (id) => document.getElementById(id);

// One object rather than loose variables, so that the other two modules see each new answer.
const page = {
  id: 0,
  base: "", // the API path of this interpreter's availability
  isSelf: false,
  data: null, // the AvailabilityOut last received
};

let saved = []; // the weekly windows as the server has them
let grid = null;

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
  saved = fromApi(page.data.weekly);
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
    page.data = await api(`${page.base}/weekly`, { method: "PUT", body: toApi(grid.windows()) });
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

// Calendar files: an import can change every part of the page, so all of it is reloaded.

function setUpCalendarFiles() {
  const link = $("export-link");
  link.href = `${page.base}/export.ics`;
  link.setAttribute("download", `availability-${page.id}.ics`);
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
      const counts = await api(`${page.base}/import`, { method: "POST", body: new FormData(form) });
      page.data = await api(page.base);
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
  const id = Number.parseInt(asked || String(me.user.interpreter_id || ""), 10);
  if (!Number.isInteger(id) || id < 1) {
    showMessage($("availability-problem"), t("profile.missingId"), "error");
    return;
  }
  page.id = id;
  page.base = `/api/v1/interpreters/${id}/availability`;
  page.isSelf = me.user.interpreter_id === id;
  $("back").hidden = page.isSelf;
  $("back-link").href = `profile.html?id=${id}`;
  try {
    page.data = await api(page.base);
  } catch (error) {
    showProblem($("availability-problem"), error);
    return;
  }
  $("availability").hidden = false;
  setUpWeekly();
  setUpForms(page);
  setUpPreview(page);
  setUpCalendarFiles();
  onLangChange(redraw);
  await loadPreview();
}

main();
