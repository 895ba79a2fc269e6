// The "Calendario" section of the profile and requests pages: the signed-in user's secret
// calendar feed, made, renewed or revoked here. Its address is shown only right after it is
// made: the server keeps nothing but a hash of it.

import { api } from "./api.js";
import { onLangChange, t } from "./i18n.js";
import { clear, dateTime, h, hideMessage, showMessage, showProblem } from "./ui.js";

const FEED = "/api/v1/calendar/feed";

/** Fills the (hidden, empty) `section` and shows it. */
export async function setUpCalendarFeed(section) {
  let state = { active: false, created_at: null };
  let urls = null;
  const problem = h("div", { role: "alert", hidden: true });
  const message = h("p", { role: "status", hidden: true });

  async function copy(input) {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      showMessage(message, t("calendar.copied"));
    } catch {
      // No clipboard access (an insecure page, a refused permission): the text stays selected.
      showMessage(message, t("calendar.copyByHand"), "info");
    }
  }

  function address(id, labelKey, value) {
    const input = h("input", { id, type: "text", readonly: true, value, spellcheck: "false" });
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, t(labelKey)),
      h(
        "div",
        { class: "actions" },
        input,
        h(
          "button",
          { type: "button", class: "secondary", onclick: () => copy(input) },
          t("calendar.copy"),
        ),
      ),
    );
  }

  async function change(method) {
    hideMessage(problem);
    hideMessage(message);
    try {
      urls = method === "POST" ? await api(FEED, { method }) : null;
      if (method === "DELETE") await api(FEED, { method });
      state = urls
        ? { active: true, created_at: new Date().toISOString() }
        : { active: false, created_at: null };
      draw();
    } catch (error) {
      showProblem(problem, error);
    }
  }

  function button(key, method, kind) {
    return h("button", { type: "button", class: kind, onclick: () => change(method) }, t(key));
  }

  function draw() {
    clear(
      section,
      h("h2", { id: "calendar-heading" }, t("calendar.heading")),
      h("p", { class: "note" }, t("calendar.note")),
      problem,
      urls
        ? [
            address("calendar-url", "calendar.https", urls.url),
            address("calendar-webcal", "calendar.webcal", urls.webcal_url),
            h("p", { class: "note" }, t("calendar.shownOnce")),
          ]
        : h(
            "p",
            { id: "calendar-state" },
            state.active
              ? t("calendar.active", { when: dateTime(state.created_at) })
              : t("calendar.none"),
          ),
      message,
      h(
        "div",
        { class: "actions" },
        state.active
          ? [
              button("calendar.renew", "POST", "secondary"),
              button("calendar.revoke", "DELETE", "secondary"),
            ]
          : button("calendar.subscribe", "POST"),
      ),
    );
  }

  section.setAttribute("aria-labelledby", "calendar-heading");
  try {
    state = await api(FEED);
  } catch (error) {
    showProblem(problem, error);
  }
  section.hidden = false;
  draw();
  onLangChange(draw);
}
