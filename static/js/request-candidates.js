// The candidates on request.html: interpreters who pass every hard filter and are free, best
// first, each score explained reason by reason; teams for sessions that need two, relays
// through a pivot language when nobody covers the pair. One button books each; coordinators
// assign by hand instead, with a reason, and may replace a confirmed request's interpreters.

import { ApiError, api, query } from "./api.js";
import { countryName, t } from "./i18n.js";
import {
  clear,
  h,
  hideMessage,
  languageName,
  loadLanguages,
  resetInvalid,
  showFormProblem,
  showProblem,
} from "./ui.js";
import { OPEN_STATUSES, clockIn, dayIn, momentIn, pairText } from "./request-views.js";

const LIMIT = 20;
const $ = (id) => document.getElementById(id);

let page = null; // request.js's shared page state
let answer = null; // the last MatchOut
let asked = ""; // one start asked for (the requester's local time), or "" for the window

export function setUpCandidates(shared) {
  page = shared;
  const form = $("start-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    asked = form.start.value;
    drawCandidates();
  });
  $("c-any-start").addEventListener("click", () => {
    asked = "";
    form.start.value = "";
    drawCandidates();
  });
  // The reason goes with the button pressed; Enter alone assigns nobody.
  $("assign-form").addEventListener("submit", (event) => event.preventDefault());
}

/** Coordinators assign (POST …/assign, with a reason kept in the history). */
function assigning() {
  return page.role === "coordinator";
}

/** The string of `key`, or of its coordinator's wording ("candidates.book" → "…assign"). */
function verb(key, vars = {}) {
  return t(assigning() ? key.replace(".book", ".assign") : key, vars);
}

function bookable() {
  const status = page.request.status;
  return OPEN_STATUSES.includes(status) || (assigning() && status === "confirmed");
}

/** The wall-clock part of an ISO time written in the requester's zone: "2026-05-14T09:00". */
function wallClock(iso) {
  return iso.slice(0, 16);
}

function setUpStartForm() {
  const request = page.request;
  const form = $("start-form");
  form.hidden = request.earliest_start === request.latest_start;
  form.start.min = wallClock(request.earliest_start);
  form.start.max = wallClock(request.latest_start);
}

/** Fetches the candidates again (unless `refetch` is false) and draws them. */
export async function drawCandidates({ refetch = true } = {}) {
  const section = $("candidates-section");
  section.hidden = !bookable();
  if (section.hidden) return;
  setUpStartForm();
  $("assign-form").hidden = !assigning();
  if (refetch) {
    hideMessage($("candidates-problem"));
    const summary = $("candidates-summary");
    summary.textContent = t("common.loading");
    try {
      answer = await api(
        `/api/v1/requests/${page.id}/candidates${query({ start: asked, limit: LIMIT })}`,
      );
      await loadLanguages(
        answer.relays.flatMap((r) => r.members.flatMap((m) => [m.language, m.working_language])),
      );
    } catch (error) {
      answer = null;
      summary.textContent = "";
      clear($("candidates"));
      showProblem($("candidates-problem"), error, $("start-form"));
      return;
    }
  }
  render();
}

function summaryText() {
  if (!answer.qualified && answer.relays.length) return t("candidates.onlyRelays");
  if (!answer.qualified) return t("candidates.noneQualified");
  return t("candidates.summary", { free: answer.free, qualified: answer.qualified });
}

function render() {
  if (!answer) return;
  $("candidates-summary").textContent = summaryText();
  const needsTeam = answer.interpreters_needed > 1;
  if (!answer.candidates.length && !answer.relays.length) {
    const note = answer.qualified ? h("p", { class: "note" }, t("candidates.nobodyFree")) : null;
    clear($("candidates"), note);
    return;
  }
  clear(
    $("candidates"),
    needsTeam ? teamsBlock() : null,
    answer.relays.length ? relaysBlock() : null,
    answer.relays.length && !answer.candidates.length ? null : candidatesBlock(!needsTeam),
  );
}

function reasonsList(reasons) {
  return h(
    "ul",
    { class: "reasons" },
    reasons.map((r) =>
      h(
        "li",
        {},
        h(
          "span",
          { class: `points ${r.points > 0 ? "plus" : r.points < 0 ? "minus" : "zero"}` },
          r.points > 0 ? `+${r.points}` : r.points < 0 ? `−${-r.points}` : "0",
          h("span", { class: "sr-only" }, ` ${t("candidates.pointsWord")}:`),
        ),
        " ",
        r.text,
      ),
    ),
  );
}

/** "mié, 14 may 2026 · 09:00 (10:00 en Europe/Madrid para la persona intérprete)". */
function startsText(candidate) {
  const zone = page.request.timezone;
  const here = momentIn(candidate.start, zone);
  // Same clock (Guatemala and Honduras, say): one time says it all.
  if (momentIn(candidate.local_start, candidate.timezone) === here) return here;
  const sameDay = dayIn(candidate.local_start, candidate.timezone) === dayIn(candidate.start, zone);
  const there = sameDay
    ? clockIn(candidate.local_start, candidate.timezone)
    : momentIn(candidate.local_start, candidate.timezone);
  return t("candidates.localStart", { here, there, zone: candidate.timezone });
}

function scoreBadge(score) {
  return h("span", { class: "badge score" }, t("candidates.points", { n: score }));
}

/** `who` names the interpreters booked, for the message should the booking be refused. */
function bookButton(text, ariaLabel, who, body) {
  return h(
    "button",
    { type: "button", class: "book", "aria-label": ariaLabel, onclick: () => book(body, who) },
    text,
  );
}

