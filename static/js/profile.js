// profile.html?id=N: one interpreter's record; the interpreter themself can edit it.

import { api } from "./api.js";
import { boot } from "./app.js";
import { ENUMS, label, onLangChange, t } from "./i18n.js";
import {
  checkedValues,
  clear,
  enumCheckboxes,
  enumOptions,
  h,
  hideMessage,
  loadLanguages,
  resetInvalid,
  showMessage,
  showProblem,
  suggestLanguages,
} from "./ui.js";
import { setUpCalendarFeed } from "./calendar-feed.js";
import { setUpRecords } from "./profile-records.js";
import { browserZone, freeBusy, intervalText, localPart } from "./freetime.js";
import {
  TIMEZONES,
  conflictsTable,
  credentialsTable,
  historyTable,
  identityFacts,
  languageCodes,
  skillsTable,
  summaryFacts,
  vettingBadge,
  vettingFacts,
} from "./views.js";

const id = Number.parseInt(new URLSearchParams(location.search).get("id") || "", 10);
const problem = document.getElementById("profile-problem");
let view = null;

function render() {
  if (!view) return;
  document.getElementById("profile").hidden = false;
  document.getElementById("p-name").textContent = view.display_name;
  document.title = `${view.display_name} · ${t("app.name")}`;
  clear(document.getElementById("p-badge"), vettingBadge(view.vetting));
  clear(document.getElementById("p-summary"), summaryFacts(view));
  clear(document.getElementById("p-vetting"), vettingFacts(view.vetting));
  clear(document.getElementById("p-skills"), skillsTable(view.skills));
  clear(document.getElementById("p-credentials"), credentialsTable(view.credentials));

  const identitySection = document.getElementById("identity-section");
  identitySection.hidden = !view.identity;
  clear(document.getElementById("p-identity"), view.identity ? identityFacts(view.identity) : null);

  const conflictsSection = document.getElementById("conflicts-section");
  conflictsSection.hidden = !Array.isArray(view.conflicts);
  clear(
    document.getElementById("p-conflicts"),
    Array.isArray(view.conflicts) ? conflictsTable(view.conflicts) : null,
  );

  const history = view.vetting.history;
  document.getElementById("history-section").hidden = !(history && history.length);
  clear(document.getElementById("p-history"), history && history.length ? historyTable(history) : null);
}

async function refreshNames() {
  await loadLanguages(languageCodes(view));
  render();
}

// Editing one's own profile: only changed fields are sent.

const PROFILE_FIELDS = ["display_name", "email", "phone", "timezone", "modalities", "specialisations"];

function editable(record) {
  return {
    display_name: record.display_name,
    email: record.identity ? record.identity.email : "",
    phone: record.identity ? record.identity.phone : "",
    timezone: record.timezone,
    modalities: [...record.modalities],
    specialisations: [...record.specialisations],
  };
}

function same(a, b) {
  if (Array.isArray(a)) return [...a].sort().join(",") === [...b].sort().join(",");
  return a === b;
}

function setUpProfileForm() {
  const form = document.getElementById("edit-form");
  const message = document.getElementById("edit-message");
  clear(document.getElementById("timezones"), TIMEZONES.map((zone) => h("option", { value: zone })));
  let original = editable(view);

  const fill = () => {
    original = editable(view);
    form.display_name.value = original.display_name;
    form.email.value = original.email;
    form.phone.value = original.phone;
    form.timezone.value = original.timezone;
    clear(
      document.getElementById("e-choices"),
      enumCheckboxes("modality", "modalities", "profile.modalities", original.modalities),
      enumCheckboxes("specialisation", "specialisations", "profile.specialisations", original.specialisations),
    );
  };
  fill();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    resetInvalid(form);
    const current = {
      display_name: form.display_name.value.trim(),
      email: form.email.value.trim(),
      phone: form.phone.value.trim(),
      timezone: form.timezone.value.trim(),
      modalities: checkedValues(form, "modalities"),
      specialisations: checkedValues(form, "specialisations"),
    };
    const changes = {};
    for (const field of PROFILE_FIELDS) {
      if (!same(current[field], original[field])) changes[field] = current[field];
    }
    if (!Object.keys(changes).length) {
      showMessage(message, t("common.noChanges"), "info");
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      view = await api(`/api/v1/interpreters/${id}`, { method: "PATCH", body: changes });
      render();
      fill();
      showMessage(message, t("common.saved"), "ok");
    } catch (error) {
      showProblem(message, error, form);
    } finally {
      button.disabled = false;
    }
  });
  document.getElementById("edit-section").hidden = false;
}

