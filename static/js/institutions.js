// institutions.html (coordinators): register the prosecutors' offices and courts of their
// countries, and give an institution's own computer system its webhooks.

import { api } from "./api.js";
import { boot } from "./app.js";
import { browserZone } from "./freetime.js";
import { countryName, label, onLangChange, t } from "./i18n.js";
import { countryOptions, zoneOptions } from "./places.js";
import {
  clear,
  dateTime,
  enumOptions,
  h,
  hideMessage,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
  table,
} from "./ui.js";

const $ = (id) => document.getElementById(id);
const form = $("institution-form");
const fields = form.elements;
const hookForm = $("webhook-form");
let me = null;
let institutions = [];
// The institution whose webhooks are shown, its webhooks, and the one just added: its
// secret is in that answer only, so it shows until the coordinator does something else.
let chosen = null;
let webhooks = [];
let added = null;

function drawChoices() {
  enumOptions(fields.kind, "institutionKind");
  countryOptions(fields.country, me.user);
  zoneOptions(fields.timezone, fields.country.value);
}

function drawList() {
  clear(
    $("list"),
    institutions.length
      ? table(
          [t("col.name"), t("admin.kind"), t("admin.country"), t("admin.timezone"), t("col.actions")],
          institutions.map((institution) => [
            h("th", { scope: "row" }, institution.name),
            label("institutionKind", institution.kind),
            countryName(institution.country),
            institution.timezone,
            h(
              "button",
              {
                type: "button",
                class: "small secondary",
                "aria-label": t("institutions.webhooksLabel", { name: institution.name }),
                onclick: () => choose(institution),
              },
              t("institutions.webhooks"),
            ),
          ]),
        )
      : h("p", {}, t("institutions.empty")),
  );
}

async function loadInstitutions() {
  try {
    institutions = await api("/api/v1/institutions");
    drawList();
  } catch (error) {
    showProblem($("list-problem"), error);
  }
}

async function createInstitution(event) {
  event.preventDefault();
  hideMessage($("form-problem"));
  hideMessage($("form-message"));
  resetInvalid(form);
  const button = $("form-submit");
  button.disabled = true;
  try {
    const created = await api("/api/v1/institutions", {
      method: "POST",
      body: {
        name: fields.name.value.trim(),
        kind: fields.kind.value,
        country: fields.country.value,
        timezone: fields.timezone.value,
      },
    });
    fields.name.value = "";
    showMessage($("form-message"), t("institutions.created", { name: created.name }));
    await loadInstitutions();
  } catch (error) {
    showFormProblem($("form-problem"), error, form);
  } finally {
    button.disabled = false;
  }
}

function drawSecret() {
  const box = $("secret");
  if (!added) {
    hideMessage(box);
    return;
  }
  showMessage(
    box,
    [
      h("p", {}, h("strong", {}, t("webhooks.secretHeading"))),
      h("p", {}, h("code", { class: "secret" }, added.secret)),
      h("p", {}, t("webhooks.secretNote")),
    ],
    "info",
  );
}

function stopButton(webhook) {
  return h(
    "button",
    {
      type: "button",
      class: "small secondary",
      "aria-label": t("webhooks.stopLabel", { url: webhook.url }),
      onclick: () => stop(webhook),
    },
    t("webhooks.stop"),
  );
}

function drawWebhooks() {
  $("webhooks-heading").textContent = chosen
    ? t("webhooks.headingOf", { name: chosen.name })
    : t("webhooks.heading");
  $("webhooks-choose").hidden = Boolean(chosen);
  $("webhooks-content").hidden = !chosen;
  drawSecret();
  clear(
    $("webhooks-list"),
    webhooks.length
      ? table(
          [t("webhooks.colUrl"), t("webhooks.colCreated"), t("col.status"), t("col.actions")],
          webhooks.map((webhook) => [
            h("th", { scope: "row" }, webhook.url),
            dateTime(webhook.created_at),
            h(
              "span",
              { class: `badge ${webhook.active ? "ok" : "bad"}` },
              t(webhook.active ? "webhooks.active" : "webhooks.stopped"),
            ),
            webhook.active ? stopButton(webhook) : t("common.none"),
          ]),
          { caption: t("admin.browserZone", { zone: browserZone() }) },
        )
      : h("p", {}, t("webhooks.empty")),
  );
}

async function loadWebhooks() {
  const asked = chosen;
  try {
    const found = await api(`/api/v1/institutions/${asked.id}/webhooks`);
    // A quicker answer about another institution chosen since must not show as this one's.
    if (asked !== chosen) return;
    webhooks = found;
    drawWebhooks();
  } catch (error) {
    showProblem($("webhooks-problem"), error);
  }
}

function clearWebhookMessages() {
  added = null;
  drawSecret();
  hideMessage($("webhooks-problem"));
  hideMessage($("webhooks-message"));
  hideMessage($("webhook-problem"));
  resetInvalid(hookForm);
}

async function choose(institution) {
  chosen = institution;
  webhooks = [];
  clearWebhookMessages();
  hookForm.reset();
  drawWebhooks();
  $("webhooks").focus();
  await loadWebhooks();
}

async function addWebhook(event) {
  event.preventDefault();
  clearWebhookMessages();
  const button = $("webhook-submit");
  button.disabled = true;
  try {
    added = await api(`/api/v1/institutions/${chosen.id}/webhooks`, {
      method: "POST",
      body: { url: hookForm.elements.url.value.trim() },
    });
    hookForm.reset();
    await loadWebhooks();
  } catch (error) {
    showFormProblem($("webhook-problem"), error, hookForm);
  } finally {
    button.disabled = false;
  }
}

async function stop(webhook) {
  if (!confirm(t("webhooks.confirmStop", { url: webhook.url }))) return;
  clearWebhookMessages();
  try {
    await api(`/api/v1/institutions/${chosen.id}/webhooks/${webhook.id}`, { method: "DELETE" });
    showMessage($("webhooks-message"), t("webhooks.stoppedDone", { url: webhook.url }));
    await loadWebhooks();
  } catch (error) {
    showProblem($("webhooks-problem"), error);
  }
}

async function main() {
  me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  $("content").hidden = false;
  drawChoices();
  fields.country.addEventListener("change", () => zoneOptions(fields.timezone, fields.country.value));
  form.addEventListener("submit", createInstitution);
  hookForm.addEventListener("submit", addWebhook);
  await loadInstitutions();
  onLangChange(() => {
    drawChoices();
    drawList();
    drawWebhooks();
  });
}

main();
