// room.html: a participant's video room, opened by their personal link. The token is in
// location.hash (never in a query, so it reaches no server log); it goes to the server only
// in the body of /check and /probe and in the WebSocket's join message.
//
// Pre-join (who, when, camera and microphone, connectivity check) → lobby (waiting to be
// admitted) → room (tiles, own controls, the host's panel, consent to record) → closed.

import { ApiError, api } from "./api.js";
import { boot } from "./app.js";
import { lang, onLangChange, t } from "./i18n.js";
import { RoomCall } from "./room-call.js";
import { hostPanel } from "./room-host.js";
import { LocalMedia, probeConnection } from "./room-media.js";
import { Tiles } from "./room-tiles.js";
import { clear, dateTime, h, hideMessage, showMessage, showProblem } from "./ui.js";

const $ = (id) => document.getElementById(id);
const CLOSE_CODES = {
  4400: "badJoin",
  4403: "forbidden",
  4404: "invalid",
  4409: "replaced",
  4410: "gone",
};

const token = decodeURIComponent(location.hash.slice(1));
const media = new LocalMedia();
const state = {
  seat: null, // the /check answer
  probe: null, // {ms} or {error}
  phase: "check", // check | prejoin | connecting | waiting | room | closed
  closed: null, // why the room closed: a key under room.closed, or {message}
  you: null,
  waiting: null, // the lobby, for whoever may admit (null: not told)
  participants: [],
  recording: false,
  asking: false,
  quality: [],
  hostNotice: "",
  notice: "",
};
let call = null;
let tiles = null;
let panel = null;
// For tests and troubleshooting: the call (its peer connection is `window.__room.call.pc`).
window.__room = { state, media, get call() { return call; } };

function status(key) {
  const box = $("room-status");
  if (!key) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.textContent = t(key);
}

// Pre-join.

