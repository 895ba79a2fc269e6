// The room's WebSocket and the peer connection to the hub (README, "Signaling protocol").
// The hub always offers; this page answers, sending its camera and microphone on the first
// audio and video m-lines and receiving everyone else on the others.

import { gathered, rtcConfiguration } from "./room-media.js";

// The hub's messages after which it closes the socket: they say why better than a code.
const FINAL = new Set(["refused", "removed", "ended"]);

export class RoomCall {
  /**
   * `on.message(message)` gets every message but offers; `on.tracks()` runs when the
   * peer connection changed (the tiles re-attach); `on.closed(reason)` once, with the
   * final message's type, the hub's error code or the close code.
   */
  constructor({ token, iceServers, media, on }) {
    this.token = token;
    this.config = rtcConfiguration(iceServers);
    this.media = media;
    this.on = on;
    this.pc = null;
    this.ws = null;
    this.final = null;
    this.leaving = false;
    this.answering = Promise.resolve();
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = (this.ws = new WebSocket(`${scheme}//${location.host}/api/v1/video/ws`));
    ws.addEventListener("open", () => this.send({ type: "join", token: this.token }));
    ws.addEventListener("message", (event) => this.received(JSON.parse(event.data)));
    ws.addEventListener("close", (event) => {
      this.closePeer();
      this.on.closed(this.leaving ? "left" : this.final || event.code);
    });
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  received(message) {
    if (message.type === "offer") {
      // One answer at a time: a newer offer waits for the previous answer to be sent.
      this.answering = this.answering
        .then(() => this.answer(message.sdp))
        .catch((error) => console.warn("could not answer the hub's offer", error));
      return;
    }
    if (FINAL.has(message.type)) this.final = message.type;
    // An error before the socket closes says why the link does not open the room.
    if (message.type === "error" && !["bad_message", "forbidden"].includes(message.code)) {
      this.final = { code: message.code, message: message.message };
    }
    this.on.message(message);
  }

  async answer(sdp) {
    this.closePeer();
    const pc = (this.pc = new RTCPeerConnection(this.config));
    pc.addEventListener("track", () => this.on.tracks());
    await pc.setRemoteDescription({ type: "offer", sdp });
    const [audio, video] = pc.getTransceivers();
    await this.attach(audio, this.media.audio);
    await this.attach(video, this.media.video);
    await pc.setLocalDescription(await pc.createAnswer());
    // The whole answer at once: every candidate gathered (no trickle needed).
    await gathered(pc);
    if (this.pc !== pc) return;
    this.send({ type: "answer", sdp: pc.localDescription.sdp });
    this.on.tracks();
  }

  async attach(transceiver, track) {
    if (!transceiver) return;
    await transceiver.sender.replaceTrack(track);
    transceiver.direction = "sendonly";
  }

  /** Sends the newly chosen camera and microphone on the running connection. */
  async replaceLocal() {
    if (!this.pc) return;
    const [audio, video] = this.pc.getTransceivers();
    if (audio) await audio.sender.replaceTrack(this.media.audio);
    if (video) await video.sender.replaceTrack(this.media.video);
  }

  /** The received tracks showing a participant ({audio, video} mids) as one stream. */
  streamOf(participant) {
    if (!this.pc || !participant.video) return null;
    const tracks = [];
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.mid === participant.audio || transceiver.mid === participant.video) {
        tracks.push(transceiver.receiver.track);
      }
    }
    return tracks.length ? new MediaStream(tracks) : null;
  }

  leave() {
    this.leaving = true;
    this.send({ type: "leave" });
    this.closePeer();
    if (this.ws) this.ws.close(1000, "left");
  }

  closePeer() {
    if (this.pc) this.pc.close();
  }
}
