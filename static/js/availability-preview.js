// The preview on availability.html: the free windows of the next two weeks as others will see
// them, in a zone of the viewer's choice.

import { t } from "./i18n.js";
import { clear, h, hideMessage, showProblem } from "./ui.js";
import { TIMEZONES } from "./views.js";
import { browserZone, datesOf, dayLabel, freeBusy, piecesByDate, span } from "./freetime.js";

const PREVIEW_DAYS = 14;
const $ = (id) => document.getElementById(id);

let page = null; // availability.js's shared page state, given to setUpPreview
let preview = null; // the FreeBusyOut last received

export function setUpPreview(shared) {
  page = shared;
  fillZones();
  $("preview-zone").addEventListener("change", loadPreview);
}

export function fillZones() {
  const select = $("preview-zone");
  const current = select.value || page.data.timezone;
  const own = page.data.timezone;
  const mine = browserZone();
  const zones = [...new Set([own, ...TIMEZONES, "UTC", mine])];
  clear(
    select,
    zones.map((zone) => {
      let text = zone;
      if (zone === own) text = t("avail.ownZone", { zone });
      else if (zone === mine) text = t("avail.browserZone", { zone });
      return h("option", { value: zone }, text);
    }),
  );
  select.value = current;
}

export function drawPreview() {
  $("preview-note").textContent = t("avail.previewNote", { hours: page.data.limits.notice_hours });
  if (!preview) return;
  const [free] = preview.interpreters;
  if (!page.isSelf) $("a-heading").textContent = t("avail.headingOf", { name: free.display_name });
  const byDate = piecesByDate(free.free);
  const rows = datesOf(preview).map((day) => {
    const pieces = byDate.get(day) || [];
    return h(
      "tr",
      { dataset: { date: day } },
      h("th", { scope: "row" }, dayLabel(day)),
      h(
        "td",
        {},
        pieces.length
          ? pieces.map((p) => h("span", { class: "chip" }, span(p.from, p.to)))
          : h("span", { class: "note" }, t("avail.previewEmpty")),
      ),
    );
  });
  clear(
    $("preview"),
    h(
      "table",
      { class: "data preview" },
      h("caption", {}, preview.timezone),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("col.date")),
          h("th", { scope: "col" }, t("col.freeWindows")),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

let previewAsked = 0;

export async function loadPreview() {
  const problem = $("preview-problem");
  const asked = ++previewAsked;
  hideMessage(problem);
  try {
    const answer = await freeBusy(page.id, { days: PREVIEW_DAYS, tz: $("preview-zone").value });
    // A quicker answer to an older question (another zone) must not replace a newer one.
    if (asked !== previewAsked) return;
    preview = answer;
    drawPreview();
  } catch (error) {
    if (asked === previewAsked) showProblem(problem, error);
  }
}
