// On an interpreter's profile, for coordinators: the cases the interpreter is kept out of
// (matching and booking pass them by), and the way to their history in the audit log.

import { ApiError, api } from "./api.js";
import { onLangChange, t } from "./i18n.js";
import {
  clear,
  dateTime,
  h,
  hideMessage,
  resetInvalid,
  showFormProblem,
  showMessage,
  showProblem,
  table,
} from "./ui.js";

const section = document.getElementById("blocks-section");
const form = document.getElementById("block-form");
const problem = document.getElementById("blocks-problem");
const message = document.getElementById("blocks-message");
// Null until read: a refused read shows its reason, not an empty list.
let blocks = null;

function drawBlocks(id) {
  if (!blocks) return;
  clear(
    document.getElementById("blocks-list"),
    blocks.length
      ? table(
          [t("blocks.case"), t("blocks.reason"), t("blocks.since"), t("col.actions")],
          blocks.map((block) => [
            h("th", { scope: "row" }, block.case_reference),
            block.reason,
            dateTime(block.blocked_at),
            h(
              "button",
              {
                type: "button",
                class: "small secondary",
                "aria-label": t("blocks.liftLabel", { case: block.case_reference }),
                onclick: () => lift(id, block),
              },
              t("blocks.lift"),
            ),
          ]),
        )
      : h("p", {}, t("blocks.empty")),
  );
}

async function load(id) {
  try {
    blocks = await api(`/api/v1/interpreters/${id}/case-blocks`);
    drawBlocks(id);
  } catch (error) {
    // Outside the coordinator's countries: the reason shows and nothing can be changed.
    if (error instanceof ApiError && error.status === 403) form.hidden = true;
    showProblem(problem, error);
  }
}

async function lift(id, block) {
  if (!confirm(t("blocks.confirmLift", { case: block.case_reference }))) return;
  hideMessage(problem);
  try {
    await api(`/api/v1/interpreters/${id}/case-blocks/${block.id}`, { method: "DELETE" });
    showMessage(message, t("blocks.lifted", { case: block.case_reference }));
    await load(id);
  } catch (error) {
    showProblem(problem, error);
  }
}

async function exclude(event, id) {
  event.preventDefault();
  const box = document.getElementById("block-problem");
  hideMessage(box);
  hideMessage(message);
  resetInvalid(form);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const made = await api(`/api/v1/interpreters/${id}/case-blocks`, {
      method: "POST",
      body: { case_reference: form.case_reference.value.trim(), reason: form.reason.value.trim() },
    });
    form.reset();
    showMessage(message, t("blocks.excluded", { case: made.case_reference }));
    await load(id);
  } catch (error) {
    showFormProblem(box, error, form);
  } finally {
    button.disabled = false;
  }
}

/** Shows the coordinators' part of the profile of interpreter `id`. */
export async function setUpRecords(id) {
  const link = document.getElementById("audit-link");
  link.href = `audit.html?record_type=interpreter&record_id=${id}`;
  link.closest("p").hidden = false;
  section.hidden = false;
  form.addEventListener("submit", (event) => exclude(event, id));
  onLangChange(() => drawBlocks(id));
  await load(id);
}
