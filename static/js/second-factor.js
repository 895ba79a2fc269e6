// second-factor.html: setting up a passkey or an authenticator app (at first sign-in where the
// role needs one, or by choice), with the recovery codes shown once; or the state of the
// factors set up.

import { api } from "./api.js";
import { boot, homeFor } from "./app.js";
import { onLangChange, t } from "./i18n.js";
import { createPasskey, passkeysWork } from "./passkey.js";
import { clear, h, onSubmit, showProblem } from "./ui.js";

let me = null;
let status = null;

function drawStatus() {
  document.getElementById("codes-left").textContent = t("factor.codesLeft", {
    n: status.recovery_codes_left,
  });
  document.getElementById("setup-intro").textContent = t(
    status.required ? "factor.requiredIntro" : "factor.optionalIntro",
  );
}

function showCodes(codes) {
  document.getElementById("setup").hidden = true;
  document.getElementById("passkey-setup").hidden = true;
  clear(
    document.getElementById("code-list"),
    codes.map((code) => h("li", {}, h("code", {}, code))),
  );
  document.getElementById("continue").href = homeFor(me.user);
  const section = document.getElementById("codes");
  section.hidden = false;
  section.focus();
}

async function setUp() {
  const setup = await api("/api/v1/auth/second-factor/totp", { method: "POST" });
  // A new address each time: the image of an earlier secret must not come from a cache.
  document.getElementById("qr").src = `/api/v1/auth/second-factor/totp/qr.svg?${Date.now()}`;
  // Groups of four characters, as authenticator apps show keys.
  document.getElementById("secret").textContent = setup.secret.match(/.{1,4}/g).join(" ");
  document.getElementById("setup").hidden = false;
  const form = document.getElementById("confirm-form");
  const problem = document.getElementById("confirm-problem");
  form.code.focus();
  onSubmit(
    form,
    problem,
    async () => {
      const body = await api("/api/v1/auth/second-factor/totp/confirm", {
        method: "POST",
        body: { code: form.code.value.trim() },
      });
      me.user.stage = "full";
      showCodes(body.recovery_codes);
    },
    () => {
      form.code.value = "";
      form.code.focus();
    },
  );
}

function offerPasskey() {
  const form = document.getElementById("passkey-form");
  form.name.value = t("passkey.defaultName");
  document.getElementById("passkey-setup").hidden = false;
  onSubmit(form, document.getElementById("passkey-problem"), async () => {
    const added = await createPasskey(form.name.value.trim());
    me.user.stage = "full";
    showCodes(added.recovery_codes);
  });
}

async function main() {
  me = await boot({ stages: ["enrol"] });
  if (!me) return;
  try {
    status = await api("/api/v1/auth/second-factor");
    drawStatus();
    onLangChange(drawStatus);
    document.getElementById("setup-intro").hidden = status.enrolled;
    if (status.enrolled) document.getElementById("enrolled").hidden = false;
    else {
      if (passkeysWork()) offerPasskey();
      await setUp();
    }
  } catch (error) {
    showProblem(document.getElementById("factor-problem"), error);
  }
}

main();
