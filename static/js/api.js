// The one way the pages talk to the API: JSON in and out, the CSRF header on every
// state change, RFC 9457 problem details turned into ApiError, 401 back to the sign-in page.

import { lang } from "./i18n.js";

let csrfToken = "";

export function setCsrfToken(token) {
  csrfToken = token || "";
}

export function getCsrfToken() {
  return csrfToken;
}

export class ApiError extends Error {
  /** `problem` is the problem+json body: {type, title, status, detail, errors?}. */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  get errors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** A network failure (server down, connection lost): no HTTP status at all. */
export class NetworkError extends Error {
  constructor(cause) {
    super("network error");
    this.name = "NetworkError";
    this.cause = cause;
  }
}

/** The sign-in page, asked to come back here afterwards. */
function loginUrl() {
  const here = location.pathname.split("/").pop() + location.search;
  return `index.html?next=${encodeURIComponent(here)}`;
}

export function redirectToLogin() {
  location.assign(loginUrl());
}

/** Reads a problem+json body, or makes one up from the status line when there is none. */
async function readProblem(response) {
  try {
    const body = await response.json();
    if (body && typeof body === "object") return body;
  } catch {
    // Not JSON (a proxy's error page): fall through.
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

/**
 * Calls the API. `body` (if given) is sent as JSON, or as multipart when it is a FormData
 * (file uploads). Resolves to the parsed JSON
 * (null for 204); rejects with ApiError or NetworkError. A 401 sends the browser to the
 * sign-in page unless `redirectOn401` is false.
 */
export async function api(path, { method = "GET", body, redirectOn401 = true } = {}) {
  // The server words its error messages in the interface's language.
  const headers = { Accept: "application/json", "Accept-Language": lang() };
  const isForm = body instanceof FormData;
  // A FormData body gets its multipart Content-Type (with the boundary) from fetch itself.
  if (body !== undefined && !isForm) headers["Content-Type"] = "application/json";
  if (!["GET", "HEAD", "OPTIONS"].includes(method) && csrfToken) {
    headers["X-CSRF-Token"] = csrfToken;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined || isForm ? body : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (response.status === 401 && redirectOn401) {
    redirectToLogin();
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return null;
  return response.json();
}

/** Builds a query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
