// accounts.html (coordinators): invite people, change an account's role or scope,
// deactivate and reactivate accounts, resend an invitation.

import { api } from "./api.js";
import { boot } from "./app.js";
import { countryName, onLangChange, t } from "./i18n.js";
import {
  clear,
  enumOptions,
  h,
  hideMessage,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
  table,
} from "./ui.js";
import { COALITION } from "./views.js";

const form = document.getElementById("account-form");
const formProblem = document.getElementById("form-problem");
const formMessage = document.getElementById("form-message");
const listProblem = document.getElementById("list-problem");
const listMessage = document.getElementById("list-message");
let accounts = [];
let institutions = [];
// The account being edited, or null while the form invites.
let editing = null;

function drawInstitutions() {
  const current = form.institution_id.value;
  clear(
    form.institution_id,
    h("option", { value: "" }, t("accounts.noInstitution")),
    institutions.map((i) => h("option", { value: String(i.id) }, `${i.name} (${countryName(i.country)})`)),
  );
  form.institution_id.value = current;
}

function drawCountries() {
  const checked = new Set([...form.querySelectorAll("input[name=countries]:checked")].map((c) => c.value));
  clear(
    document.getElementById("a-countries"),
    COALITION.map((code) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "checkbox", name: "countries", value: code, checked: checked.has(code) }),
        " ",
        countryName(code),
      ),
    ),
  );
}

/** Shows only the fields that the chosen role uses. */
function fitToRole() {
  const role = form.role.value;
  document.getElementById("institution-field").hidden = !["prosecutor", "court"].includes(role);
  document.getElementById("interpreter-field").hidden = role !== "interpreter";
  document.getElementById("countries-field").hidden = role !== "coordinator";
}

function formBody() {
  const role = form.role.value;
  const body = {
    display_name: form.display_name.value.trim(),
    role,
    language: form.language.value,
    institution_id: ["prosecutor", "court"].includes(role) && form.institution_id.value
      ? Number(form.institution_id.value)
      : null,
    interpreter_id: role === "interpreter" && form.interpreter_id.value
      ? Number(form.interpreter_id.value)
      : null,
    countries: role === "coordinator"
      ? [...form.querySelectorAll("input[name=countries]:checked")].map((c) => c.value)
      : [],
  };
  if (!editing) body.email = form.email.value.trim();
  return body;
}

function drawFormMode() {
  const heading = document.getElementById("form-heading");
  heading.textContent = editing
    ? t("accounts.editHeading", { name: editing.display_name })
    : t("accounts.inviteHeading");
  document.getElementById("form-intro").hidden = Boolean(editing);
  document.getElementById("form-submit").textContent = t(editing ? "accounts.save" : "accounts.invite");
  document.getElementById("form-cancel").hidden = !editing;
  form.email.disabled = Boolean(editing);
}

function startEditing(account) {
  editing = account;
  form.reset();
  resetInvalid(form);
  hideMessage(formProblem);
  hideMessage(formMessage);
  form.email.value = account.email;
  form.display_name.value = account.display_name;
  form.role.value = account.role;
  form.language.value = account.language;
  form.institution_id.value = account.institution_id ? String(account.institution_id) : "";
  form.interpreter_id.value = account.interpreter_id ?? "";
  for (const box of form.querySelectorAll("input[name=countries]")) {
    box.checked = account.countries.includes(box.value);
  }
  fitToRole();
  drawFormMode();
  form.display_name.focus();
}

function stopEditing() {
  editing = null;
  form.reset();
  resetInvalid(form);
  fitToRole();
  drawFormMode();
}

function state(account) {
  if (!account.active) return h("span", { class: "badge bad" }, t("accounts.inactive"));
  if (account.invited) return h("span", { class: "badge warn" }, t("accounts.pending"));
  return h("span", { class: "badge ok" }, t("accounts.active"));
}

