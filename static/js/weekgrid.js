// The weekly grid: seven day columns (Monday first) of 30-minute rows in the interpreter's own
// zone. A window is {weekday 1..7, start, end} in minutes after that weekday's midnight; an end
// past 1440 crosses midnight and is drawn as a second block at the top of the next day.

import { t } from "./i18n.js";
import { clear, h } from "./ui.js";

export const DAY = 1440;
export const STEP = 30;
const SLOTS = DAY / STEP;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
// Dragging this close to the top or bottom edge scrolls the grid.
const EDGE = 32;

const pad = (n) => String(n).padStart(2, "0");

export function toMinutes(text) {
  const [hours, minutes] = text.split(":").map(Number);
  return hours * 60 + minutes;
}

/** "HH:MM" of a minute count; 1440 stays "24:00", later minutes belong to the next day. */
export function clock(total) {
  const minutes = total === DAY ? DAY : total % DAY;
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export function nextWeekday(weekday) {
  return (weekday % 7) + 1;
}

/** Overlapping or touching windows of one weekday become one, as the server stores them. */
export function normalise(windows) {
  const sorted = [...windows].sort((a, b) => a.weekday - b.weekday || a.start - b.start);
  const merged = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.weekday === w.weekday && w.start <= last.end) {
      last.end = Math.max(last.end, w.end);
    } else {
      merged.push({ ...w });
    }
  }
  return merged;
}

export function fromApi(weekly) {
  return normalise(
    weekly.map((w) => {
      const start = toMinutes(w.start);
      const end = toMinutes(w.end);
      return { weekday: w.weekday, start, end: end <= start ? end + DAY : end };
    }),
  );
}

export function toApi(windows) {
  return windows.map((w) => ({ weekday: w.weekday, start: clock(w.start), end: clock(w.end) }));
}

export function windowLabel(w) {
  return `${t(`weekday.${w.weekday}`)} ${clock(w.start)}–${clock(w.end)}`;
}

/** The blocks a window is drawn as: one, or two when it crosses midnight. */
function pieces(w) {
  if (w.end <= DAY) return [{ weekday: w.weekday, from: w.start, to: w.end, part: "" }];
  return [
    { weekday: w.weekday, from: w.start, to: DAY, part: "to-next" },
    {
      weekday: nextWeekday(w.weekday),
      from: 0,
      to: Math.min(w.end - DAY, DAY),
      part: "from-previous",
    },
  ];
}

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

/** `w` moved by whole days and 30-minute steps; its length stays. */
function shifted(w, days, steps) {
  const length = w.end - w.start;
  // A 24-hour window can only start at midnight: any other start would end where it starts.
  const start = length >= DAY ? w.start : clamp(w.start + steps * STEP, 0, DAY - STEP);
  return { weekday: clamp(w.weekday + days, 1, 7), start, end: start + length };
}

const same = (a, b) => a.weekday === b.weekday && a.start === b.start && a.end === b.end;

/**
 * Draws the grid into `root` and keeps the windows being edited. `onChange()` is called after
 * every local change; nothing is sent to the server here.
 */
