// request.html: the video room of a confirmed video session, for the requesting institution's
// prosecutors and courts. Its participants with their join links (copy, renew, withdraw), a
// form to add a guest (court, victim, defence, observer), the host's own way in, and the
// recordings with their SHA-256 and a download link. Links are only ever shown as text.

import { ApiError, api } from "./api.js";
import { label, t } from "./i18n.js";
import { momentIn } from "./request-views.js";
import {
  clear,
  h,
  hideMessage,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
  table,
} from "./ui.js";

const $ = (id) => document.getElementById(id);

// The page's shared state (request.js): its request, the viewer's role, its reload().
let page = null;
let participants = [];
// null: the viewer may not see the recordings (a court user not named in the session).
let recordings = [];

/** Whether the request has a room: a confirmed video session. */
export function hasRoom(request) {
  return Boolean(request) && request.modality === "video" && request.status === "confirmed";
}

function mayManage() {
  return ["prosecutor", "court"].includes(page.role) && hasRoom(page.request);
}

function path(rest = "") {
  return `/api/v1/requests/${page.id}/room/${rest}`;
}

function say(text, kind = "ok") {
  showMessage($("room-message"), text, kind);
}

/** Copies a link to the clipboard; without clipboard access, selects it for Ctrl+C. */
async function copyLink(person, input) {
  hideMessage($("room-message"));
  try {
    await navigator.clipboard.writeText(input.value);
    say(t("roomAdmin.copied", { name: person.display_name }));
  } catch {
    input.focus();
    input.select();
    say(t("roomAdmin.copyByHand"), "info");
  }
}

async function renew(person) {
  hideMessage($("room-message"));
  hideMessage($("room-problem"));
  try {
    await api(path(`participants/${person.id}/renew`), { method: "POST" });
    await drawRoom();
    say(t("roomAdmin.renewed", { name: person.display_name }));
  } catch (error) {
    showProblem($("room-problem"), error);
  }
}

async function withdraw(person) {
  if (!window.confirm(t("roomAdmin.withdrawConfirm", { name: person.display_name }))) return;
  hideMessage($("room-message"));
  hideMessage($("room-problem"));
  try {
    await api(path(`participants/${person.id}`), { method: "DELETE" });
    await drawRoom();
    say(t("roomAdmin.withdrawn", { name: person.display_name }));
  } catch (error) {
    showProblem($("room-problem"), error);
  }
}

/** The link as selectable text with its copy button; or why there is none. */
function linkCell(person) {
  if (person.revoked) {
    return h("span", { class: "badge bad" }, t("roomAdmin.linkWithdrawn"));
  }
  if (!person.link) return h("span", { class: "note" }, t("roomAdmin.linkByMail"));
  const input = h("input", {
    type: "text",
    class: "room-link",
    value: person.link,
    readOnly: true,
    "aria-label": t("roomAdmin.linkOf", { name: person.display_name }),
    onfocus: (event) => event.target.select(),
  });
  return h(
    "div",
    { class: "room-link-row" },
    input,
    rowButton(
      "secondary",
      t("roomAdmin.copy"),
      t("roomAdmin.copyLabel", { name: person.display_name }),
      () => copyLink(person, input),
    ),
  );
}

/** A small button in a participant's row, named for screen readers after that person. */
function rowButton(kind, text, name, action) {
  const attrs = { type: "button", class: `${kind} small`, "aria-label": name, onclick: action };
  return h("button", attrs, text);
}

function actionsCell(person) {
  // An interpreter's link reaches them in their invitation: it is not handed out here.
  if (person.role === "interpreter") return t("common.none");
  const who = { name: person.display_name };
  return h(
    "div",
    { class: "row-actions" },
    rowButton("secondary", t("roomAdmin.renew"), t("roomAdmin.renewLabel", who), () =>
      renew(person),
    ),
    person.role !== "host" && !person.revoked
      ? rowButton("danger", t("roomAdmin.withdraw"), t("roomAdmin.withdrawLabel", who), () =>
          withdraw(person),
        )
      : null,
  );
}