function scope(account) {
  if (account.role === "coordinator") {
    return account.countries.length ? account.countries.map(countryName).join(", ") : t("accounts.regional");
  }
  const institution = institutions.find((i) => i.id === account.institution_id);
  return institution ? institution.name : t("common.none");
}

function actionButton(key, account, onclick) {
  return h(
    "button",
    {
      type: "button",
      class: "small secondary",
      "aria-label": t(`${key}Label`, { name: account.display_name }),
      onclick,
    },
    t(key),
  );
}

function actions(account, me) {
  if (account.id === me.user.user_id) return t("common.none");
  const buttons = [actionButton("accounts.edit", account, () => startEditing(account))];
  if (account.active && account.invited) {
    buttons.push(actionButton("accounts.resend", account, () => act(account, "invitation", "accounts.resent")));
  }
  if (account.active && !account.invited) {
    buttons.push(
      actionButton("accounts.resetFactor", account, () => {
        if (confirm(t("accounts.confirmResetFactor", { name: account.display_name }))) {
          act(account, "second-factor/reset", "accounts.factorReset");
        }
      }),
    );
  }
  buttons.push(
    account.active
      ? actionButton("accounts.deactivate", account, () => {
          if (confirm(t("accounts.confirmDeactivate", { name: account.display_name }))) {
            act(account, "deactivate", "accounts.deactivated");
          }
        })
      : actionButton("accounts.reactivate", account, () => act(account, "reactivate", "accounts.reactivated")),
  );
  return h("div", { class: "actions inline" }, buttons);
}

function drawList(me) {
  clear(
    document.getElementById("list"),
    accounts.length
      ? table(
          [t("col.name"), t("col.email"), t("col.role"), t("col.scope"), t("col.status"), t("col.actions")],
          accounts.map((account) => [
            h("th", { scope: "row" }, account.display_name),
            account.email,
            t(`role.${account.role}`),
            scope(account),
            state(account),
            actions(account, me),
          ]),
        )
      : h("p", {}, t("accounts.empty")),
  );
}

async function act(account, action, doneKey) {
  hideMessage(listProblem);
  try {
    await api(`/api/v1/users/${account.id}/${action}`, { method: "POST" });
    showMessage(listMessage, t(doneKey, { name: account.display_name }));
    await load();
  } catch (error) {
    showProblem(listProblem, error);
  }
}

let me = null;

async function load() {
  try {
    [accounts, institutions] = await Promise.all([api("/api/v1/users"), api("/api/v1/institutions")]);
    drawInstitutions();
    drawList(me);
  } catch (error) {
    showProblem(listProblem, error);
  }
}

async function submit(event) {
  event.preventDefault();
  hideMessage(formProblem);
  hideMessage(formMessage);
  resetInvalid(form);
  const button = document.getElementById("form-submit");
  button.disabled = true;
  try {
    if (editing) {
      const saved = await api(`/api/v1/users/${editing.id}`, { method: "PATCH", body: formBody() });
      stopEditing();
      showMessage(formMessage, t("accounts.updated", { name: saved.display_name }));
    } else {
      const created = await api("/api/v1/users", { method: "POST", body: formBody() });
      form.reset();
      fitToRole();
      showMessage(formMessage, t("accounts.invited", { email: created.email }));
    }
    await load();
  } catch (error) {
    showFormProblem(formProblem, error, form);
  } finally {
    button.disabled = false;
  }
}

async function main() {
  me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  document.getElementById("content").hidden = false;
  enumOptions(form.role, "role");
  enumOptions(form.language, "language");
  drawCountries();
  fitToRole();
  form.role.addEventListener("change", fitToRole);
  form.addEventListener("submit", submit);
  document.getElementById("form-cancel").addEventListener("click", stopEditing);
  await load();
  onLangChange(() => {
    enumOptions(form.role, "role");
    enumOptions(form.language, "language");
    drawInstitutions();
    drawCountries();
    drawFormMode();
    drawList(me);
  });
}

main();
