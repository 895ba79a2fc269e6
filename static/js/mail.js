// mail.html (coordinators): the emails and webhook calls the service sent or will send,
// newest first, each readable as it went out.

import { api, query } from "./api.js";
import { boot } from "./app.js";
import { onLangChange, t } from "./i18n.js";
import { clear, dateTime, h, hideMessage, showProblem, table } from "./ui.js";

const SHOWN = 100;
const form = document.getElementById("mail-form");
const problem = document.getElementById("mail-problem");
let page = null;

function draw() {
  const section = document.getElementById("mail-section");
  const summary = document.getElementById("mail-summary");
  const holder = document.getElementById("mail-list");
  section.hidden = false;
  if (!page.items.length) {
    summary.textContent = t("mail.empty");
    clear(holder);
    return;
  }
  summary.textContent = t("mail.count", { total: page.total, shown: page.items.length });
  clear(
    holder,
    table(
      [
        t("mail.when"),
        t("mail.to"),
        t("mail.subject"),
        t("mail.status"),
        t("mail.attempts"),
        t("mail.message"),
      ],
      page.items.map((m) => [
        dateTime(m.created_at),
        m.recipient,
        m.subject || m.topic,
        h(
          "td",
          { class: `status-${m.status}`, title: m.last_error || null },
          t(`mail.status.${m.status}`),
        ),
        String(m.attempts),
        h(
          "td",
          {},
          h(
            "a",
            { href: `/api/v1/outbox/${m.id}/message.eml`, target: "_blank", rel: "noopener" },
            t("mail.open"),
          ),
        ),
      ]),
      { caption: t("mail.heading") },
    ),
  );
}

async function load() {
  hideMessage(problem);
  try {
    const status = form.status.value || undefined;
    page = await api(`/api/v1/outbox${query({ status, limit: SHOWN })}`);
    draw();
  } catch (error) {
    showProblem(problem, error);
  }
}

async function main() {
  const me = await boot({ roles: ["coordinator"] });
  if (!me) return;
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  onLangChange(() => page && draw());
  await load();
}

main();