export function weekGrid(root, { onChange }) {
  let windows = [];
  let drag = null;

  const scroller = h("div", {
    class: "week",
    tabindex: "0",
    role: "group",
    "aria-label": t("avail.grid"),
  });
  const columns = WEEKDAYS.map((weekday) =>
    h(
      "div",
      { class: "week-day", dataset: { weekday: String(weekday) } },
      Array.from({ length: SLOTS }, (_, slot) =>
        h("div", { class: "week-cell", dataset: { slot: String(slot) }, "aria-hidden": "true" }),
      ),
    ),
  );
  const heads = WEEKDAYS.map(() => h("div", { class: "week-head" }));
  const times = h(
    "div",
    { class: "week-times", "aria-hidden": "true" },
    Array.from({ length: 24 }, (_, hour) => h("div", { class: "week-hour" }, `${pad(hour)}:00`)),
  );
  clear(
    scroller,
    h(
      "div",
      { class: "week-grid" },
      h("div", { class: "week-head week-corner" }),
      heads,
      times,
      columns,
    ),
  );
  clear(root, scroller);

  const columnOf = (weekday) => columns[weekday - 1];

  function slotAt(column, clientY) {
    const rect = column.getBoundingClientRect();
    return clamp(Math.floor(((clientY - rect.top) / rect.height) * SLOTS), 0, SLOTS - 1);
  }

  function columnAt(clientX) {
    const found = columns.find((c) => clientX < c.getBoundingClientRect().right);
    return found || columns[columns.length - 1];
  }

  /** The windows as they should look now: the one being dragged at its candidate place. */
  function shown() {
    if (!drag || drag.kind !== "move" || !drag.candidate) return windows;
    return windows.map((w, i) => (i === drag.index ? drag.candidate : w));
  }

  function place(el, from, to) {
    el.style.top = `calc(var(--slot) * ${from / STEP})`;
    el.style.height = `calc(var(--slot) * ${(to - from) / STEP})`;
  }

  function block(w, index, piece) {
    const label = windowLabel(w);
    const other = piece.part === "to-next" ? nextWeekday(w.weekday) : w.weekday;
    const hint =
      piece.part === "to-next"
        ? t("avail.continuesNext", { day: t(`weekday.${other}`), end: clock(w.end) })
        : piece.part === "from-previous"
          ? t("avail.continuesPrevious", { day: t(`weekday.${other}`), start: clock(w.start) })
          : label;
    const dragging = drag && drag.kind === "move" && drag.index === index;
    const el = h(
      "div",
      {
        class: `block ${piece.part}${dragging ? " dragging" : ""}`,
        tabindex: "0",
        role: "group",
        "aria-label": label,
        title: hint,
        dataset: { index: String(index) },
        onkeydown: (event) => onKey(event, index),
      },
      h(
        "span",
        { class: "block-time" },
        piece.part === "from-previous" ? "↑ " : "",
        `${clock(w.start)}–${clock(w.end)}`,
        piece.part === "to-next" ? " ↓" : "",
      ),
      h(
        "button",
        {
          type: "button",
          class: "remove",
          "aria-label": t("avail.removeWindow", { label }),
          title: t("avail.removeWindow", { label }),
          onclick: () => remove(index),
        },
        "×",
      ),
    );
    place(el, piece.from, piece.to);
    return el;
  }

  function render() {
    heads.forEach((head, i) => {
      head.textContent = t(`weekday.${i + 1}`);
    });
    for (const column of columns) {
      for (const old of column.querySelectorAll(".block")) old.remove();
    }
    shown().forEach((w, index) => {
      for (const piece of pieces(w)) columnOf(piece.weekday).append(block(w, index, piece));
    });
    if (drag && drag.kind === "create") {
      const draft = h("div", { class: "block draft", "aria-hidden": "true" });
      const low = Math.min(drag.from, drag.to);
      const high = Math.max(drag.from, drag.to) + 1;
      draft.textContent = `${clock(low * STEP)}–${clock(high * STEP)}`;
      place(draft, low * STEP, high * STEP);
      columnOf(drag.weekday).append(draft);
    }
  }

  /** Replaces the windows, redraws, tells the page; keeps the keyboard on the moved window. */
  function changed(next, focus = null) {
    windows = normalise(next);
    render();
    onChange();
    if (!focus) return;
    const index = windows.findIndex(
      (w) => w.weekday === focus.weekday && w.start <= focus.start && focus.start < w.end,
    );
    const el = root.querySelector(`.block[data-index="${index}"]`);
    if (el) el.focus();
  }

  function remove(index) {
    changed(windows.filter((_, i) => i !== index));
    scroller.focus();
  }

  function onKey(event, index) {
    if (event.target !== event.currentTarget) return; // keys on the × button are its own
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      remove(index);
      return;
    }
    const moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const moved = shifted(windows[index], ...moves[event.key]);
    changed(
      windows.map((w, i) => (i === index ? moved : w)),
      moved,
    );
  }

  function autoScroll(clientY) {
    const rect = scroller.getBoundingClientRect();
    if (clientY < rect.top + EDGE) scroller.scrollTop -= STEP / 2;
    else if (clientY > rect.bottom - EDGE) scroller.scrollTop += STEP / 2;
  }

  // The grid captures the pointer, so a drag keeps going when it leaves the column it began in.
  const body = scroller.querySelector(".week-grid");
  body.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.closest("button")) return;
    const column = event.target.closest(".week-day");
    if (!column) return;
    const weekday = Number(column.dataset.weekday);
    const slot = slotAt(column, event.clientY);
    const blockEl = event.target.closest(".block");
    if (blockEl) {
      const index = Number(blockEl.dataset.index);
      drag = { kind: "move", index, weekday, slot, original: windows[index], candidate: null };
    } else {
      drag = { kind: "create", weekday, from: slot, to: slot };
    }
    body.setPointerCapture(event.pointerId);
    event.preventDefault(); // no text selection while dragging
    render();
  });

  body.addEventListener("pointermove", (event) => {
    if (!drag) return;
    autoScroll(event.clientY);
    if (drag.kind === "create") {
      const slot = slotAt(columnOf(drag.weekday), event.clientY);
      if (slot !== drag.to) {
        drag.to = slot;
        render();
      }
      return;
    }
    const column = columnAt(event.clientX);
    const candidate = shifted(
      drag.original,
      Number(column.dataset.weekday) - drag.weekday,
      slotAt(column, event.clientY) - drag.slot,
    );
    if (!same(candidate, drag.candidate || drag.original)) {
      drag.candidate = candidate;
      render();
    }
  });

  body.addEventListener("pointerup", () => {
    if (!drag) return;
    const done = drag;
    drag = null;
    if (done.kind === "create") {
      const low = Math.min(done.from, done.to) * STEP;
      const high = (Math.max(done.from, done.to) + 1) * STEP;
      const added = { weekday: done.weekday, start: low, end: high };
      changed([...windows, added], added);
    } else if (done.candidate && !same(done.candidate, done.original)) {
      changed(
        windows.map((w, i) => (i === done.index ? done.candidate : w)),
        done.candidate,
      );
    } else {
      render();
      const el = root.querySelector(`.block[data-index="${done.index}"]`);
      if (el) el.focus();
    }
  });

  body.addEventListener("pointercancel", () => {
    drag = null;
    render();
  });

  return {
    /** The windows as edited so far (normalised). */
    windows: () => windows,
    set(next) {
      windows = normalise(next);
      render();
    },
    add(w) {
      changed([...windows, w], w);
    },
    /** Shows `minutes` (e.g. the first window) at the top of the scrolled grid. */
    scrollTo(minutes) {
      scroller.scrollTop = (columns[0].offsetHeight * minutes) / DAY;
    },
    render,
  };
}
