// offers.html (interpreters): open offers to accept or decline with a reason, the upcoming
// sessions, and the offers answered before. Times are on the interpreter's own clock; no
// victim's pseudonym or community ever reaches this page.

import { ApiError, api } from "./api.js";
import { boot } from "./app.js";
import { countryName, label, onLangChange, t } from "./i18n.js";
import {
  clear,
  definitions,
  h,
  hideMessage,
  loadLanguages,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
  table,
} from "./ui.js";
import { momentIn, pairText, sessionIn, statusBadge } from "./request-views.js";

const $ = (id) => document.getElementById(id);

let zone = "UTC";
let offers = []; // every offer, open or answered
let assignments = [];

function sessionTitle(session) {
  const pair = pairText(session.language, session.working_language);
  return `${label("sessionKind", session.session_kind)} · ${pair}`;
}

function sessionFacts(session) {
  const facts = [
    [t("inbox.when"), sessionIn(session.starts_at, session.ends_at, zone)],
    [t("request.duration"), t("request.minutes", { n: session.duration_minutes })],
    [t("request.mode"), label("mode", session.mode)],
    [t("request.modality"), label("modality", session.modality)],
    [t("request.place"), session.place || null],
    [t("request.variety"), session.variety || null],
    [t("inbox.institution"), `${session.institution} (${countryName(session.country)})`],
    [t("request.caseReference"), session.case_reference],
  ];
  return definitions(facts.filter(([, value]) => value !== null));
}

function declineForm(offer, when) {
  const id = `decline-${offer.id}`;
  const form = h(
    "form",
    { class: "decline", novalidate: true },
    h(
      "div",
      { class: "field" },
      h("label", { for: id }, t("inbox.declineReason")),
      h("input", { id, name: "reason", type: "text", maxlength: "500", required: true }),
    ),
    h(
      "button",
      { type: "submit", class: "secondary", "aria-label": t("inbox.declineLabel", { when }) },
      t("inbox.decline"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    answer(offer, "decline", form);
  });
  return form;
}

function offerCard(offer) {
  const when = momentIn(offer.starts_at, zone);
  return h(
    "li",
    { class: "offer", dataset: { offer: offer.id } },
    h(
      "div",
      { class: "candidate-head" },
      h("h3", {}, sessionTitle(offer)),
      offer.team ? h("span", { class: "badge" }, t("inbox.teamSeat")) : null,
    ),
    sessionFacts(offer),
    h(
      "div",
      { class: "offer-actions" },
      h(
        "button",
        {
          type: "button",
          class: "accept",
          "aria-label": t("inbox.acceptLabel", { when }),
          onclick: (event) => answer(offer, "accept", null, event.currentTarget),
        },
        t("inbox.accept"),
      ),
      declineForm(offer, when),
    ),
  );
}

function drawOpen() {
  // Soonest first: the API lists the newest offers first.
  const open = offers
    .filter((o) => o.status === "open")
    .sort((a, b) => new Date(a.starts_at) - new Date(b.starts_at));
  clear(
    $("open-offers"),
    open.length
      ? h("ul", { class: "offers plain" }, open.map(offerCard))
      : h("p", { class: "note" }, t("inbox.noOpen")),
  );
}

function drawAssignments() {
  // The API lists the last 30 days too: this page is for what is still to come.
  const now = Date.now();
  const upcoming = assignments.filter((a) => new Date(a.ends_at).getTime() > now);
  clear(
    $("assignments"),
    upcoming.length
      ? table(
          [
            t("col.session"),
            t("col.sessionKind"),
            t("col.languages"),
            t("col.modality"),
            t("inbox.institution"),
            t("col.role"),
            t("col.status"),
          ],
          upcoming.map((a) => [
            h("th", { scope: "row" }, sessionIn(a.starts_at, a.ends_at, zone)),
            [
              label("sessionKind", a.session_kind),
              h("br"),
              h("span", { class: "note" }, a.case_reference),
            ],
            pairText(a.language, a.working_language),
            [label("modality", a.modality), a.place ? [h("br"), a.place] : null],
            a.institution,
            label("bookingRole", a.role),
            statusBadge("requestStatus", a.status),
          ]),
          { caption: h("span", { class: "sr-only" }, t("inbox.assignments")) },
        )
      : h("p", { class: "note" }, t("inbox.noAssignments")),
  );
}

function drawPast() {
  const past = offers.filter((o) => o.status !== "open");
  clear(
    $("past-offers"),
    past.length
      ? table(
          [t("col.session"), t("col.sessionKind"), t("col.languages"), t("col.status")],
          past.map((o) => [
            h("th", { scope: "row" }, sessionIn(o.starts_at, o.ends_at, zone)),
            label("sessionKind", o.session_kind),
            pairText(o.language, o.working_language),
            statusBadge("offerStatus", o.status),
          ]),
          { caption: h("span", { class: "sr-only" }, t("inbox.past")) },
        )
      : h("p", { class: "note" }, t("inbox.noPast")),
  );
}

function draw() {
  $("inbox").hidden = false;
  $("inbox-zone").textContent = t("inbox.zone", { zone });
  drawOpen();
  drawAssignments();
  drawPast();
}

async function load() {
  [offers, assignments] = await Promise.all([
    api("/api/v1/offers?status=all"),
    api("/api/v1/assignments"),
  ]);
  await loadLanguages([...offers, ...assignments].flatMap((s) => [s.language, s.working_language]));
  draw();
}

async function answer(offer, action, form = null, button = null) {
  const message = $("inbox-message");
  const problem = $("inbox-problem");
  hideMessage(message);
  hideMessage(problem);
  if (form) resetInvalid(form);
  const control = button || form.querySelector("button[type=submit]");
  control.disabled = true;
  try {
    await api(`/api/v1/offers/${offer.id}/${action}`, {
      method: "POST",
      body: form ? { reason: form.reason.value.trim() } : undefined,
    });
    await load();
    showMessage(message, t(action === "accept" ? "inbox.accepted" : "inbox.declined"), "ok");
    message.scrollIntoView({ block: "nearest" });
  } catch (error) {
    control.disabled = false;
    if (error instanceof ApiError && error.status === 409) {
      // Withdrawn, taken by someone else, or the time is no longer free.
      await load();
      problem.hidden = false;
      problem.className = "message error";
      clear(
        problem,
        h("p", {}, h("strong", {}, t("inbox.gone", { when: momentIn(offer.starts_at, zone) }))),
        h("p", {}, error.message),
      );
    } else {
      if (form) showFormProblem(problem, error, form);
      else showProblem(problem, error);
    }
    problem.scrollIntoView({ block: "nearest" });
  }
}

async function main() {
  const me = await boot({ roles: ["interpreter"] });
  if (!me) return;
  try {
    if (me.user.interpreter_id) {
      zone = (await api(`/api/v1/interpreters/${me.user.interpreter_id}`)).timezone;
    }
    await load();
  } catch (error) {
    showProblem($("inbox-problem"), error);
    return;
  }
  onLangChange(draw);
}

main();
