// request-new.html: a prosecutors' office or a court asks for an interpreter. Times are the
// institution's local time (sent without an offset); field errors are shown by their fields.

import { api } from "./api.js";
import { boot } from "./app.js";
import { ENUMS, label, onLangChange, t } from "./i18n.js";
import {
  checkedValues,
  clear,
  enumCheckboxes,
  enumOptions,
  h,
  hideMessage,
  languageName,
  resetInvalid,
  resolveLanguage,
  showFormProblem,
  showProblem,
  suggestLanguages,
} from "./ui.js";
import { roomName } from "./request-views.js";

const form = document.getElementById("request-form");
const problem = document.getElementById("request-problem");
// What each language input means once looked up: {code} or null (nothing, or unclear).
const resolved = new Map();
let institution = null;

function fillModalities() {
  const current = form.querySelector('input[name="modality"]:checked');
  const chosen = current ? current.value : "video";
  clear(
    document.getElementById("r-modality-choices"),
    ENUMS.modality.map((value) =>
      h(
        "label",
        { class: "choice" },
        h("input", {
          type: "radio",
          id: `r-modality-${value}`,
          name: "modality",
          value,
          checked: value === chosen,
          onchange: showPlace,
        }),
        h("span", {}, label("modality", value)),
      ),
    ),
  );
}

function modality() {
  return form.querySelector('input[name="modality"]:checked').value;
}

function showPlace() {
  document.getElementById("place-field").hidden = modality() !== "on_site";
}

function drawZone() {
  if (!institution) return;
  document.getElementById("r-zone").textContent = t("requestNew.zone", {
    name: institution.name,
    zone: institution.timezone,
  });
}

/** Looks up what a language input means and says it under the input. */
function languageInput(input) {
  const output = document.getElementById(`${input.id}-name`);
  let timer = 0;
  const show = () => {
    const found = resolved.get(input);
    if (!input.value.trim()) output.textContent = "";
    else if (found) {
      output.textContent = t("requestNew.languageChosen", { name: languageName(found.code) });
    }
    else if (found === null) output.textContent = t("requestNew.languageUnclear");
    else output.textContent = "";
  };
  const look = async () => {
    const text = input.value;
    try {
      const found = await resolveLanguage(text);
      if (input.value === text) resolved.set(input, found);
    } catch {
      // The server will name the problem on submit.
      resolved.delete(input);
    }
    show();
  };
  suggestLanguages(input);
  input.addEventListener("input", () => {
    clearTimeout(timer);
    resolved.delete(input);
    show();
    timer = setTimeout(look, 250);
  });
  onLangChange(show);
  return async () => {
    clearTimeout(timer);
    if (!resolved.has(input) && input.value.trim()) await look();
    const found = resolved.get(input);
    return found ? found.code : input.value.trim();
  };
}

/** The active rooms of the institution's country, if it has any, to hold one for the session. */
async function fillRooms() {
  const rooms = await api("/api/v1/facilities?active=true");
  const select = form.facility;
  const chosen = select.value;
  clear(
    select,
    h("option", { value: "" }, t("requestNew.noFacility")),
    rooms.map((room) => h("option", { value: String(room.id) }, roomName(room))),
  );
  select.value = chosen;
  document.getElementById("facility-field").hidden = !rooms.length;
}

function number(value) {
  return value === "" ? null : Number(value);
}

async function body(languageCode, workingCode) {
  const onSite = modality() === "on_site";
  return {
    case_reference: form.case_reference.value.trim(),
    victim_pseudonym: form.victim_pseudonym.value.trim(),
    session_kind: form.session_kind.value,
    community: form.community.value.trim(),
    language: await languageCode(),
    variety: form.variety.value.trim(),
    working_language: (await workingCode()) || null,
    min_proficiency: number(form.min_proficiency.value),
    mode: form.mode.value,
    modality: modality(),
    place: onSite ? form.place.value.trim() : "",
    facility: form.facility.value ? Number(form.facility.value) : null,
    start: form.start.value || null,
    latest_start: form.latest_start.value || null,
    duration_minutes: number(form.duration_minutes.value),
    urgency: form.querySelector('input[name="urgency"]:checked').value,
    extra_credentials: checkedValues(form, "extra_credentials"),
    preferred_gender: form.preferred_gender.value || null,
    same_interpreter: form.same_interpreter.checked,
  };
}

async function main() {
  const me = await boot({ roles: ["prosecutor", "court"] });
  if (!me) return;
  for (const select of form.querySelectorAll("select[data-enum]")) {
    enumOptions(select, select.dataset.enum, { any: select.name === "preferred_gender" });
  }
  fillModalities();
  clear(
    document.getElementById("r-credentials"),
    enumCheckboxes("credential", "extra_credentials", "requestNew.extraCredentials"),
  );
  const languageCode = languageInput(form.language);
  const workingCode = languageInput(form.working_language);
  showPlace();
  try {
    const [institutions] = await Promise.all([api("/api/v1/institutions"), fillRooms()]);
    institution = institutions.find((i) => i.id === me.user.institution_id) || null;
    drawZone();
  } catch (error) {
    showProblem(problem, error);
  }
  form.hidden = false;
  onLangChange(() => {
    fillModalities();
    drawZone();
    fillRooms().catch((error) => showProblem(problem, error));
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(problem);
    resetInvalid(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const created = await api("/api/v1/requests", {
        method: "POST",
        body: await body(languageCode, workingCode),
      });
      location.assign(`request.html?id=${created.id}`);
    } catch (error) {
      showFormProblem(problem, error, form);
      const first = form.querySelector('[aria-invalid="true"]');
      if (first) first.focus();
      else problem.scrollIntoView({ block: "center" });
    } finally {
      button.disabled = false;
    }
  });
}

main();
