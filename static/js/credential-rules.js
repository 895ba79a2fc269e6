// credential-rules.html (coordinators): the valid credentials an interpreter needs for each
// kind of session in a country, as the country sets them or by default.

import { api } from "./api.js";
import { boot } from "./app.js";
import { ENUMS, countryName, label, lang, onLangChange, t } from "./i18n.js";
import { clear, h, hideMessage, resetInvalid, showFormProblem, showMessage, showProblem } from "./ui.js";
import { COALITION } from "./views.js";

// The API takes at most this many requirements per kind of session.
const MAX_GROUPS = 5;

const picker = document.getElementById("r-country");
const problem = document.getElementById("rules-problem");
const message = document.getElementById("rules-message");
let countries = COALITION;
let rules = [];
// The kind of session whose rule is being changed, and its requirements as ticked so far.
let editing = null;
let draft = [];

function drawCountries() {
  const current = picker.value;
  clear(picker, countries.map((code) => h("option", { value: code }, countryName(code))));
  if (current) picker.value = current;
}

function alternatives(group) {
  return new Intl.ListFormat(lang(), { type: "disjunction" }).format(
    group.map((kind) => label("credential", kind)),
  );
}

function requirements(rule) {
  if (!rule.required_credentials.length) return h("p", {}, t("rules.nothing"));
  return [
    h("p", {}, t("rules.needs")),
    h("ul", {}, rule.required_credentials.map((group) => h("li", {}, alternatives(group)))),
  ];
}

/** The requirements as the open form has them ticked. */
function readDraft() {
  const form = document.getElementById("rule-form");
  if (!form) return;
  draft = draft.map((_, i) =>
    [...form.querySelectorAll(`input[name="required_credentials.${i}"]:checked`)].map((b) => b.value),
  );
}

function redraw(focusId) {
  draw();
  document.getElementById(focusId)?.focus();
}

function group(kind, chosen, i) {
  return h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, t("rules.group", { n: i + 1 })),
    ENUMS.credential.map((credential) =>
      h(
        "label",
        { class: "choice" },
        h("input", {
          type: "checkbox",
          id: `${kind}-${i}-${credential}`,
          name: `required_credentials.${i}`,
          value: credential,
          checked: chosen.includes(credential),
        }),
        " ",
        label("credential", credential),
      ),
    ),
    h(
      "button",
      {
        type: "button",
        class: "secondary small",
        onclick: () => {
          readDraft();
          draft.splice(i, 1);
          redraw("add-group");
        },
      },
      t("rules.removeGroup", { n: i + 1 }),
    ),
  );
}

function ruleForm(kind) {
  const form = h(
    "form",
    { id: "rule-form", novalidate: true },
    h("p", { class: "note" }, t("rules.formIntro")),
    draft.map((chosen, i) => group(kind, chosen, i)),
    h("div", { id: "rule-problem", role: "alert", hidden: true }),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          id: "add-group",
          class: "secondary",
          disabled: draft.length >= MAX_GROUPS,
          onclick: () => {
            readDraft();
            draft.push([]);
            redraw(`${kind}-${draft.length - 1}-${ENUMS.credential[0]}`);
          },
        },
        t("rules.addGroup"),
      ),
      h("button", { type: "submit" }, t("rules.save")),
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: () => {
            editing = null;
            redraw(`edit-${kind}`);
          },
        },
        t("rules.cancel"),
      ),
    ),
  );
  form.addEventListener("submit", (event) => save(event, kind, form));
  return form;
}

function ruleCard(rule) {
  const kind = rule.session_kind;
  const name = label("sessionKind", kind);
  const buttons = [
    h(
      "button",
      {
        type: "button",
        id: `edit-${kind}`,
        class: "secondary",
        "aria-label": t("rules.editLabel", { kind: name }),
        onclick: () => {
          editing = kind;
          draft = rule.required_credentials.map((chosen) => [...chosen]);
          hideMessage(message);
          draw();
          document.getElementById("rule-form").querySelector("input, button").focus();
        },
      },
      t("rules.edit"),
    ),
    rule.custom
      ? h(
          "button",
          {
            type: "button",
            class: "secondary",
            "aria-label": t("rules.resetLabel", { kind: name }),
            onclick: () => reset(kind),
          },
          t("rules.reset"),
        )
      : null,
  ];
  return h(
    "section",
    { class: "card", "aria-labelledby": `rule-${kind}` },
    h(
      "div",
      { class: "title-row" },
      h("h2", { id: `rule-${kind}` }, name),
      rule.custom
        ? h("span", { class: "badge warn" }, t("rules.custom", { country: countryName(rule.country) }))
        : h("span", { class: "badge" }, t("rules.default")),
    ),
    editing === kind ? ruleForm(kind) : [requirements(rule), h("div", { class: "actions" }, buttons)],
  );
}

function draw() {
  clear(document.getElementById("rules"), rules.map(ruleCard));
}

function done(kind, key) {
  editing = null;
  draw();
  showMessage(message, t(key, { kind: label("sessionKind", kind), country: countryName(picker.value) }));
  document.getElementById(`edit-${kind}`).focus();
}

async function save(event, kind, form) {
  event.preventDefault();
  readDraft();
  const box = document.getElementById("rule-problem");
  hideMessage(box);
  resetInvalid(form);
  try {
    rules = await api(`/api/v1/credential-rules/${picker.value}/${kind}`, {
      method: "PUT",
      body: { required_credentials: draft },
    });
    done(kind, "rules.saved");
  } catch (error) {
    showFormProblem(box, error, form);
  }
}

async function reset(kind) {
  hideMessage(problem);
  try {
    rules = await api(`/api/v1/credential-rules/${picker.value}/${kind}`, { method: "DELETE" });
    done(kind, "rules.wasReset");
  } catch (error) {
    showProblem(problem, error);
  }
}

async function load() {
  hideMessage(problem);
  hideMessage(message);
  editing = null;
  history.replaceState(null, "", `credential-rules.html?country=${picker.value}`);
  try {
    rules = await api(`/api/v1/credential-rules/${picker.value}`);
  } catch (error) {
    rules = [];
    showProblem(problem, error);
  }
  draw();
}

async function main() {
  const me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  // A coordinator of some countries sets those countries' rules only.
  if (me.user.countries.length) countries = me.user.countries;
  drawCountries();
  const asked = new URLSearchParams(location.search).get("country");
  if (countries.includes(asked)) picker.value = asked;
  document.getElementById("content").hidden = false;
  picker.addEventListener("change", load);
  await load();
  onLangChange(() => {
    drawCountries();
    readDraft();
    draw();
  });
}

main();
