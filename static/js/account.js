// account.html (everyone): my details, changing my password, my sessions.

import { api } from "./api.js";
import { boot } from "./app.js";
import { countryName, onLangChange, t } from "./i18n.js";
import {
  clear,
  dateTime,
  definitions,
  h,
  hideMessage,
  passwordsDiffer,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
  table,
} from "./ui.js";

let me = null;
let sessions = [];
let factor = null;

function drawFactor() {
  const box = document.getElementById("factor");
  document.getElementById("code-field").hidden = !factor.enrolled;
  if (factor.enrolled) {
    clear(
      box,
      h("p", {}, t("factor.enrolled")),
      h("p", {}, t("factor.codesLeft", { n: factor.recovery_codes_left })),
      h("p", { class: "note" }, t("factor.lost")),
    );
  } else {
    clear(
      box,
      h("p", {}, t("factor.none")),
      h("a", { class: "button", href: "second-factor.html" }, t("factor.setUp")),
    );
  }
}

function drawDetails() {
  const user = me.user;
  const scope = user.countries.length
    ? user.countries.map(countryName).join(", ")
    : user.role === "coordinator"
      ? t("accounts.regional")
      : null;
  clear(
    document.getElementById("details"),
    definitions([
      [t("accounts.name"), user.display_name],
      [t("accounts.email"), user.email],
      [t("accounts.role"), t(`role.${user.role}`)],
      [t("col.scope"), scope || (user.country ? countryName(user.country) : null)],
    ]),
  );
}

function drawSessions() {
  const box = document.getElementById("sessions");
  clear(
    box,
    table(
      [t("col.device"), t("col.kind"), t("col.address"), t("col.lastUse"), t("col.signedInAt"), t("col.actions")],
      sessions.map((session) => {
        const device = session.device || t("account.unknownDevice");
        return [
          h("th", { scope: "row" }, device),
          t(`sessionKind.${session.kind}`),
          session.client_address || t("common.none"),
          dateTime(session.last_used_at),
          dateTime(session.created_at),
          session.current
            ? h("span", { class: "badge ok" }, t("account.thisSession"))
            : h(
                "button",
                {
                  type: "button",
                  class: "small secondary",
                  "aria-label": t("account.endLabel", { device }),
                  onclick: () => end(session),
                },
                t("account.end"),
              ),
        ];
      }),
    ),
  );
}

async function loadSessions() {
  const problem = document.getElementById("sessions-problem");
  try {
    sessions = await api("/api/v1/auth/sessions");
    hideMessage(problem);
    drawSessions();
  } catch (error) {
    showProblem(problem, error);
  }
}

async function end(session) {
  const problem = document.getElementById("sessions-problem");
  try {
    await api(`/api/v1/auth/sessions/${session.id}`, { method: "DELETE" });
    showMessage(document.getElementById("sessions-message"), t("account.ended"));
    await loadSessions();
  } catch (error) {
    showProblem(problem, error);
  }
}

function changeForm() {
  const form = document.getElementById("change-form");
  const problem = document.getElementById("change-problem");
  const message = document.getElementById("change-message");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(problem);
    hideMessage(message);
    resetInvalid(form);
    if (passwordsDiffer(form.new_password, form.repeat, problem)) return;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api("/api/v1/auth/password", {
        method: "PUT",
        body: {
          current_password: form.current_password.value,
          new_password: form.new_password.value,
          code: factor.enrolled ? form.code.value.trim() : null,
        },
      });
      form.reset();
      showMessage(message, t("account.changed"));
      await loadSessions();
    } catch (error) {
      showFormProblem(problem, error, form);
    } finally {
      button.disabled = false;
    }
  });
}

async function main() {
  me = await boot();
  if (!me) return;
  document.getElementById("content").hidden = false;
  drawDetails();
  changeForm();
  try {
    factor = await api("/api/v1/auth/second-factor");
    drawFactor();
  } catch (error) {
    showProblem(document.getElementById("change-problem"), error);
  }
  await loadSessions();
  onLangChange(() => {
    drawDetails();
    drawSessions();
    if (factor) drawFactor();
  });
}

main();
