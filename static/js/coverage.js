// coverage.html (coordinators): language × country coverage, expiring credentials,
// CSV export and import (with an upload progress bar).

import { ApiError, NetworkError, api, getCsrfToken, query, redirectToLogin } from "./api.js";
import { boot } from "./app.js";
import { countryName, label, onLangChange, t } from "./i18n.js";
import {
  clear,
  h,
  hideMessage,
  languageName,
  loadLanguages,
  showMessage,
  showProblem,
  table,
  today,
} from "./ui.js";
import { COUNTRIES } from "./views.js";

const form = document.getElementById("coverage-form");
const problem = document.getElementById("coverage-problem");
let report = null;

function countryOrder(a, b) {
  const ia = COUNTRIES.indexOf(a);
  const ib = COUNTRIES.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
  return a.localeCompare(b);
}

function drawMatrix() {
  const note = document.getElementById("matrix-note");
  const holder = document.getElementById("matrix");
  note.textContent = t("coverage.matrixNote", { on: report.on });
  if (!report.cells.length) {
    clear(holder, h("p", {}, t("coverage.empty")));
    return;
  }
  const countries = [...new Set(report.cells.map((c) => c.country))].sort(countryOrder);
  const languages = [...new Set(report.cells.map((c) => c.language))].sort((a, b) =>
    languageName(a).localeCompare(languageName(b)),
  );
  const count = new Map(report.cells.map((c) => [`${c.language}/${c.country}`, c.interpreters]));
  clear(
    holder,
    h(
      "table",
      { class: "data matrix" },
      h("caption", { class: "sr-only" }, t("coverage.matrix")),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("coverage.languageCountry")),
          countries.map((code) => h("th", { scope: "col", title: countryName(code) }, code)),
        ),
      ),
      h(
        "tbody",
        {},
        languages.map((language) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, languageName(language)),
            countries.map((country) => {
              const n = count.get(`${language}/${country}`) || 0;
              return h(
                "td",
                {
                  class: n === 0 ? "gap" : n === 1 ? "thin" : null,
                  title: `${languageName(language)} · ${countryName(country)}`,
                },
                String(n),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

function drawExpiring() {
  const holder = document.getElementById("expiring");
  if (!report.expiring.length) {
    clear(holder, h("p", { class: "note" }, t("coverage.noExpiring")));
    return;
  }
  clear(
    holder,
    table(
      [t("col.interpreter"), t("col.kind"), t("col.language"), t("col.expiresOn")],
      report.expiring.map((e) => [
        h(
          "th",
          { scope: "row" },
          h("a", { href: `profile.html?id=${e.interpreter_id}` }, e.display_name),
        ),
        label("credential", e.kind),
        e.language ? languageName(e.language) : t("coverage.general"),
        e.expires_on,
      ]),
      { caption: h("span", { class: "sr-only" }, t("coverage.expiring")) },
    ),
  );
}

function draw() {
  if (!report) return;
  document.getElementById("matrix-section").hidden = false;
  document.getElementById("expiring-section").hidden = false;
  drawMatrix();
  drawExpiring();
}

async function load() {
  hideMessage(problem);
  const on = form.on.value || today();
  history.replaceState(null, "", `coverage.html${query({ on })}`);
  try {
    report = await api(`/api/v1/registry/coverage${query({ on })}`);
    await loadLanguages([
      ...report.cells.map((c) => c.language),
      ...report.expiring.map((e) => e.language),
    ]);
    draw();
  } catch (error) {
    showProblem(problem, error, form);
  }
}

// CSV import through XMLHttpRequest: fetch() cannot report upload progress.

function importErrors(error) {
  if (!error.errors.length) return null;
  return table(
    [t("col.row"), t("col.message")],
    error.errors.map((e) => [h("th", { scope: "row" }, e.field), e.message]),
  );
}

function upload(formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/registry/import");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRF-Token", getCsrfToken());
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: described from the status line below.
      }
      if (xhr.status === 401) redirectToLogin();
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else {
        const problem =
          body && typeof body === "object" ? body : { title: xhr.statusText, status: xhr.status };
        reject(new ApiError(xhr.status, problem));
      }
    });
    xhr.addEventListener("error", () => reject(new NetworkError(new Error("upload failed"))));
    xhr.addEventListener("abort", () => reject(new NetworkError(new Error("upload aborted"))));
    xhr.send(formData);
  });
}

function setUpImport() {
  const importForm = document.getElementById("import-form");
  const result = document.getElementById("import-result");
  const block = document.getElementById("import-progress-block");
  const progress = document.getElementById("import-progress");
  importForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(result);
    importForm.data.removeAttribute("aria-invalid");
    if (!importForm.data.files.length) {
      importForm.data.setAttribute("aria-invalid", "true");
      importForm.data.focus();
      return;
    }
    const button = importForm.querySelector("button[type=submit]");
    button.disabled = true;
    progress.value = 0;
    block.hidden = false;
    showMessage(result, t("coverage.uploading"), "info");
    try {
      const body = await upload(new FormData(importForm), (fraction) => {
        progress.value = Math.round(fraction * 100);
      });
      progress.value = 100;
      showMessage(result, "", "ok");
      clear(
        result,
        h(
          "p",
          {},
          t(body.created === 1 ? "coverage.importedOne" : "coverage.imported", { n: body.created }),
        ),
        h(
          "ul",
          {},
          body.ids.slice(0, 20).map((newId) =>
            h("li", {}, h("a", { href: `profile.html?id=${newId}` }, `#${newId}`)),
          ),
        ),
      );
      importForm.reset();
    } catch (error) {
      block.hidden = true;
      const details = error instanceof ApiError ? importErrors(error) : null;
      if (details) {
        showMessage(result, "", "error");
        clear(result, h("p", {}, error.message), h("div", { class: "table-scroll" }, details));
      } else {
        showProblem(result, error);
      }
    } finally {
      button.disabled = false;
    }
  });
}

async function main() {
  const me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  form.on.value = new URLSearchParams(location.search).get("on") || today();
  form.hidden = false;
  document.getElementById("csv-section").hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  setUpImport();
  onLangChange(draw);
  await load();
}

main();