// Editing one's own language skills: the whole list is replaced.

let rowCounter = 0;

function skillRow(skill) {
  rowCounter += 1;
  const key = `skill-${rowCounter}`;
  const direction = h("select", { name: "direction" });
  enumOptions(direction, "direction");
  direction.value = skill.direction;
  const row = h(
    "tr",
    { class: "skill-row" },
    h(
      "td",
      {},
      h("input", {
        type: "text",
        id: `${key}-language`,
        name: "language",
        value: skill.language,
        maxlength: "3",
        spellcheck: "false",
        required: true,
      }),
    ),
    h("td", {}, h("input", { type: "text", name: "variety", value: skill.variety, maxlength: "100" })),
    h(
      "td",
      {},
      h("input", {
        type: "text",
        id: `${key}-working`,
        name: "working_language",
        value: skill.working_language,
        maxlength: "3",
        spellcheck: "false",
        required: true,
      }),
    ),
    h("td", {}, direction),
    h(
      "td",
      {},
      h("input", {
        type: "number",
        name: "proficiency",
        value: String(skill.proficiency),
        min: "0",
        max: "5",
        step: "1",
        required: true,
      }),
    ),
    h(
      "td",
      {},
      h(
        "div",
        { role: "group", class: "modes" },
        ENUMS.mode.map((mode) =>
          h(
            "label",
            { class: "choice" },
            h("input", { type: "checkbox", name: "modes", value: mode, checked: skill.modes.includes(mode) }),
            h("span", { "data-i18n": `mode.${mode}` }, label("mode", mode)),
          ),
        ),
      ),
    ),
    h(
      "td",
      {},
      h(
        "button",
        {
          type: "button",
          class: "secondary small remove",
          onclick: () => {
            row.remove();
            relabel();
          },
        },
        t("profile.removeSkill"),
      ),
    ),
  );
  return row;
}

/** Accessible names of the row controls ("Idioma · Competencia 2"), kept in step with the rows. */
function relabel() {
  const names = {
    language: "col.language",
    variety: "col.variety",
    working_language: "col.workingLanguage",
    direction: "col.direction",
    proficiency: "col.proficiency",
  };
  [...document.querySelectorAll("#skill-rows tr")].forEach((row, i) => {
    const n = t("profile.skillN", { n: i + 1 });
    for (const [name, key] of Object.entries(names)) {
      row.querySelector(`[name="${name}"]`).setAttribute("aria-label", `${t(key)} · ${n}`);
    }
    row.querySelector(".modes").setAttribute("aria-label", `${t("col.modes")} · ${n}`);
    const remove = row.querySelector("button.remove");
    remove.textContent = t("profile.removeSkill");
    remove.setAttribute("aria-label", t("profile.removeSkillLabel", { n: i + 1 }));
  });
}

function addRow(skill) {
  const row = skillRow(skill);
  document.getElementById("skill-rows").append(row);
  suggestLanguages(row.querySelector('[name="language"]'));
  suggestLanguages(row.querySelector('[name="working_language"]'));
  return row;
}

function fillSkillRows() {
  clear(document.getElementById("skill-rows"));
  for (const skill of view.skills) addRow(skill);
  relabel();
}

function readSkillRows() {
  return [...document.querySelectorAll("#skill-rows tr")].map((row) => {
    const value = (name) => row.querySelector(`[name="${name}"]`).value.trim();
    return {
      language: value("language").toLowerCase(),
      working_language: value("working_language").toLowerCase(),
      direction: value("direction"),
      proficiency: Number.parseInt(value("proficiency"), 10),
      modes: [...row.querySelectorAll('[name="modes"]:checked')].map((el) => el.value),
      variety: value("variety"),
    };
  });
}