function drawParticipants() {
  const rows = participants.map((person) => [
    h(
      "th",
      { scope: "row" },
      person.display_name,
      // The default label is the role's own name: said once, in its column.
      person.label && person.label !== label("roomRole", person.role)
        ? h("span", { class: "room-label" }, person.label)
        : null,
    ),
    label("roomRole", person.role),
    linkCell(person),
    actionsCell(person),
  ]);
  clear(
    $("room-participants"),
    table(
      [t("roomAdmin.colName"), t("col.role"), t("roomAdmin.colLink"), t("roomAdmin.colActions")],
      rows,
      { caption: h("span", { class: "sr-only" }, t("roomAdmin.participants")) },
    ),
  );
  for (const [i, row] of [...$("room-participants").querySelectorAll("tbody tr")].entries()) {
    row.dataset.participant = String(participants[i].id);
    if (participants[i].revoked) row.classList.add("revoked");
  }
  const host = participants.find((person) => person.role === "host" && person.link);
  const enter = $("room-enter");
  enter.hidden = !host;
  if (host) enter.href = host.link;
}

function shortHash(sha256) {
  return sha256 ? `${sha256.slice(0, 12)}…` : t("common.none");
}

function drawRecordings() {
  const box = $("room-recordings");
  if (recordings === null) {
    clear(box, h("p", { class: "note" }, t("roomAdmin.recordingsHidden")));
    return;
  }
  if (!recordings.length) {
    clear(box, h("p", { class: "note" }, t("roomAdmin.noRecordings")));
    return;
  }
  const zone = page.request.timezone;
  clear(
    box,
    table(
      [
        t("roomAdmin.colStarted"),
        t("roomAdmin.colStopped"),
        t("col.status"),
        "SHA-256",
        t("roomAdmin.colFile"),
      ],
      recordings.map((rec) => [
        momentIn(rec.started_at, zone),
        rec.stopped_at ? momentIn(rec.stopped_at, zone) : t("common.none"),
        label("recordingStatus", rec.status),
        rec.sha256 ? h("code", { title: rec.sha256 }, shortHash(rec.sha256)) : t("common.none"),
        rec.status === "complete"
          ? h(
              "a",
              { href: `/api/v1/recordings/${rec.id}/file`, download: "" },
              t("roomAdmin.download"),
            )
          : t("common.none"),
      ]),
      { caption: h("span", { class: "sr-only" }, t("roomAdmin.recordings")) },
    ),
    h("p", { class: "note" }, t("roomAdmin.zone", { zone })),
  );
}

async function fetchRecordings() {
  try {
    return await api(path("recordings"));
  } catch (error) {
    // A court user not named in the session may manage links but not see the recordings.
    if (error instanceof ApiError && [403, 404].includes(error.status)) return null;
    throw error;
  }
}

/** Shows the section when the request has a room, with its participants and recordings. */
export async function drawRoom({ refetch = true } = {}) {
  const section = $("room-section");
  if (!page || !mayManage()) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  if (refetch) {
    try {
      [participants, recordings] = await Promise.all([
        api(path("participants")),
        fetchRecordings(),
      ]);
    } catch (error) {
      showProblem($("room-problem"), error);
      return;
    }
  }
  drawParticipants();
  drawRecordings();
}

function guestBody(form) {
  const role = form.role.value;
  const email = form.user_email.value.trim();
  return {
    role,
    display_name: form.display_name.value.trim(),
    label: form.label.value.trim(),
    user_email: role === "court" && email ? email : null,
  };
}

function showEmailField(form) {
  $("g-email-field").hidden = form.role.value !== "court";
}

export function setUpRoom(shared) {
  page = shared;
  const form = $("guest-form");
  form.role.addEventListener("change", () => showEmailField(form));
  showEmailField(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problem = $("guest-problem");
    hideMessage(problem);
    hideMessage($("room-message"));
    resetInvalid(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const added = await api(path("participants"), { method: "POST", body: guestBody(form) });
      form.reset();
      showEmailField(form);
      await drawRoom();
      say(t("roomAdmin.added", { name: added.display_name }));
    } catch (error) {
      showFormProblem(problem, error, form);
    } finally {
      button.disabled = false;
    }
  });
}
