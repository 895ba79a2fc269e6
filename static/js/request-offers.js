// The offers on request.html: the request offered to the best free interpreters in waves,
// and every offer followed: to whom, in which wave, and each answer with its reason.

import { api } from "./api.js";
import { t } from "./i18n.js";
import { clear, dateTime, h, hideMessage, resetInvalid, showFormProblem, table } from "./ui.js";
import { momentIn, personCell, statusBadge } from "./request-views.js";

const $ = (id) => document.getElementById(id);

let page = null; // request.js's shared page state
let offers = [];

export function setUpOffers(shared) {
  page = shared;
  $("offers-form").addEventListener("submit", send);
}

/** Whether offers can be sent now: only a request nobody was offered or booked yet. */
function canSend() {
  return page.request.status === "requested";
}

/** Fetches the offers again (unless `refetch` is false) and draws them. */
export async function drawOffers({ refetch = true } = {}) {
  const request = page.request;
  const section = $("offers-section");
  if (refetch) {
    hideMessage($("offers-problem"));
    try {
      offers = await api(`/api/v1/requests/${page.id}/offers`);
    } catch (error) {
      offers = [];
      showFormProblem($("offers-problem"), error, $("offers-form"));
    }
  }
  section.hidden = !canSend() && !offers.length;
  if (section.hidden) return;
  const form = $("offers-form");
  form.hidden = !canSend();
  const hasWindow = request.earliest_start !== request.latest_start;
  $("o-start-field").hidden = !hasWindow;
  if (hasWindow && !form.start.value) form.start.value = request.earliest_start.slice(0, 16);
  form.start.min = request.earliest_start.slice(0, 16);
  form.start.max = request.latest_start.slice(0, 16);
  $("offers-wave").textContent = waveText();
  drawTable();
}

function waveText() {
  const request = page.request;
  if (request.status !== "offered") return "";
  if (!request.next_wave_at) return t("offers.lastWave", { wave: request.wave });
  return t("offers.nextWave", {
    wave: request.wave,
    when: momentIn(request.next_wave_at, request.timezone),
  });
}

function drawTable() {
  const zone = page.request.timezone;
  clear(
    $("offers"),
    offers.length
      ? table(
          [
            t("col.rank"),
            t("col.interpreter"),
            t("col.wave"),
            t("col.status"),
            t("col.reason"),
            t("col.sentAt"),
            t("col.answeredAt"),
          ],
          offers.map((o) => [
            String(o.rank),
            personCell(o.interpreter, o.display_name),
            String(o.wave),
            statusBadge("offerStatus", o.status),
            o.reason || t("common.none"),
            dateTime(o.sent_at, zone),
            dateTime(o.answered_at, zone),
          ]),
          { caption: h("span", { class: "sr-only" }, t("offers.heading")) },
        )
      : null,
  );
}

async function send(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const problem = $("offers-problem");
  hideMessage(problem);
  resetInvalid(form);
  const body = { wave_size: form.wave_size.value === "" ? null : Number(form.wave_size.value) };
  if (!$("o-start-field").hidden && form.start.value) body.start = form.start.value;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await api(`/api/v1/requests/${page.id}/offers`, { method: "POST", body });
    await page.reload(t("offers.sent"));
  } catch (error) {
    showFormProblem(problem, error, form);
  } finally {
    button.disabled = false;
  }
}
