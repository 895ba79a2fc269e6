// The host's panel of the room page: the waiting room (admit, refuse), the people in the
// room (mute, remove), recording, ending the session and the quality of each connection.
// A court participant sees the parts it may use while no host is present.

import { t } from "./i18n.js";
import { clear, h, showMessage, table } from "./ui.js";

// Each reading's field, its column's short heading and the heading in full (a tooltip, and
// what screen readers say).
const QUALITY = [
  ["rtt_ms", "room.colRttShort", "room.colRtt"],
  ["loss_in_percent", "room.colLossInShort", "room.colLossIn"],
  ["loss_out_percent", "room.colLossOutShort", "room.colLossOut"],
  ["upload_kbps", "room.colUploadShort", "room.colUpload"],
  ["download_kbps", "room.colDownloadShort", "room.colDownload"],
];

export function displayName(person) {
  return person.label ? t("room.who", { name: person.name, label: person.label }) : person.name;
}

function number(value) {
  return value === null || value === undefined ? t("common.none") : String(value);
}

/**
 * The panel in `root`, drawn from the page's `state` ({you, waiting, participants, quality,
 * recording, asking, hostNotice}); `send` sends a signaling message. `draw()` redraws all
 * but the quality table, which `drawQuality()` redraws alone (every 2 seconds).
 */
export function hostPanel(root, state, send) {
  const heading = h("h2", { id: "host-heading" });
  const notice = h("div", { id: "host-notice", role: "status", "aria-live": "polite" });
  const lobby = h("section", { class: "host-part", "aria-labelledby": "lobby-heading" });
  const people = h("section", { class: "host-part", "aria-labelledby": "people-heading" });
  const actions = h("div", { class: "actions" });
  const quality = h("section", { class: "host-part", "aria-labelledby": "quality-heading" });
  clear(root, heading, notice, lobby, people, actions, quality);

  function draw() {
    const role = state.you ? state.you.role : null;
    const isHost = role === "host";
    const mayAdmit = isHost || state.waiting !== null;
    root.hidden = !isHost && !mayAdmit && !(role === "court" && state.recording);
    if (root.hidden) return;
    heading.textContent = t("room.hostHeading");
    if (state.hostNotice) showMessage(notice, state.hostNotice, "info");
    else notice.hidden = true;
    lobby.hidden = !mayAdmit;
    if (mayAdmit) drawLobby(lobby, state.waiting || [], send);
    const others = state.participants.filter((p) => !p.you);
    people.hidden = !isHost || !others.length;
    if (!people.hidden) {
      clear(
        people,
        h("h3", { id: "people-heading" }, t("room.peopleHeading")),
        h("ul", { class: "people", id: "people-list" }, others.map((p) => personRow(p, send))),
      );
    }
    clear(actions, actionButtons(state, role, send, draw));
    quality.hidden = !isHost;
    drawQuality();
  }

  function drawQuality() {
    if (state.you && state.you.role === "host") drawQualityTable(quality, state);
  }

  return { draw, drawQuality };
}

function drawLobby(section, waiting, send) {
  clear(
    section,
    h("h3", { id: "lobby-heading" }, t("room.lobbyHeading"), ` (${waiting.length})`),
    waiting.length
      ? h(
          "ul",
          { class: "people", id: "lobby-list" },
          waiting.map((person) =>
            h(
              "li",
              {},
              h("span", { class: "person" }, displayName(person)),
              h(
                "span",
                { class: "buttons" },
                h(
                  "button",
                  {
                    type: "button",
                    class: "small",
                    "aria-label": t("room.admitLabel", { name: person.name }),
                    onclick: () => send({ type: "admit", participant: person.id }),
                  },
                  t("room.admit"),
                ),
                h(
                  "button",
                  {
                    type: "button",
                    class: "small secondary",
                    "aria-label": t("room.refuseLabel", { name: person.name }),
                    onclick: () => send({ type: "refuse", participant: person.id }),
                  },
                  t("room.refuse"),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "note" }, t("room.lobbyEmpty")),
  );
}

function actionButtons(state, role, send, redraw) {
  const buttons = [];
  if (role === "host" && !state.recording) {
    buttons.push(
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          disabled: state.asking,
          onclick: () => {
            state.asking = true;
            state.hostNotice = t("room.recordAsking");
            send({ type: "record", action: "start" });
            redraw();
          },
        },
        t("room.recordStart"),
      ),
    );
  }
  if (state.recording && (role === "host" || role === "court")) {
    buttons.push(
      h(
        "button",
        { type: "button", class: "secondary", onclick: () => send({ type: "record", action: "stop" }) },
        t("room.recordStop"),
      ),
    );
  }
  if (role === "host") {
    buttons.push(
      h(
        "button",
        {
          type: "button",
          class: "danger",
          onclick: () => {
            if (window.confirm(t("room.endConfirm"))) send({ type: "end" });
          },
        },
        t("room.end"),
      ),
    );
  }
  return buttons;
}

function personRow(person, send) {
  const name = person.name;
  return h(
    "li",
    {},
    h(
      "span",
      { class: "person" },
      displayName(person),
      person.muted ? h("span", { class: "badge warn" }, t("room.mutedBadge")) : null,
    ),
    h(
      "span",
      { class: "buttons" },
      h(
        "button",
        {
          type: "button",
          class: "small secondary",
          "aria-label": t(person.muted ? "room.unmuteLabel" : "room.muteLabel", { name }),
          onclick: () => send({ type: "mute", participant: person.id, muted: !person.muted }),
        },
        t(person.muted ? "room.unmute" : "room.mute"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "small danger",
          "aria-label": t("room.removeLabel", { name }),
          onclick: () => {
            if (window.confirm(t("room.removeConfirm", { name }))) {
              send({ type: "remove", participant: person.id });
            }
          },
        },
        t("room.remove"),
      ),
    ),
  );
}

function drawQualityTable(section, state) {
  const names = new Map(state.participants.map((p) => [p.id, p.you ? t("room.you") : p.name]));
  const rows = (state.quality || []).map((reading) => [
    names.get(reading.id) || String(reading.id),
    ...QUALITY.map(([key]) => number(reading[key])),
  ]);
  clear(
    section,
    h("h3", { id: "quality-heading" }, t("room.qualityHeading")),
    rows.length
      ? h(
          "div",
          { class: "table-scroll" },
          table(
            [
              t("room.colParticipant"),
              ...QUALITY.map(([, short, full]) =>
                h("abbr", { title: t(full) }, t(short)),
              ),
            ],
            rows,
            { className: "data quality" },
          ),
        )
      : h("p", { class: "note" }, t("room.qualityNone")),
  );
}
