// The room page's own camera and microphone, and the pre-join connectivity check: a
// throwaway peer connection to the hub whose data channel echoes what it is sent.

import { api } from "./api.js";

const PROBE_SECONDS = 15;
const PINGS = 5;

/** The peer connection settings of the room: the ICE servers /check gave (an empty list
 * when none: no default STUN server is ever added) and everything on one transport. */
export function rtcConfiguration(iceServers) {
  return {
    iceServers: (iceServers || []).map((server) => ({
      urls: server.urls,
      ...(server.username ? { username: server.username } : {}),
      ...(server.credential ? { credential: server.credential } : {}),
    })),
    bundlePolicy: "max-bundle",
  };
}

/** Resolves once `pc` has gathered every candidate (or after `seconds`, with what it has). */
export function gathered(pc, seconds = 10) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    }, seconds * 1000);
    pc.addEventListener("icegatheringstatechange", done);
  });
}

/** The local camera and microphone; `choose()` switches devices, keeping enabled flags. */
export class LocalMedia {
  constructor() {
    this.stream = null;
    this.error = null;
    this.micEnabled = true;
    this.camEnabled = true;
  }

  get audio() {
    return this.stream ? this.stream.getAudioTracks()[0] || null : null;
  }

  get video() {
    return this.stream ? this.stream.getVideoTracks()[0] || null : null;
  }

  /** Opens the devices (the default ones, or those named); false (with `error`) on refusal. */
  async open({ audioId = "", videoId = "" } = {}) {
    const constraints = {
      audio: audioId ? { deviceId: { exact: audioId } } : true,
      video: videoId
        ? { deviceId: { exact: videoId }, width: { ideal: 640 }, height: { ideal: 480 } }
        : { width: { ideal: 640 }, height: { ideal: 480 } },
    };
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      this.error = error;
      return false;
    }
    this.stop();
    this.stream = stream;
    this.error = null;
    this.setMic(this.micEnabled);
    this.setCam(this.camEnabled);
    return true;
  }

  async devices() {
    const all = await navigator.mediaDevices.enumerateDevices();
    return {
      cameras: all.filter((d) => d.kind === "videoinput"),
      microphones: all.filter((d) => d.kind === "audioinput"),
    };
  }

  setMic(enabled) {
    this.micEnabled = enabled;
    if (this.audio) this.audio.enabled = enabled;
  }

  setCam(enabled) {
    this.camEnabled = enabled;
    if (this.video) this.video.enabled = enabled;
  }

  stop() {
    if (this.stream) for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
  }
}

function timeout(seconds, reason) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(reason)), seconds * 1000));
}

/**
 * The connectivity check: resolves to the median round trip in ms of PINGS messages over a
 * data channel to the hub; rejects with the reason it failed. The connection is closed
 * afterwards either way.
 */
export async function probeConnection(token, iceServers, timeoutReason) {
  const pc = new RTCPeerConnection(rtcConfiguration(iceServers));
  const channel = pc.createDataChannel("probe");
  const opened = new Promise((resolve, reject) => {
    channel.addEventListener("open", resolve, { once: true });
    pc.addEventListener("connectionstatechange", () => {
      if (pc.connectionState === "failed") reject(new Error("ICE failed"));
    });
  });
  try {
    const work = (async () => {
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const answer = await api("/api/v1/video/probe", {
        method: "POST",
        body: { token, sdp: pc.localDescription.sdp },
        redirectOn401: false,
      });
      await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
      await opened;
      const times = [];
      for (let i = 0; i < PINGS; i += 1) times.push(await ping(channel, i));
      times.sort((a, b) => a - b);
      return Math.max(1, Math.round(times[Math.floor(times.length / 2)]));
    })();
    return await Promise.race([work, timeout(PROBE_SECONDS, timeoutReason(PROBE_SECONDS))]);
  } finally {
    channel.close();
    pc.close();
  }
}

function ping(channel, n) {
  return new Promise((resolve) => {
    const text = `ping ${n} ${Math.random()}`;
    const sent = performance.now();
    const echoed = (event) => {
      if (event.data !== text) return;
      channel.removeEventListener("message", echoed);
      resolve(performance.now() - sent);
    };
    channel.addEventListener("message", echoed);
    channel.send(text);
  });
}
