// request.html?id=N: one request's status page. Its details, bookings and history; while it
// is open, the ranked candidates (request-candidates.js) and the offers (request-offers.js);
// moving it to another time, or cancelling it, with a reason; a confirmed video session's room
// (request-room.js).

import { api } from "./api.js";
import { boot } from "./app.js";
import { onLangChange, t } from "./i18n.js";
import {
  clear,
  hideMessage,
  loadLanguages,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
} from "./ui.js";
import {
  LIVE_STATUSES,
  bookingsTable,
  eventsTable,
  needsReplacing,
  requestCodes,
  requestFacts,
  roomName,
  statusBadge,
} from "./request-views.js";
import { drawCandidates, setUpCandidates } from "./request-candidates.js";
import { drawOffers, setUpOffers } from "./request-offers.js";
import { drawRoom, setUpRoom } from "./request-room.js";

const $ = (id) => document.getElementById(id);

// Shared with the other modules of the page, which see each new answer here.
const page = {
  id: 0,
  role: "",
  request: null,
  events: [],
  rooms: new Map(), // facility id → name, for the rooms the viewer may see
  /** Reloads the request and its history and redraws; `said` is shown as a status message. */
  reload: null,
};

function draw() {
  const request = page.request;
  if (!request) return;
  $("request").hidden = false;
  $("q-title").textContent = t("request.title", { case: request.case_reference });
  document.title = `${t("request.title", { case: request.case_reference })} · ${t("app.name")}`;
  clear($("q-badge"), statusBadge("requestStatus", request.status));
  clear($("q-details"), requestFacts(request, { facilityName: page.rooms.get(request.facility) }));
  clear($("q-bookings"), bookingsTable(request.bookings, request.timezone));
  $("restaff").hidden = request.status !== "confirmed" || !request.bookings.some(needsReplacing);
  clear($("q-history"), eventsTable(page.events, request.timezone));
  $("cancel-section").hidden = !LIVE_STATUSES.includes(request.status);
  $("reschedule-section").hidden = !LIVE_STATUSES.includes(request.status);
  const move = $("reschedule-form");
  move.duration_minutes.placeholder = String(request.duration_minutes);
}

async function load() {
  const [request, events] = await Promise.all([
    api(`/api/v1/requests/${page.id}`),
    api(`/api/v1/requests/${page.id}/history`),
  ]);
  await loadLanguages(requestCodes(request));
  page.request = request;
  page.events = events;
  draw();
}

async function reload(said = null) {
  await load();
  await Promise.all([drawCandidates(), drawOffers(), drawRoom()]);
  if (said) {
    showMessage($("request-message"), said, "ok");
    $("q-title").focus();
  }
}

/** Sends a form's reason-bearing change and reloads the page with `done` said on top. */
function setUpChange(form, message, path, body, done) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(message);
    resetInvalid(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api(`/api/v1/requests/${page.id}/${path}`, { method: "POST", body: body(form) });
      form.reset();
      await reload(t(done));
    } catch (error) {
      showFormProblem(message, error, form);
    } finally {
      button.disabled = false;
    }
  });
}

function setUpForms() {
  setUpChange($("cancel-form"), $("cancel-message"), "cancel", (form) => ({
    reason: form.reason.value.trim(),
  }), "cancel.done");
  setUpChange($("reschedule-form"), $("reschedule-message"), "reschedule", (form) => ({
    start: form.start.value || null,
    // Empty: the session keeps its duration.
    duration_minutes: form.duration_minutes.value ? Number(form.duration_minutes.value) : null,
    reason: form.reason.value.trim(),
  }), "reschedule.done");
}

function setUpRestaff() {
  const button = $("restaff-button");
  button.addEventListener("click", async () => {
    hideMessage($("restaff-problem"));
    button.disabled = true;
    try {
      await api(`/api/v1/requests/${page.id}/restaff`, { method: "POST" });
      await reload(t("restaff.done"));
    } catch (error) {
      showProblem($("restaff-problem"), error);
    } finally {
      button.disabled = false;
    }
  });
}

/** The names of the rooms the viewer may see; a request names its room by id. */
async function loadRooms() {
  const rooms = await api("/api/v1/facilities");
  page.rooms = new Map(rooms.map((room) => [room.id, roomName(room)]));
}

async function main() {
  const me = await boot({ roles: ["prosecutor", "court", "coordinator"] });
  if (!me) return;
  page.id = Number.parseInt(new URLSearchParams(location.search).get("id") || "", 10);
  page.role = me.user.role;
  page.reload = reload;
  if (!Number.isInteger(page.id) || page.id < 1) {
    showMessage($("request-problem"), t("request.missingId"), "error");
    return;
  }
  try {
    await Promise.all([load(), loadRooms()]);
  } catch (error) {
    showProblem($("request-problem"), error);
    return;
  }
  draw();
  setUpForms();
  setUpRestaff();
  setUpCandidates(page);
  setUpOffers(page);
  setUpRoom(page);
  onLangChange(() => {
    draw();
    // Reasons and problems come in the interface's language: ask again.
    drawCandidates();
    drawOffers({ refetch: false });
    drawRoom({ refetch: false });
  });
  await Promise.all([drawCandidates(), drawOffers(), drawRoom()]);
}

main();
