// index.html: the sign-in form, or a welcome with the signed-in user's pages.

import { ApiError, api, setCsrfToken } from "./api.js";
import { boot, homeFor } from "./app.js";
import { onLangChange, t } from "./i18n.js";
import { passkeyAnswer, passkeysWork } from "./passkey.js";
import { clear, h, hideMessage, resetInvalid, showFormProblem, showProblem } from "./ui.js";

/** Only a page of this UI may be a `next` target (no open redirect). */
function nextPage(user) {
  const next = new URLSearchParams(location.search).get("next") || "";
  if (/^[a-z]+\.html(\?[\w=&%.+-]*)?$/.test(next) && !next.startsWith("index.html")) return next;
  return homeFor(user);
}

function welcome(me) {
  const section = document.getElementById("welcome-section");
  const draw = () => {
    document.getElementById("welcome-heading").textContent = t("login.welcome", {
      name: me.user.display_name,
    });
    const nav = document.querySelector("#site-header nav ul");
    const items = nav ? [...nav.querySelectorAll("a")].map((a) => a.cloneNode(true)) : [];
    clear(
      document.getElementById("welcome-links"),
      items.map((a) => {
        a.removeAttribute("aria-current");
        return h("li", {}, a);
      }),
    );
  };
  draw();
  onLangChange(draw);
  section.hidden = false;
}

/** Runs one way of finishing the sign-in from `button`; the page asked for once it is done. */
async function finish(button, problem, form, proof) {
  hideMessage(problem);
  if (form) resetInvalid(form);
  button.disabled = true;
  try {
    const body = await proof();
    setCsrfToken(body.csrf_token);
    location.assign(nextPage(body.user));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && form) {
      // The waiting session expired: start again with the password.
      location.assign("index.html");
      return;
    }
    if (form) {
      showFormProblem(problem, error, form);
      form.code.value = "";
      form.code.focus();
    } else showProblem(problem, error);
  } finally {
    button.disabled = false;
  }
}

/** The second step of signing in: the authenticator app's code, a recovery code, or a
 * passkey where the account has one. */
async function askForCode() {
  document.getElementById("login-section").hidden = true;
  const section = document.getElementById("code-section");
  const form = document.getElementById("code-form");
  const problem = document.getElementById("code-problem");
  section.hidden = false;
  form.code.focus();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    finish(form.querySelector("button[type=submit]"), problem, form, () =>
      api("/api/v1/auth/second-factor/verify", {
        method: "POST",
        body: { code: form.code.value.trim() },
        redirectOn401: false,
      }),
    );
  });
  if (!passkeysWork()) return;
  let status;
  try {
    status = await api("/api/v1/auth/second-factor", { redirectOn401: false });
  } catch (error) {
    showProblem(problem, error);
    return;
  }
  if (!status.passkeys) return;
  const button = document.getElementById("passkey-verify");
  button.hidden = false;
  button.addEventListener("click", () =>
    finish(button, problem, form, async () =>
      api("/api/v1/auth/second-factor/passkey/verify", {
        method: "POST",
        body: await passkeyAnswer("/api/v1/auth/second-factor/passkey/options"),
        redirectOn401: false,
      }),
    ),
  );
}

/** Signing in with a passkey alone: it proves who the person is by itself. */
function offerPasskey() {
  if (!passkeysWork()) return;
  document.getElementById("passkey-login").hidden = false;
  const button = document.getElementById("passkey-sign-in");
  button.addEventListener("click", () =>
    finish(button, document.getElementById("passkey-problem"), null, async () =>
      api("/api/v1/auth/passkey/login", {
        method: "POST",
        body: await passkeyAnswer("/api/v1/auth/passkey/options"),
        redirectOn401: false,
      }),
    ),
  );
}

/** Where a right password leads: the code, setting up a second factor, or the page asked. */
function afterPassword(body) {
  if (body.user.stage === "second_factor") askForCode();
  else if (body.user.stage === "enrol") location.assign("second-factor.html");
  else location.assign(nextPage(body.user));
}

async function main() {
  const me = await boot({ requireAuth: false, stages: ["second_factor", "enrol"] });
  if (me && me.user.stage !== "full") {
    afterPassword(me);
    return;
  }
  if (me) {
    welcome(me);
    return;
  }
  if (document.getElementById("boot-problem")) return; // the server could not be asked
  const section = document.getElementById("login-section");
  const form = document.getElementById("login-form");
  const problem = document.getElementById("login-problem");
  const button = form.querySelector("button[type=submit]");
  section.hidden = false;
  offerPasskey();
  form.email.focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(problem);
    button.disabled = true;
    button.textContent = t("login.working");
    try {
      const body = await api("/api/v1/auth/login", {
        method: "POST",
        body: { email: form.email.value.trim(), password: form.password.value },
        redirectOn401: false,
      });
      setCsrfToken(body.csrf_token);
      afterPassword(body);
    } catch (error) {
      showProblem(problem, error, error instanceof ApiError && error.status === 400 ? form : null);
      form.password.value = "";
      form.password.focus();
    } finally {
      button.disabled = false;
      button.textContent = t("login.submit");
    }
  });
}

main();
