// search.html: the registry search for coordinators, prosecutors and courts.

import { api, query } from "./api.js";
import { boot } from "./app.js";
import { countryName, onLangChange, t } from "./i18n.js";
import {
  clear,
  drawPaging,
  enumOptions,
  h,
  hideMessage,
  labels,
  languageName,
  loadLanguages,
  resetInvalid,
  showProblem,
  suggestLanguages,
  table,
} from "./ui.js";
import { COUNTRIES, vettingBadge } from "./views.js";

const FILTERS = [
  "language",
  "working_language",
  "country",
  "modality",
  "min_proficiency",
  "credential",
  "valid_on",
  "specialisation",
  "gender",
  "vetting_status",
  "name",
];

const form = document.getElementById("search-form");
const problem = document.getElementById("search-problem");
const section = document.getElementById("results-section");
const summary = document.getElementById("results-summary");
const results = document.getElementById("results");
let isCoordinator = false;
let offset = 0;
let page = null;

function fillCountries() {
  clear(
    document.getElementById("country-list"),
    COUNTRIES.map((code) => h("option", { value: code }, countryName(code))),
  );
}

function params() {
  const values = { sort: form.sort.value, limit: form.limit.value, offset };
  for (const name of FILTERS) {
    const control = form.elements.namedItem(name);
    if (!control || control.closest("[hidden]")) continue;
    let value = control.value.trim();
    if (name === "language" || name === "working_language") value = value.toLowerCase();
    if (name === "country") value = value.toUpperCase();
    values[name] = value;
  }
  return values;
}

function fromUrl() {
  const given = new URLSearchParams(location.search);
  for (const name of [...FILTERS, "sort", "limit"]) {
    const control = form.elements.namedItem(name);
    if (control && given.has(name)) control.value = given.get(name);
  }
  offset = Math.max(0, Number.parseInt(given.get("offset") || "0", 10) || 0);
}

function skillsText(item) {
  return item.skills.map(
    (s) => `${languageName(s.language)} ↔ ${languageName(s.working_language)} · ${s.proficiency}`,
  );
}

function draw() {
  if (!page) return;
  section.hidden = false;
  const paging = { one: "search.summaryOne", many: "search.summary", empty: "search.empty" };
  if (!drawPaging(page, summary, paging)) {
    clear(results);
    return;
  }
  const rows = page.items.map((item) => [
    h("th", { scope: "row" }, h("a", { href: `profile.html?id=${item.id}` }, item.display_name)),
    countryName(item.country),
    h("ul", { class: "plain" }, skillsText(item).map((text) => h("li", {}, text))),
    labels("modality", item.modalities),
    labels("specialisation", item.specialisations),
    vettingBadge(item.vetting),
  ]);
  clear(
    results,
    table(
      [
        t("col.name"),
        t("col.country"),
        t("col.languages"),
        t("col.modalities"),
        t("col.specialisations"),
        t("col.vetting"),
      ],
      rows,
      { caption: h("span", { class: "sr-only" }, t("search.results")) },
    ),
  );
}

async function run() {
  hideMessage(problem);
  resetInvalid(form);
  const values = params();
  // The address keeps the search (for reloads and the back button), without the defaults.
  const shown = { ...values };
  if (shown.sort === "name") delete shown.sort;
  if (shown.limit === "20") delete shown.limit;
  if (!shown.offset) delete shown.offset;
  history.replaceState(null, "", `search.html${query(shown)}`);
  summary.textContent = t("common.loading");
  try {
    page = await api(`/api/v1/interpreters${query(values)}`);
    await loadLanguages(page.items.flatMap((i) => i.skills.flatMap((s) => [s.language, s.working_language])));
    draw();
  } catch (error) {
    section.hidden = true;
    showProblem(problem, error, form);
  }
}

async function main() {
  const me = await boot({ roles: ["coordinator", "prosecutor", "court"] });
  if (!me) return;
  isCoordinator = me.user.role === "coordinator";
  document.getElementById("vetting-field").hidden = !isCoordinator;
  for (const select of form.querySelectorAll("select[data-enum]")) {
    enumOptions(select, select.dataset.enum, { any: true });
  }
  fillCountries();
  suggestLanguages(form.language);
  suggestLanguages(form.working_language);
  fromUrl();
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    offset = 0;
    run();
  });
  form.addEventListener("reset", () => {
    // After the browser has cleared the fields.
    setTimeout(() => {
      offset = 0;
      run();
    });
  });
  document.getElementById("previous").addEventListener("click", () => {
    offset = Math.max(0, offset - Number(form.limit.value));
    run();
  });
  document.getElementById("next").addEventListener("click", () => {
    offset += Number(form.limit.value);
    run();
  });
  onLangChange(() => {
    fillCountries();
    draw();
  });
  await run();
}

main();
