// password.html: with a link's token after "#", choose a password (an invitation or a
// reset); without one, ask for a reset link by email.

import { api } from "./api.js";
import { boot } from "./app.js";
import { t } from "./i18n.js";
import { hideMessage, passwordsDiffer, resetInvalid, showFormProblem, showMessage } from "./ui.js";

// Read once, then taken out of the address bar: it must not stay in the history.
const token = location.hash.slice(1);
if (token) history.replaceState(null, "", location.pathname);
// A link pasted into this same tab only changes the fragment: start again with its token.
window.addEventListener("hashchange", () => location.reload());

function choose() {
  const section = document.getElementById("choose-section");
  const form = document.getElementById("choose-form");
  const problem = document.getElementById("choose-problem");
  section.hidden = false;
  form.password.focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(problem);
    resetInvalid(form);
    if (passwordsDiffer(form.password, form.repeat, problem)) return;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api("/api/v1/auth/password/link", {
        method: "POST",
        body: { token, password: form.password.value },
        redirectOn401: false,
      });
      form.hidden = true;
      document.getElementById("chosen").hidden = false;
    } catch (error) {
      showFormProblem(problem, error, form);
    } finally {
      button.disabled = false;
    }
  });
}

function reset() {
  const section = document.getElementById("reset-section");
  const form = document.getElementById("reset-form");
  const problem = document.getElementById("reset-problem");
  section.hidden = false;
  form.email.focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(problem);
    resetInvalid(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api("/api/v1/auth/password/reset", {
        method: "POST",
        body: { email: form.email.value.trim() },
        redirectOn401: false,
      });
      form.hidden = true;
      showMessage(document.getElementById("sent"), t("password.sent"));
    } catch (error) {
      showFormProblem(problem, error, form);
    } finally {
      button.disabled = false;
    }
  });
}

async function main() {
  await boot({ requireAuth: false });
  if (token) choose();
  else reset();
}

main();
