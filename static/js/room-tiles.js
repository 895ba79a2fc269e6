// The tiles of the room: one per participant, each a <video> of what the hub sends of them
// (picture and sound), labelled with their name and role; one's own tile shows the preview.
// Tiles are kept across redraws so that nothing that plays is interrupted.

import { t } from "./i18n.js";
import { clear, h } from "./ui.js";
import { displayName } from "./room-host.js";

export class Tiles {
  /** `root` holds the tiles; `streamOf(participant)` gives the received stream or null. */
  constructor(root, streamOf, ownStream) {
    this.root = root;
    this.streamOf = streamOf;
    this.ownStream = ownStream;
    this.tiles = new Map(); // participant id → {el, video, caption, trackIds}
  }

  draw(participants) {
    const seen = new Set();
    for (const person of participants) {
      seen.add(person.id);
      let tile = this.tiles.get(person.id);
      if (!tile) {
        tile = this.create(person);
        this.tiles.set(person.id, tile);
      }
      this.root.append(tile.el); // keeps the roster's order
      this.label(tile, person);
      this.attach(tile, person.you ? this.ownStream() : this.streamOf(person));
    }
    for (const [id, tile] of this.tiles) {
      if (!seen.has(id)) {
        tile.video.srcObject = null;
        tile.el.remove();
        this.tiles.delete(id);
      }
    }
  }

  create(person) {
    const video = h("video", {
      autoplay: true,
      playsInline: true,
      // One's own sound is never played back; the others' is.
      muted: Boolean(person.you),
      class: person.you ? "mirror" : null,
    });
    video.dataset.participant = String(person.id);
    const caption = h("figcaption", {});
    const el = h("figure", { class: person.you ? "tile own" : "tile", role: "listitem" }, video, caption);
    return { el, video, caption, trackIds: "" };
  }

  label(tile, person) {
    const name = displayName(person);
    tile.video.setAttribute("aria-label", person.you ? `${name} (${t("room.you")})` : name);
    clear(
      tile.caption,
      h("span", { class: "tile-name" }, person.name),
      person.label ? h("span", { class: "tile-label" }, person.label) : null,
      person.you ? h("span", { class: "badge" }, t("room.you")) : null,
      person.muted ? h("span", { class: "badge warn" }, t("room.mutedBadge")) : null,
    );
  }

  attach(tile, stream) {
    const ids = stream ? stream.getTracks().map((track) => track.id).join(",") : "";
    if (ids === tile.trackIds) return;
    tile.trackIds = ids;
    tile.video.srcObject = stream;
    if (stream) tile.video.play().catch(() => {});
  }

  /** Every tile's tracks again (the peer connection, or one's own devices, changed). */
  refresh(participants) {
    for (const tile of this.tiles.values()) tile.trackIds = "-";
    this.draw(participants);
  }

  clear() {
    for (const tile of this.tiles.values()) tile.video.srcObject = null;
    this.tiles.clear();
    clear(this.root);
  }
}
