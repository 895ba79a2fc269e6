// Small DOM helpers. Data from the API is only ever inserted as text, never as HTML.

import { ApiError, NetworkError, api, query } from "./api.js";
import { ENUMS, label, lang, t } from "./i18n.js";

/** h("a", {href: "x", class: "y"}, "text", child) → element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table with a header row; `rows` are arrays of cells (strings or nodes). */
export function table(headers, rows, { caption, className = "data" } = {}) {
  return h(
    "table",
    { class: className },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
    h(
      "tbody",
      {},
      rows.map((cells) =>
        h(
          "tr",
          {},
          cells.map((cell) =>
            cell instanceof HTMLTableCellElement ? cell : h("td", {}, cell),
          ),
        ),
      ),
    ),
  );
}

/**
 * Under a paged list ({items, total, limit, offset}): "N <things>; showing a–b." in `summary`
 * (the string keys `one` and `many`, or `empty` without items), and the pager (#pager,
 * #page-of, #previous, #next). Returns whether there is anything to list.
 */
export function drawPaging(page, summary, { one, many, empty }) {
  if (!page.items.length) {
    summary.textContent = t(empty);
    document.getElementById("pager").hidden = true;
    return false;
  }
  summary.textContent = t(page.total === 1 ? one : many, {
    total: page.total,
    from: page.offset + 1,
    to: page.offset + page.items.length,
  });
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  document.getElementById("pager").hidden = pages <= 1;
  document.getElementById("page-of").textContent = t("common.page", {
    page: Math.floor(page.offset / page.limit) + 1,
    pages,
  });
  document.getElementById("previous").disabled = page.offset <= 0;
  document.getElementById("next").disabled = page.offset + page.limit >= page.total;
  return true;
}

/** A description list from [term, value] pairs. */
export function definitions(pairs) {
  return h(
    "dl",
    { class: "facts" },
    pairs.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value ?? t("common.none"))]),
  );
}

export function yesNo(value) {
  return value ? t("common.yes") : t("common.no");
}

export function labels(kind, values) {
  return values && values.length ? values.map((v) => label(kind, v)).join(", ") : t("common.none");
}

export function date(value) {
  return value || t("common.none");
}

/** An instant as a date and time in `zone` (an IANA name), or in the browser's zone. */
export function dateTime(value, zone = undefined) {
  if (!value) return t("common.none");
  const when = new Date(value);
  if (Number.isNaN(when.getTime())) return value;
  return when.toLocaleString(lang() === "en" ? "en-GB" : "es", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zone,
  });
}

/** Today's date in the browser's time zone as YYYY-MM-DD. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Shows a status message (role=status elements are announced by screen readers). */
export function showMessage(el, text, kind = "ok") {
  el.hidden = false;
  el.className = `message ${kind}`;
  clear(el, text);
}

export function hideMessage(el) {
  el.hidden = true;
  clear(el);
}

/** A refusal worded for the person (the browser declined, say), not a fault to log. */
export class Refusal extends Error {}

/**
 * Shows an error in `box`: the problem's detail and its field errors. Form controls named
 * like an error's field get aria-invalid so that they are marked and announced.
 */
export function showProblem(box, error, form = null) {
  box.hidden = false;
  box.className = "message error";
  if (error instanceof NetworkError) {
    clear(box, h("p", {}, t("common.networkError")));
    return;
  }
  if (error instanceof Refusal) {
    clear(box, h("p", {}, error.message));
    return;
  }
  if (!(error instanceof ApiError)) {
    clear(box, h("p", {}, String(error && error.message ? error.message : error)));
    console.error(error);
    return;
  }
  const detail = error.problem.detail || error.problem.title || `HTTP ${error.status}`;
  const parts = [h("p", {}, detail)];
  if (error.errors.length) {
    parts.push(
      h("p", {}, t("common.fieldErrors")),
      h(
        "ul",
        {},
        error.errors.map((e) => h("li", {}, h("strong", {}, e.field), ": ", e.message)),
      ),
    );
  }
  clear(box, parts);
  if (form) {
    for (const e of error.errors) {
      const control = form.elements.namedItem(e.field);
      if (control && "setAttribute" in control) control.setAttribute("aria-invalid", "true");
    }
  }
}

/**
 * Whether a new password and its repetition differ; if they do, `problem` says so and the
 * repetition is marked invalid and focused.
 */
export function passwordsDiffer(password, repeat, problem) {
  if (password.value === repeat.value) return false;
  showMessage(problem, t("password.mismatch"), "error");
  repeat.setAttribute("aria-invalid", "true");
  repeat.focus();
  return true;
}

export function resetInvalid(form) {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const note of form.querySelectorAll(".field-error")) {
    for (const el of form.querySelectorAll(`[aria-describedby~="${note.id}"]`)) {
      const rest = el.getAttribute("aria-describedby").split(" ").filter((id) => id !== note.id);
      if (rest.length) el.setAttribute("aria-describedby", rest.join(" "));
      else el.removeAttribute("aria-describedby");
    }
    note.remove();
  }
}

/**
 * Sends `form` with `action` on submit: the old problem cleared and the button off while it
 * runs; a refusal shown by showFormProblem, then `afterProblem` (to clear a spent code, say).
 */
export function onSubmit(form, problem, action, afterProblem = () => {}) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideMessage(problem);
    resetInvalid(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      showFormProblem(problem, error, form);
      afterProblem();
    } finally {
      button.disabled = false;
    }
  });
}