function drawSeat() {
  const seat = state.seat;
  const label = seat.label || t(`roomRole.${seat.role}`);
  $("who").textContent = t("room.who", { name: seat.name, label });
  const ends = new Date(seat.ends_at);
  const sameDay = new Date(seat.starts_at).toDateString() === ends.toDateString();
  $("when").textContent = t("room.when", {
    from: dateTime(seat.starts_at),
    // The end's date only when it differs from the start's.
    to: sameDay
      ? ends.toLocaleTimeString(lang() === "en" ? "en-GB" : "es", { timeStyle: "short" })
      : dateTime(seat.ends_at),
  });
  $("zone").textContent = t("room.zone", {
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  const early = new Date(seat.opens_at) > new Date();
  $("opens").hidden = !early;
  $("opens").textContent = t("room.opensAt", { when: dateTime(seat.opens_at) });
}

function drawProbe() {
  const box = $("probe-result");
  const probe = state.probe;
  $("probe-again").hidden = !probe;
  if (!probe) {
    showMessage(box, t("room.probeRunning"), "info");
  } else if (probe.error) {
    showMessage(box, t("room.probeFailed", { reason: probe.error }), "error");
  } else {
    showMessage(box, t("room.probeOk", { ms: probe.ms }), "ok");
  }
}

async function runProbe() {
  state.probe = null;
  drawProbe();
  try {
    const ms = await probeConnection(token, state.seat.ice_servers, (seconds) =>
      t("room.probeTimeout", { seconds }),
    );
    state.probe = { ms };
  } catch (error) {
    state.probe = { error: error instanceof ApiError ? error.message : String(error.message) };
  }
  drawProbe();
}

function drawMediaProblem() {
  const box = $("media-problem");
  if (media.error) {
    showMessage(box, t("room.mediaError", { error: media.error.message || media.error.name }), "error");
  } else hideMessage(box);
}

async function fillDevices() {
  const { cameras, microphones } = await media.devices();
  const fill = (select, devices, current) => {
    clear(
      select,
      devices.length ? null : h("option", { value: "" }, t("room.noDevice")),
      devices.map((d, i) => h("option", { value: d.deviceId }, d.label || `${select.id} ${i + 1}`)),
    );
    if (current) select.value = current;
  };
  fill($("camera"), cameras, media.video && media.video.getSettings().deviceId);
  fill($("microphone"), microphones, media.audio && media.audio.getSettings().deviceId);
}

async function switchDevices() {
  await media.open({ audioId: $("microphone").value, videoId: $("camera").value });
  drawMediaProblem();
  $("preview").srcObject = media.stream;
  if (call) {
    await call.replaceLocal();
    tiles.refresh(state.participants);
  }
}

async function prejoin() {
  if (!token) {
    showProblem($("room-problem"), new Error(t("room.noToken")));
    status(null);
    return;
  }
  try {
    state.seat = await api("/api/v1/video/check", {
      method: "POST",
      body: { token },
      redirectOn401: false,
    });
  } catch (error) {
    status(null);
    const box = $("room-problem");
    showProblem(box, error);
    box.prepend(h("h2", {}, t("room.refusedHeading")));
    // A link used too early: when the room opens, on this browser's clock (if the problem
    // names it).
    if (error instanceof ApiError && error.problem.opens_at) {
      box.append(h("p", {}, t("room.opensAt", { when: dateTime(error.problem.opens_at) })));
    }
    return;
  }
  state.phase = "prejoin";
  status(null);
  drawSeat();
  $("prejoin").hidden = false;
  await media.open();
  drawMediaProblem();
  $("preview").srcObject = media.stream;
  await fillDevices();
  $("camera").addEventListener("change", switchDevices);
  $("microphone").addEventListener("change", switchDevices);
  $("probe-again").addEventListener("click", runProbe);
  // Ready once the camera and microphone were asked for (the check may still run: a
  // failed check warns, it does not keep anyone out).
  $("enter").addEventListener("click", enter);
  $("enter").disabled = false;
  await runProbe();
}

// The room.

function enter() {
  $("prejoin").hidden = true;
  state.phase = "connecting";
  status("room.connecting");
  tiles = new Tiles($("tiles"), (person) => call.streamOf(person), () => media.stream);
  panel = hostPanel($("host-panel"), state, (message) => call.send(message));
  call = new RoomCall({
    token,
    iceServers: state.seat.ice_servers,
    media,
    on: { message: received, tracks: () => tiles.refresh(state.participants), closed },
  });
  call.connect();
}

function received(message) {
  switch (message.type) {
    case "joined":
      state.you = message.you;
      state.phase = "waiting";
      status("room.waiting");
      break;
    case "admitted":
      state.phase = "room";
      status(null);
      $("room").hidden = false;
      drawControls();
      panel.draw();
      break;
    case "lobby":
      state.waiting = message.waiting;
      panel.draw();
      break;
    case "participants":
      state.participants = message.participants;
      state.recording = message.recording;
      tiles.draw(state.participants);
      drawRecording();
      panel.draw();
      break;
    case "quality":
      state.quality = message.participants;
      panel.drawQuality();
      break;
    case "muted":
      notice(t(message.muted ? "room.mutedByHost" : "room.unmutedByHost"));
      break;
    case "recording":
      state.recording = message.active;
      state.asking = false;
      if (message.active) state.hostNotice = "";
      drawRecording();
      panel.draw();
      break;
    case "recording_refused":
      state.asking = false;
      state.hostNotice = refusal(message);
      panel.draw();
      break;
    case "consent_request":
      askConsent(message.recording);
      break;
    case "error":
      // A refused message (bad_message, forbidden) says why; the room goes on.
      notice(message.message, "error");
      break;
    default:
      break;
  }
}

function refusal(message) {
  if (message.reason === "timeout") return t("room.recordTimeout");
  if (message.reason === "no_media") return t("room.recordNoMedia");
  const who = state.participants.find((p) => p.id === message.by);
  return t("room.recordRefused", { name: who ? who.name : t("room.someone") });
}

function notice(text, kind = "info") {
  state.notice = text;
  showMessage($("room-notice"), text, kind);
}

function drawRecording() {
  $("recording-indicator").hidden = !state.recording;
}

function drawControls() {
  const mic = $("toggle-mic");
  const cam = $("toggle-cam");
  mic.textContent = t(media.micEnabled ? "room.micOff" : "room.micOn");
  mic.setAttribute("aria-pressed", String(!media.micEnabled));
  cam.textContent = t(media.camEnabled ? "room.camOff" : "room.camOn");
  cam.setAttribute("aria-pressed", String(!media.camEnabled));
}

function askConsent(running) {
  const dialog = $("consent");
  $("consent-text").textContent = t(running ? "room.consentRunning" : "room.consentText");
  dialog.returnValue = "";
  if (!dialog.open) dialog.showModal();
}

function consentAnswered() {
  const answer = $("consent").returnValue;
  if (answer !== "yes" && answer !== "no") return;
  call.send({ type: "consent", granted: answer === "yes" });
  notice(t(answer === "yes" ? "room.consentGiven" : "room.consentRefused"));
}

function closed(reason) {
  state.phase = "closed";
  if (typeof reason === "string") state.closed = reason;
  else if (reason && reason.message) state.closed = reason;
  else state.closed = CLOSE_CODES[reason] || "lost";
  const dialog = $("consent");
  if (dialog.open) dialog.close();
  $("room").hidden = true;
  $("prejoin").hidden = true;
  tiles.clear();
  media.stop();
  state.recording = false;
  drawRecording();
  drawClosed();
}

function drawClosed() {
  status(null);
  const box = $("room-problem");
  const reason = state.closed;
  const text = typeof reason === "string" ? t(`room.closed.${reason}`) : reason.message;
  const calm = reason === "left" || reason === "ended";
  showMessage(box, h("p", {}, text), calm ? "info" : "error");
  if (reason === "lost" || reason === "replaced") {
    box.append(
      h("button", { type: "button", onclick: () => location.reload() }, t("room.reload")),
    );
  }
}

function redraw() {
  if (state.seat && state.phase === "prejoin") {
    drawSeat();
    drawProbe();
    drawMediaProblem();
  }
  if (state.phase === "waiting") status("room.waiting");
  if (state.phase === "room") {
    drawControls();
    tiles.draw(state.participants);
    panel.draw();
  }
  if (state.phase === "closed") drawClosed();
}

$("toggle-mic").addEventListener("click", () => {
  media.setMic(!media.micEnabled);
  drawControls();
});
$("toggle-cam").addEventListener("click", () => {
  media.setCam(!media.camEnabled);
  drawControls();
});
$("leave").addEventListener("click", () => call.leave());
$("consent").addEventListener("close", consentAnswered);
onLangChange(redraw);

await boot({ requireAuth: false });
await prejoin();