/** One interpreter: name, score, what they cover and when, and every reason. */
function person(candidate, { button = null, showStart = true } = {}) {
  return [
    h(
      "div",
      { class: "candidate-head" },
      h(
        "a",
        { class: "candidate-name", href: `profile.html?id=${candidate.interpreter}` },
        candidate.display_name,
      ),
      scoreBadge(candidate.score),
      button,
    ),
    h(
      "p",
      { class: "candidate-facts" },
      [
        pairText(candidate.language, candidate.working_language),
        t("candidates.level", { n: candidate.proficiency }),
        countryName(candidate.country),
        showStart ? t("candidates.starts", { when: startsText(candidate) }) : null,
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    reasonsList(candidate.reasons),
  ];
}

function candidatesBlock(canBook) {
  const items = answer.candidates.map((c) =>
    h(
      "li",
      { class: "candidate", dataset: { interpreter: c.interpreter } },
      person(c, {
        button: canBook
          ? bookButton(
              verb("candidates.book"),
              verb("candidates.bookLabel", { name: c.display_name }),
              c.display_name,
              { interpreter: c.interpreter, start: c.start },
            )
          : null,
      }),
    ),
  );
  return h(
    "div",
    { class: "candidate-block" },
    h("h3", {}, t("candidates.people")),
    canBook ? null : h("p", { class: "note" }, t("candidates.teamOnly")),
    h("ol", { class: "ranked", "aria-label": t("candidates.people") }, items),
  );
}

/** A team or a relay: both members free at one start, booked together. */
function pairItem(pair, { heading, bookText, bookLabel, body }) {
  const who = t("candidates.team", names(pair));
  return h(
    "li",
    { class: "candidate pair" },
    h(
      "div",
      { class: "candidate-head" },
      h("strong", {}, heading),
      scoreBadge(pair.score),
      bookButton(bookText, bookLabel, who, body),
    ),
    h(
      "p",
      { class: "candidate-facts" },
      t("candidates.pairStarts", { when: momentIn(pair.start, page.request.timezone) }),
    ),
    h(
      "div",
      { class: "members" },
      pair.members.map((m) => h("div", { class: "member" }, person(m, { showStart: false }))),
    ),
  );
}

function names(pair) {
  return { first: pair.members[0].display_name, second: pair.members[1].display_name };
}

function teamsBlock() {
  const items = answer.teams.map((team) =>
    pairItem(team, {
      heading: t("candidates.team", names(team)),
      bookText: verb("candidates.bookTeam"),
      bookLabel: verb("candidates.bookTeamLabel", names(team)),
      body: {
        interpreter: team.members[0].interpreter,
        partner: team.members[1].interpreter,
        start: team.start,
      },
    }),
  );
  return h(
    "div",
    { class: "candidate-block" },
    h("h3", {}, t("candidates.teams")),
    h("p", { class: "note" }, t("candidates.teamsNote")),
    items.length
      ? h("ol", { class: "ranked", "aria-label": t("candidates.teams") }, items)
      : h("p", { class: "note" }, t("candidates.noTeams")),
  );
}

function relaysBlock() {
  const items = answer.relays.map((relay) => {
    const vars = { ...names(relay), pivot: languageName(relay.pivot_language) };
    return pairItem(relay, {
      heading: t("candidates.relay", vars),
      bookText: verb("candidates.bookRelay"),
      bookLabel: verb("candidates.bookRelayLabel", vars),
      body: {
        interpreter: relay.members[0].interpreter,
        partner: relay.members[1].interpreter,
        pivot_language: relay.pivot_language,
        start: relay.start,
      },
    });
  });
  return h(
    "div",
    { class: "candidate-block" },
    h("h3", {}, t("candidates.relays")),
    h("p", { class: "note" }, t("candidates.relaysNote")),
    h("ol", { class: "ranked", "aria-label": t("candidates.relays") }, items),
  );
}

async function book(body, who) {
  const problem = $("candidates-problem");
  const reasonForm = $("assign-form");
  hideMessage(problem);
  hideMessage($("request-problem"));
  resetInvalid(reasonForm);
  const buttons = [...$("candidates").querySelectorAll("button.book")];
  for (const button of buttons) button.disabled = true;
  const path = assigning() ? "assign" : "booking";
  const sent = assigning() ? { ...body, reason: reasonForm.reason.value.trim() } : body;
  try {
    const request = await api(`/api/v1/requests/${page.id}/${path}`, {
      method: "POST",
      body: sent,
    });
    const names = request.bookings
      .filter((b) => b.status === "confirmed")
      .map((b) => b.display_name)
      .join(", ");
    reasonForm.reset();
    await page.reload(verb("candidates.booked", { names }));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) {
      if (assigning()) showFormProblem(problem, error, reasonForm);
      else showProblem(problem, error);
      for (const button of buttons) button.disabled = false;
      return;
    }
    // Someone was booked meanwhile, or a filter fails now: say so over fresh candidates.
    await page.reload();
    const box = $("candidates-section").hidden ? $("request-problem") : problem;
    box.hidden = false;
    box.className = "message error";
    clear(
      box,
      h("p", {}, h("strong", {}, verb("candidates.bookRefused", { who }))),
      h("p", {}, error.message),
      h("p", {}, t("candidates.reloaded")),
    );
    box.scrollIntoView({ block: "nearest" });
  }
}
