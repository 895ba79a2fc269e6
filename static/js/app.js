// What every page does first: translate, find out who is signed in, draw the header.

import { ApiError, api, redirectToLogin, setCsrfToken } from "./api.js";
import { lang, onLangChange, setLang, t, translate } from "./i18n.js";
import { clear, h, showProblem } from "./ui.js";

/** Where a signed-in user starts: interpreters on their own profile, everyone else searching. */
export function homeFor(user) {
  if (user.role === "interpreter" && user.interpreter_id) {
    return `profile.html?id=${user.interpreter_id}`;
  }
  if (user.role === "interpreter") return "index.html";
  return "search.html";
}

function links(user) {
  if (!user || user.stage !== "full") return [];
  if (user.role === "interpreter") {
    return user.interpreter_id
      ? [
          ["nav.profile", `profile.html?id=${user.interpreter_id}`],
          ["nav.availability", "availability.html"],
          ["nav.offers", "offers.html"],
          ["nav.account", "account.html"],
        ]
      : [["nav.account", "account.html"]];
  }
  const found = [
    ["nav.search", "search.html"],
    // The list is current on a request's own pages too.
    ["nav.requests", "requests.html", "request.html", "request-new.html"],
  ];
  if (user.role === "coordinator") {
    found.push(
      ["nav.vetting", "vetting.html"],
      ["nav.coverage", "coverage.html"],
      ["nav.mail", "mail.html"],
      ["nav.accounts", "accounts.html"],
      ["nav.institutions", "institutions.html"],
      ["nav.facilities", "facilities.html"],
      ["nav.credentialRules", "credential-rules.html"],
      ["nav.audit", "audit.html"],
    );
  }
  found.push(["nav.account", "account.html"]);
  return found;
}

function isCurrent(href, within = []) {
  const [file, search = ""] = href.split("?");
  const here = location.pathname.split("/").pop() || "index.html";
  if (within.includes(here)) return true;
  return file === here && (!search || location.search === `?${search}`);
}

function drawHeader(header, me) {
  const user = me ? me.user : null;
  const nav = h(
    "nav",
    { "aria-label": t("nav.main") },
    h(
      "ul",
      {},
      links(user).map(([key, href, ...within]) =>
        h(
          "li",
          {},
          h("a", { href, "aria-current": isCurrent(href, within) ? "page" : null }, t(key)),
        ),
      ),
    ),
  );
  const other = lang() === "es" ? "en" : "es";
  const tools = h(
    "div",
    { class: "tools" },
    user
      ? h(
          "span",
          { class: "who" },
          t("nav.signedInAs", { name: user.display_name, role: t(`role.${user.role}`) }),
        )
      : null,
    h(
      "button",
      {
        type: "button",
        class: "link-button",
        lang: other,
        "aria-label": t("lang.switchLabel"),
        onclick: () => setLang(other),
      },
      t("lang.switch"),
    ),
    user ? h("button", { type: "button", class: "secondary", onclick: logout }, t("nav.logout")) : null,
  );
  clear(
    header,
    h("a", { class: "skip", href: "#main" }, t("nav.skip")),
    h(
      "div",
      { class: "bar" },
      h("a", { class: "brand", href: user ? homeFor(user) : "index.html" }, t("app.name")),
      nav,
      tools,
    ),
  );
}

async function logout() {
  try {
    await api("/api/v1/auth/logout", { method: "POST", redirectOn401: false });
  } catch {
    // Already signed out, or the server is gone: either way go to the sign-in page.
  }
  setCsrfToken("");
  location.assign("index.html");
}

/**
 * Starts a page. Resolves to the /me body ({user, csrf_token}) or null when the page
 * should stop: not signed in (`requireAuth` sends the browser to the sign-in page), the
 * sign-in is not finished and the page is not among those that finish it (`stages` it
 * accepts besides "full"; the browser goes where it continues), or the role is not among
 * `roles` (a message says so).
 */
export async function boot({ requireAuth = true, roles = null, stages = [] } = {}) {
  translate(document);
  const header = document.getElementById("site-header");
  const main = document.getElementById("main");
  let me = null;
  try {
    me = await api("/api/v1/auth/me", { redirectOn401: false });
    setCsrfToken(me.csrf_token);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      drawHeader(header, null);
      const box = h("div", { id: "boot-problem", role: "alert" });
      main.prepend(box);
      showProblem(box, error);
      return null;
    }
  }
  if (me && me.user.stage !== "full" && !stages.includes(me.user.stage)) {
    location.assign(me.user.stage === "enrol" ? "second-factor.html" : "index.html");
    return null;
  }
  drawHeader(header, me);
  onLangChange(() => drawHeader(header, me));
  if (!me) {
    if (requireAuth) redirectToLogin();
    return null;
  }
  if (roles && !roles.includes(me.user.role)) {
    clear(main, h(
        "p",
        { class: "message error", role: "alert", "data-i18n": "common.forbidden" },
        t("common.forbidden"),
      ),);
    return null;
  }
  return me;
}