/** Marks the control named by an error field such as "2.language" or "body.2.language". */
function markSkillErrors(error) {
  const rows = document.querySelectorAll("#skill-rows tr");
  for (const e of error.errors || []) {
    const match = /(\d+)\.(\w+)$/.exec(e.field || "");
    const row = match && rows[Number(match[1])];
    const control = row && row.querySelector(`[name="${match[2]}"]`);
    if (control) control.setAttribute("aria-invalid", "true");
  }
}

function setUpSkillsForm() {
  const form = document.getElementById("skills-form");
  const message = document.getElementById("skills-message");
  fillSkillRows();
  document.getElementById("add-skill").addEventListener("click", () => {
    const row = addRow({
      language: "",
      variety: "",
      working_language: "spa",
      direction: "both",
      proficiency: 3,
      modes: ["consecutive"],
    });
    relabel();
    row.querySelector('[name="language"]').focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    resetInvalid(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      view = await api(`/api/v1/interpreters/${id}/skills`, { method: "PUT", body: readSkillRows() });
      await refreshNames();
      fillSkillRows();
      showMessage(message, t("common.saved"), "ok");
    } catch (error) {
      showProblem(message, error);
      markSkillErrors(error);
    } finally {
      button.disabled = false;
    }
  });
  onLangChange(relabel);
  document.getElementById("skills-edit-section").hidden = false;
}

// The interpreter's next free windows, for those who book them, in the viewer's own zone.

const FREE_DAYS = 7;
const FREE_SHOWN = 10;
let free = null;

function drawFree() {
  if (!free) return;
  const zone = free.timezone;
  document.getElementById("free-note").textContent = t("profile.freeNote", { days: FREE_DAYS, zone });
  const intervals = free.interpreters[0].free;
  const box = document.getElementById("p-free");
  if (!intervals.length) {
    clear(box, h("p", {}, t("profile.noFree", { days: FREE_DAYS })));
    return;
  }
  const more = intervals.length - FREE_SHOWN;
  clear(
    box,
    h(
      "ul",
      { class: "free" },
      intervals.slice(0, FREE_SHOWN).map((interval) => {
        const start = localPart(interval.start);
        return h("li", { dataset: { start: `${start.date}T${start.time}` } }, intervalText(interval));
      }),
    ),
    more > 0 ? h("p", { class: "note" }, t("profile.moreFree", { n: more })) : null,
  );
}

async function showFreeWindows(user) {
  document.getElementById("free-section").hidden = false;
  if (user.role === "coordinator") {
    document.getElementById("free-manage").hidden = false;
    document.getElementById("free-manage-link").href = `availability.html?id=${id}`;
  }
  try {
    free = await freeBusy(id, { days: FREE_DAYS, tz: browserZone() });
    drawFree();
  } catch (error) {
    showProblem(document.getElementById("free-problem"), error);
  }
}

async function main() {
  const me = await boot();
  if (!me) return;
  document.getElementById("back").hidden = me.user.role === "interpreter";
  if (!Number.isInteger(id) || id < 1) {
    showMessage(problem, t("profile.missingId"), "error");
    return;
  }
  try {
    view = await api(`/api/v1/interpreters/${id}`);
  } catch (error) {
    showProblem(problem, error);
    return;
  }
  await refreshNames();
  onLangChange(render);
  if (me.user.interpreter_id === id) {
    document.getElementById("availability-section").hidden = false;
    setUpProfileForm();
    setUpSkillsForm();
    await setUpCalendarFeed(document.getElementById("calendar-section"));
  }
  if (["prosecutor", "court", "coordinator"].includes(me.user.role)) {
    onLangChange(drawFree);
    await showFreeWindows(me.user);
  }
  if (me.user.role === "coordinator") await setUpRecords(id);
}

main();
