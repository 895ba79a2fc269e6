// requests.html: a prosecutors' office's or a court's own requests; a coordinator's, those of
// their countries (with the ones still to be filled on their own). Unread notices on top.

import { api, query } from "./api.js";
import { boot } from "./app.js";
import { label, onLangChange, t } from "./i18n.js";
import {
  clear,
  dateTime,
  drawPaging,
  enumOptions,
  h,
  hideMessage,
  loadLanguages,
  showProblem,
  table,
} from "./ui.js";
import { setUpCalendarFeed } from "./calendar-feed.js";
import { pairText, startText, statusBadge } from "./request-views.js";

const PAGE_SIZE = 20;

const form = document.getElementById("list-form");
const problem = document.getElementById("list-problem");
const section = document.getElementById("list-section");
let offset = 0;
let page = null;

function filters() {
  const values = { status: form.status.value };
  if (!document.getElementById("open-field").hidden && form.open.checked) values.open = "true";
  return values;
}

function fromUrl() {
  const given = new URLSearchParams(location.search);
  form.status.value = given.get("status") || "";
  form.open.checked = given.get("open") === "true";
  offset = Math.max(0, Number.parseInt(given.get("offset") || "0", 10) || 0);
}

function interpreters(request) {
  const names = request.bookings.filter((b) => b.status === "confirmed").map((b) => b.display_name);
  return names.length ? names.join(", ") : t("common.none");
}

function draw() {
  if (!page) return;
  section.hidden = false;
  const list = document.getElementById("list");
  const paging = { one: "requests.summaryOne", many: "requests.summary", empty: "requests.empty" };
  if (!drawPaging(page, document.getElementById("list-summary"), paging)) {
    clear(list);
    return;
  }
  clear(
    list,
    table(
      [
        t("col.caseReference"),
        t("col.sessionKind"),
        t("col.languages"),
        t("col.start"),
        t("col.modality"),
        t("col.status"),
        t("col.interpreters"),
      ],
      page.items.map((r) => [
        h(
          "th",
          { scope: "row", class: "nowrap" },
          h("a", { href: `request.html?id=${r.id}` }, r.case_reference),
        ),
        label("sessionKind", r.session_kind),
        pairText(r.language, r.working_language),
        [startText(r), h("br"), h("span", { class: "note" }, r.timezone)],
        label("modality", r.modality),
        statusBadge("requestStatus", r.status),
        interpreters(r),
      ]),
      { caption: h("span", { class: "sr-only" }, t("requests.list")) },
    ),
  );
}

async function load() {
  hideMessage(problem);
  const values = filters();
  history.replaceState(null, "", `requests.html${query({ ...values, offset: offset || null })}`);
  try {
    const answer = await api(`/api/v1/requests${query({ ...values, limit: PAGE_SIZE, offset })}`);
    await loadLanguages(answer.items.flatMap((r) => [r.language, r.working_language]));
    page = { ...answer, offset, limit: PAGE_SIZE };
    draw();
  } catch (error) {
    section.hidden = true;
    showProblem(problem, error, form);
  }
}

// Notices: what the people of a request must act on (nobody accepted its offers, say).

let notices = [];

function drawNotices() {
  const section = document.getElementById("notices-section");
  section.hidden = !notices.length;
  clear(
    document.getElementById("notices"),
    notices.map((notice) =>
      h(
        "li",
        { class: "notice" },
        h("p", {}, notice.text),
        h(
          "p",
          { class: "note" },
          dateTime(notice.created_at),
          notice.request
            ? [" · ", h("a", { href: `request.html?id=${notice.request}` }, t("notices.open"))]
            : null,
          " · ",
          h(
            "button",
            { type: "button", class: "link-button", onclick: () => markRead(notice) },
            t("notices.read"),
          ),
        ),
      ),
    ),
  );
}

async function loadNotices() {
  try {
    notices = await api("/api/v1/notices?unread=true");
    drawNotices();
  } catch (error) {
    document.getElementById("notices-section").hidden = false;
    showProblem(document.getElementById("notices-problem"), error);
  }
}

async function markRead(notice) {
  try {
    await api(`/api/v1/notices/${notice.id}/read`, { method: "POST" });
    notices = notices.filter((n) => n.id !== notice.id);
    drawNotices();
  } catch (error) {
    showProblem(document.getElementById("notices-problem"), error);
  }
}

async function main() {
  const me = await boot({ roles: ["prosecutor", "court", "coordinator"] });
  if (!me) return;
  const isCoordinator = me.user.role === "coordinator";
  document.getElementById("new-request").hidden = isCoordinator;
  document.getElementById("open-field").hidden = !isCoordinator;
  enumOptions(form.status, "requestStatus", { any: true });
  fromUrl();
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
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
  onLangChange(() => {
    enumOptions(form.status, "requestStatus", { any: true });
    draw();
    // Notices are worded by the server in the interface's language.
    loadNotices();
  });
  await Promise.all([
    loadNotices(),
    load(),
    setUpCalendarFeed(document.getElementById("calendar-section")),
  ]);
}

main();
