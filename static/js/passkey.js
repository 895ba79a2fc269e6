// Passkeys in the browser. WebAuthn's own JSON forms (parse…OptionsFromJSON, toJSON) carry the
// service's options and the authenticator's answer, so nothing is encoded here.

import { api } from "./api.js";
import { t } from "./i18n.js";
import { Refusal } from "./ui.js";

/** Whether this browser, at this address, can use passkeys: browsers refuse an IP address. */
export function passkeysWork() {
  const json = window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON;
  return Boolean(json) && !/^[\d.]+$|:/.test(location.hostname);
}

/** The browser's own refusals (cancelled, timed out, no passkey here) as one plain message. */
async function ask(ceremony) {
  try {
    return await ceremony();
  } catch (error) {
    if (error instanceof DOMException) throw new Refusal(t("passkey.notDone"));
    throw error;
  }
}

/** One of the person's passkeys answers a challenge from `optionsUrl`: {ticket, credential}. */
export async function passkeyAnswer(optionsUrl) {
  const { ticket, options } = await api(optionsUrl, { method: "POST", redirectOn401: false });
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options);
  const credential = await ask(() => navigator.credentials.get({ publicKey }));
  return { ticket, credential: credential.toJSON() };
}

/** Creates a passkey named `name` for the signed-in person: {passkey, recovery_codes}. */
export async function createPasskey(name) {
  const { ticket, options } = await api("/api/v1/auth/second-factor/passkeys/options", {
    method: "POST",
  });
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
  const credential = await ask(() => navigator.credentials.create({ publicKey }));
  return api("/api/v1/auth/second-factor/passkeys", {
    method: "POST",
    body: { ticket, name, credential: credential.toJSON() },
  });
}
