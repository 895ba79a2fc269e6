// Drawing an interpreter record (InterpreterOut) — shared by the profile and vetting pages.

import { countryName, label, t } from "./i18n.js";
import { date, dateTime, definitions, h, labels, languageName, table, yesNo } from "./ui.js";

// The Coalition's countries first, then where interpreters of rare languages often live.
// The Coalition's nine countries, which coordinators are scoped to.
export const COALITION = ["MX", "BZ", "GT", "SV", "HN", "NI", "CR", "PA", "DO"];
export const COUNTRIES = [...COALITION, "US", "ES"];

export const TIMEZONES = [
  "America/Mexico_City",
  "America/Cancun",
  "America/Tijuana",
  "America/Belize",
  "America/Guatemala",
  "America/El_Salvador",
  "America/Tegucigalpa",
  "America/Managua",
  "America/Costa_Rica",
  "America/Panama",
  "America/Santo_Domingo",
  "America/Los_Angeles",
  "America/New_York",
  "Europe/Madrid",
];

/** Every language code a record mentions (to look their names up before drawing). */
export function languageCodes(view) {
  return [
    ...view.skills.flatMap((s) => [s.language, s.working_language]),
    ...view.credentials.map((c) => c.language),
  ].filter(Boolean);
}

export function vettingBadge(vetting) {
  const kind = vetting.valid ? "ok" : vetting.status === "applicant" ? "warn" : "bad";
  const validity = vetting.valid ? t("profile.valid") : t("profile.notValid");
  return h(
    "span",
    { class: `badge ${kind}` },
    `${label("vettingStatus", vetting.status)} · ${validity}`,
  );
}

export function summaryFacts(view) {
  return definitions([
    [t("profile.gender"), label("gender", view.gender)],
    [t("profile.country"), countryName(view.country)],
    [t("profile.timezone"), view.timezone],
    [t("profile.countriesServed"), view.countries_served.map(countryName).join(", ") || null],
    [t("profile.modalities"), labels("modality", view.modalities)],
    [t("profile.specialisations"), labels("specialisation", view.specialisations)],
  ]);
}

export function vettingFacts(vetting) {
  return definitions([
    [t("profile.vettingStatus"), label("vettingStatus", vetting.status)],
    [t("profile.vettingValid"), yesNo(vetting.valid)],
    [t("profile.backgroundCheckOn"), date(vetting.background_check_on)],
    [t("profile.backgroundCheckExpiresOn"), date(vetting.background_check_expires_on)],
    [t("profile.confidentialitySignedOn"), date(vetting.confidentiality_signed_on)],
    [t("profile.codeOfConductAcceptedOn"), date(vetting.code_of_conduct_accepted_on)],
  ]);
}

export function identityFacts(identity) {
  return definitions([
    [t("profile.legalName"), identity.legal_name],
    [t("profile.email"), identity.email],
    [t("profile.phone"), identity.phone || null],
    [t("profile.nationalId"), identity.national_id || null],
  ]);
}

export function skillsTable(skills) {
  if (!skills.length) return h("p", { class: "note" }, t("profile.noSkills"));
  return table(
    [
      t("col.language"),
      t("col.variety"),
      t("col.workingLanguage"),
      t("col.direction"),
      t("col.proficiency"),
      t("col.modes"),
    ],
    skills.map((s) => [
      h("th", { scope: "row" }, languageName(s.language)),
      s.variety || t("common.none"),
      languageName(s.working_language),
      label("direction", s.direction),
      `${s.proficiency} / 5`,
      labels("mode", s.modes),
    ]),
    { caption: h("span", { class: "sr-only" }, t("profile.skills")) },
  );
}

/** With `onVerify(credential, button)`, unverified credentials get a Verify button. */
export function credentialsTable(credentials, { onVerify = null } = {}) {
  if (!credentials.length) return h("p", { class: "note" }, t("profile.noCredentials"));
  const showNumber = credentials.some((c) => c.number !== null && c.number !== undefined);
  const headers = [
    t("col.kind"),
    t("col.issuer"),
    ...(showNumber ? [t("col.number")] : []),
    t("col.language"),
    t("col.issuedOn"),
    t("col.expiresOn"),
    t("col.verified"),
    t("col.validToday"),
    ...(onVerify ? [t("col.actions")] : []),
  ];
  const rows = credentials.map((c, i) => [
    h("th", { scope: "row" }, label("credential", c.kind)),
    c.issuer,
    ...(showNumber ? [c.number || t("common.none")] : []),
    c.language ? languageName(c.language) : t("coverage.general"),
    date(c.issued_on),
    date(c.expires_on),
    h("span", { class: `badge ${c.verified ? "ok" : "warn"}` }, yesNo(c.verified)),
    h("span", { class: `badge ${c.valid_today ? "ok" : "bad"}` }, yesNo(c.valid_today)),
    ...(onVerify
      ? [
          c.verified
            ? t("common.none")
            : h(
                "button",
                {
                  type: "button",
                  class: "small",
                  "aria-label": t("vetting.verifyLabel", { n: i + 1 }),
                  onclick: (event) => onVerify(c, event.currentTarget),
                },
                t("vetting.verify"),
              ),
        ]
      : []),
  ]);
  return table(headers, rows, {
    caption: h("span", { class: "sr-only" }, t("profile.credentials")),
  });
}

export function conflictsTable(conflicts) {
  if (!conflicts.length) return h("p", { class: "note" }, t("profile.noConflicts"));
  return table(
    [t("col.caseReference"), t("col.community"), t("col.description"), t("col.declaredAt")],
    conflicts.map((c) => [
      c.case_reference || t("common.none"),
      c.community || t("common.none"),
      c.description,
      dateTime(c.declared_at),
    ]),
  );
}

export function historyTable(history) {
  return table(
    [t("col.at"), t("col.status"), t("col.note")],
    history.map((e) => [dateTime(e.at), label("vettingStatus", e.status), e.note || t("common.none")]),
  );
}
