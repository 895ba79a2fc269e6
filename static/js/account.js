// account.html (everyone): my details, changing my password, my second factor (passkeys,
// authenticator app, recovery codes), my sessions.

import { api } from "./api.js";
import { boot } from "./app.js";
import { countryName, onLangChange, t } from "./i18n.js";
import { createPasskey, passkeyAnswer, passkeysWork } from "./passkey.js";
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
let passkeys = [];

/** With passkeys only, the change of password is confirmed by one of them, not a code. */
function confirmsWithPasskey() {
  return !factor.totp && factor.passkeys > 0 && passkeysWork();
}

function drawFactor() {
  const box = document.getElementById("factor");
  document.getElementById("code-field").hidden = !factor.enrolled || confirmsWithPasskey();
  document.getElementById("passkey-change").hidden = !confirmsWithPasskey();
  document.getElementById("passkeys").hidden = !passkeysWork();
  if (!factor.enrolled) {
    clear(
      box,
      h("p", {}, t("factor.none")),
      h("a", { class: "button", href: "second-factor.html" }, t("factor.setUp")),
    );
  } else {
    clear(
      box,
      h("p", {}, t(factor.totp ? "factor.app" : "factor.noApp")),
      factor.totp ? null : h("p", {}, h("a", { href: "second-factor.html" }, t("factor.addApp"))),
      h("p", {}, t("factor.codesLeft", { n: factor.recovery_codes_left })),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: renewCodes }, t("factor.renew")),
      ),
      h("p", { class: "note" }, t("factor.lost")),
    );
  }
  drawPasskeys();
}

function drawPasskeys() {
  clear(
    document.getElementById("passkey-list"),
    passkeys.length
      ? table(
          [t("col.passkey"), t("col.createdAt"), t("col.lastUsed"), t("col.actions")],
          passkeys.map((passkey) => [
            h("th", { scope: "row" }, passkey.name),
            dateTime(passkey.created_at),
            passkey.last_used_at ? dateTime(passkey.last_used_at) : t("common.never"),
            h(
              "button",
              {
                type: "button",
                class: "small secondary",
                "aria-label": t("passkey.removeLabel", { name: passkey.name }),
                onclick: () => removePasskey(passkey),
              },
              t("passkey.remove"),
            ),
          ]),
        )
      : h("p", {}, t("passkey.none")),
  );
}

async function loadFactor() {
  factor = await api("/api/v1/auth/second-factor");
  passkeys = await api("/api/v1/auth/second-factor/passkeys");
  drawFactor();
}

/** Runs a change of the second factor; its message, or its problem. */
async function changeFactor(change, done) {
  const problem = document.getElementById("factor-problem");
  const message = document.getElementById("factor-message");
  hideMessage(problem);
  hideMessage(message);
  try {
    const result = await change();
    await loadFactor();
    showMessage(message, done(result));
  } catch (error) {
    showProblem(problem, error);
  }
}

function renewCodes() {
  if (!confirm(t("factor.confirmRenew"))) return;
  changeFactor(
    () => api("/api/v1/auth/second-factor/recovery-codes", { method: "POST" }),
    (result) => {
      clear(
        document.getElementById("new-code-list"),
        result.recovery_codes.map((code) => h("li", {}, h("code", {}, code))),
      );
      document.getElementById("new-codes").hidden = false;
      return t("factor.renewed");
    },
  );
}

function removePasskey(passkey) {
  if (!confirm(t("passkey.confirmRemove", { name: passkey.name }))) return;
  changeFactor(
    () => api(`/api/v1/auth/second-factor/passkeys/${passkey.id}`, { method: "DELETE" }),
    () => t("passkey.removed"),
  );
}

function passkeyForm() {
  const form = document.getElementById("passkey-form");
  form.name.value = t("passkey.defaultName");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = form.name.value.trim();
    changeFactor(
      () => createPasskey(name),
      () => t("passkey.added", { name }),
    );
  });
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
      const body = {
        current_password: form.current_password.value,
        new_password: form.new_password.value,
        code: factor.enrolled ? form.code.value.trim() : null,
      };
      if (confirmsWithPasskey()) {
        body.passkey = await passkeyAnswer("/api/v1/auth/second-factor/passkey/options");
      }
      await api("/api/v1/auth/password", { method: "PUT", body });
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
  passkeyForm();
  // Before anything loads: a language chosen meanwhile redraws what is there by then.
  onLangChange(() => {
    drawDetails();
    drawSessions();
    if (factor) drawFactor();
  });
  try {
    await loadFactor();
  } catch (error) {
    showProblem(document.getElementById("factor-problem"), error);
  }
  await loadSessions();
}

main();