/**
 * A form's problem: each field error written next to its control (named like the error's
 * field, "required_credentials.1", or else like its first part: "extra_credentials.0") and
 * tied to it by aria-describedby, and in `box` a summary linking to those controls by their
 * labels. Errors naming no control are listed as they come; anything but field errors goes
 * to showProblem.
 */
export function showFormProblem(box, error, form) {
  if (!(error instanceof ApiError) || !error.errors.length) {
    showProblem(box, error, form);
    return;
  }
  const items = error.errors.map((e, i) => {
    const whole = String(e.field);
    const name = form.elements.namedItem(whole) ? whole : whole.split(".")[0];
    const found = form.elements.namedItem(name);
    const control = found instanceof RadioNodeList ? found[0] : found;
    if (!control) return h("li", {}, h("strong", {}, e.field), ": ", e.message);
    const place = control.closest(".field, fieldset") || control.parentElement;
    const id = `${control.id || name}-error-${i}`;
    const note = h("span", { class: "field-error", id }, e.message);
    place.append(note);
    control.setAttribute("aria-invalid", "true");
    const described = control.getAttribute("aria-describedby");
    control.setAttribute("aria-describedby", `${described || ""} ${note.id}`.trim());
    const caption = place.querySelector("label, legend");
    const link = h(
      "a",
      {
        href: control.id ? `#${control.id}` : null,
        onclick: (event) => {
          event.preventDefault();
          control.focus();
        },
      },
      caption ? caption.textContent.trim() : e.field,
    );
    return h("li", {}, link, ": ", e.message);
  });
  box.hidden = false;
  box.className = "message error";
  clear(box, h("p", {}, t("common.fieldErrors")), h("ul", {}, items));
}

/** <option>s for an enumeration, with an optional empty "any" choice first. */
export function enumOptions(select, kind, { any = false, values = ENUMS[kind] } = {}) {
  const current = select.value;
  clear(
    select,
    any ? h("option", { value: "", "data-i18n": "common.any" }, t("common.any")) : null,
    values.map((v) => h("option", { value: v, "data-i18n": `${kind}.${v}` }, label(kind, v))),
  );
  if (current) select.value = current;
}

/** Checkboxes named `name` for an enumeration, inside a fieldset with a legend. */
export function enumCheckboxes(kind, name, legendKey, checked = []) {
  return h(
    "fieldset",
    { class: "choices" },
    h("legend", { "data-i18n": legendKey }, t(legendKey)),
    ENUMS[kind].map((v) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "checkbox", name, value: v, checked: checked.includes(v) }),
        h("span", { "data-i18n": `${kind}.${v}` }, label(kind, v)),
      ),
    ),
  );
}

export function checkedValues(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
}

// Language names: looked up once per code and remembered for the browser session, so that
// languageName() can be called synchronously while drawing.

const languages = new Map(); // code → {code, name_en, name_es, is_sign_language} or null
const pending = new Map(); // code → Promise

function remember(info) {
  languages.set(info.code, info);
  try {
    sessionStorage.setItem(`language:${info.code}`, JSON.stringify(info));
  } catch {
    // No storage: the in-memory map still works for this page.
  }
}

function lookupLanguage(code) {
  if (languages.has(code)) return Promise.resolve();
  try {
    const stored = sessionStorage.getItem(`language:${code}`);
    if (stored) {
      languages.set(code, JSON.parse(stored));
      return Promise.resolve();
    }
  } catch {
    // Fall through to the API.
  }
  if (!pending.has(code)) {
    pending.set(
      code,
      api(`/api/v1/languages${query({ q: code, limit: 1 })}`)
        .then((found) => {
          const match = found.find((l) => l.code === code);
          if (match) remember(match);
          else languages.set(code, null);
        })
        .catch(() => {
          // Unknown name: the code alone is shown.
        }),
    );
  }
  return pending.get(code);
}

/** Looks up every code; languageName() knows them afterwards. */
export async function loadLanguages(codes) {
  await Promise.all([...new Set(codes.filter(Boolean))].map(lookupLanguage));
}

/** "K'iche' (quc)" once known, else the code. */
export function languageName(code) {
  if (!code) return t("common.none");
  const info = languages.get(code);
  if (!info) return code;
  return `${lang() === "en" ? info.name_en : info.name_es} (${code})`;
}

function fold(text) {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f'’ʼ]/g, "")
    .toLowerCase()
    .trim();
}

/**
 * The one language that a code or a name typed by a person means: the code itself, a name
 * written in full (accents, case and apostrophes aside), or the only language whose name
 * matches. Null when it means none, or several.
 */
export async function resolveLanguage(text) {
  const wanted = fold(text);
  if (!wanted) return null;
  const found = await api(`/api/v1/languages${query({ q: text.trim(), limit: 5 })}`);
  for (const info of found) remember(info);
  const exact = found.find(
    (l) => l.code === wanted || fold(l.name_es) === wanted || fold(l.name_en) === wanted,
  );
  if (exact) return exact;
  return found.length === 1 ? found[0] : null;
}

/** Suggestions for a free-text language code input, from /api/v1/languages?q=…. */
export function suggestLanguages(input) {
  const list = h("datalist", { id: `${input.id || input.name}-suggestions` });
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  let timer = 0;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q || q === asked) return;
    timer = setTimeout(async () => {
      asked = q;
      try {
        const found = await api(`/api/v1/languages${query({ q, limit: 10 })}`);
        for (const info of found) remember(info);
        clear(
          list,
          found.map((l) =>
            h("option", { value: l.code }, `${lang() === "en" ? l.name_en : l.name_es} (${l.code})`),
          ),
        );
      } catch {
        // Suggestions are a convenience: a failed lookup leaves the input as it is.
      }
    }, 200);
  });
}
