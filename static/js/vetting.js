// vetting.html (coordinators): applicants and suspended interpreters; vetting decisions
// and credential verification.

import { api, query } from "./api.js";
import { boot } from "./app.js";
import { countryName, onLangChange, t } from "./i18n.js";
import {
  clear,
  drawPaging,
  enumOptions,
  h,
  hideMessage,
  loadLanguages,
  resetInvalid,
  showMessage,
  showProblem,
  table,
} from "./ui.js";
import {
  credentialsTable,
  historyTable,
  identityFacts,
  languageCodes,
  skillsTable,
  vettingBadge,
  vettingFacts,
} from "./views.js";

const PAGE_SIZE = 25;
const DATES = [
  "background_check_on",
  "background_check_expires_on",
  "confidentiality_signed_on",
  "code_of_conduct_accepted_on",
];

const listForm = document.getElementById("list-form");
const listProblem = document.getElementById("list-problem");
const listSection = document.getElementById("list-section");
const detail = document.getElementById("detail");
const vettingForm = document.getElementById("vetting-form");
let offset = 0;
let page = null;
let view = null;

function remember() {
  const state = { vetting_status: listForm.vetting_status.value, name: listForm.name.value.trim() };
  if (offset) state.offset = offset;
  if (view && !detail.hidden) state.open = view.id;
  history.replaceState(null, "", `vetting.html${query(state)}`);
}

function drawList() {
  if (!page) return;
  listSection.hidden = false;
  const list = document.getElementById("list");
  const paging = { one: "search.summaryOne", many: "search.summary", empty: "vetting.empty" };
  if (!drawPaging(page, document.getElementById("list-summary"), paging)) {
    clear(list);
    return;
  }
  clear(
    list,
    table(
      [t("col.name"), t("col.country"), t("col.status"), t("col.unverified"), t("col.actions")],
      page.items.map((item) => [
        h("th", { scope: "row" }, h("a", { href: `profile.html?id=${item.id}` }, item.display_name)),
        countryName(item.country),
        vettingBadge(item.vetting),
        String(item.credentials.filter((c) => !c.verified).length),
        h(
          "button",
          {
            type: "button",
            class: "small",
            "aria-label": t("vetting.reviewLabel", { name: item.display_name }),
            onclick: () => open(item.id),
          },
          t("vetting.review"),
        ),
      ]),
      { caption: h("span", { class: "sr-only" }, t("search.results")) },
    ),
  );
}

async function loadList() {
  hideMessage(listProblem);
  remember();
  try {
    page = await api(
      `/api/v1/interpreters${query({
        vetting_status: listForm.vetting_status.value,
        name: listForm.name.value.trim(),
        sort: "name",
        limit: PAGE_SIZE,
        offset,
      })}`,
    );
    drawList();
  } catch (error) {
    listSection.hidden = true;
    showProblem(listProblem, error, listForm);
  }
}

function drawDetail() {
  if (!view) return;
  detail.hidden = false;
  document.getElementById("d-name").textContent = view.display_name;
  clear(document.getElementById("d-badge"), vettingBadge(view.vetting));
  document.getElementById("d-profile").href = `profile.html?id=${view.id}`;
  clear(document.getElementById("d-vetting"), vettingFacts(view.vetting));
  document.getElementById("d-identity-block").hidden = !view.identity;
  clear(document.getElementById("d-identity"), view.identity ? identityFacts(view.identity) : null);
  clear(document.getElementById("d-skills"), skillsTable(view.skills));
  clear(
    document.getElementById("d-credentials"),
    credentialsTable(view.credentials, { onVerify: verify }),
  );
  const history = view.vetting.history || [];
  document.getElementById("d-history-block").hidden = !history.length;
  clear(document.getElementById("d-history"), history.length ? historyTable(history) : null);
}

function fillVettingForm() {
  const status = view.vetting.status;
  vettingForm.status.value = status === "vetted" || status === "revoked" ? status : "vetted";
  for (const name of DATES) vettingForm.elements.namedItem(name).value = view.vetting[name] || "";
  vettingForm.note.value = "";
  resetInvalid(vettingForm);
}

async function open(interpreterId) {
  hideMessage(document.getElementById("detail-problem"));
  hideMessage(document.getElementById("vetting-message"));
  hideMessage(document.getElementById("credential-message"));
  try {
    view = await api(`/api/v1/interpreters/${interpreterId}`);
  } catch (error) {
    detail.hidden = true;
    showProblem(listProblem, error);
    return;
  }
  await loadLanguages(languageCodes(view));
  drawDetail();
  fillVettingForm();
  remember();
  detail.focus();
}

async function verify(credential, button) {
  const message = document.getElementById("credential-message");
  hideMessage(message);
  button.disabled = true;
  try {
    view = await api(`/api/v1/interpreters/${view.id}/credentials/${credential.id}/verify`, {
      method: "POST",
    });
    drawDetail();
    showMessage(message, t("vetting.verified"), "ok");
    loadList();
  } catch (error) {
    button.disabled = false;
    showProblem(message, error);
  }
}

async function decide(event) {
  event.preventDefault();
  const message = document.getElementById("vetting-message");
  hideMessage(message);
  resetInvalid(vettingForm);
  const body = { status: vettingForm.status.value, note: vettingForm.note.value.trim() };
  for (const name of DATES) body[name] = vettingForm.elements.namedItem(name).value || null;
  const button = vettingForm.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    view = await api(`/api/v1/interpreters/${view.id}/vetting`, { method: "POST", body });
    drawDetail();
    fillVettingForm();
    showMessage(message, t("vetting.decided"), "ok");
    loadList();
  } catch (error) {
    showProblem(message, error, vettingForm);
  } finally {
    button.disabled = false;
  }
}

async function main() {
  const me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  enumOptions(listForm.vetting_status, "vettingStatus");
  enumOptions(vettingForm.status, "vettingStatus");
  const given = new URLSearchParams(location.search);
  listForm.vetting_status.value = given.get("vetting_status") || "applicant";
  if (!listForm.vetting_status.value) listForm.vetting_status.value = "applicant";
  listForm.name.value = given.get("name") || "";
  offset = Math.max(0, Number.parseInt(given.get("offset") || "0", 10) || 0);
  listForm.hidden = false;

  listForm.addEventListener("submit", (event) => {
    event.preventDefault();
    offset = 0;
    loadList();
  });
  listForm.vetting_status.addEventListener("change", () => {
    offset = 0;
    loadList();
  });
  document.getElementById("previous").addEventListener("click", () => {
    offset = Math.max(0, offset - PAGE_SIZE);
    loadList();
  });
  document.getElementById("next").addEventListener("click", () => {
    offset += PAGE_SIZE;
    loadList();
  });
  document.getElementById("d-close").addEventListener("click", () => {
    detail.hidden = true;
    view = null;
    remember();
  });
  vettingForm.addEventListener("submit", decide);
  onLangChange(() => {
    drawList();
    drawDetail();
  });

  await loadList();
  const openId = Number.parseInt(given.get("open") || "", 10);
  if (openId > 0) await open(openId);
}

main();
