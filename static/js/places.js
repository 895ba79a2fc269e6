// The country and time-zone choices of the coordinators' forms (institutions, rooms).

import { countryName } from "./i18n.js";
import { clear, h } from "./ui.js";
import { COALITION } from "./views.js";

// Each country's own zones as tzdata's zone.tab lists them (the server refuses a room in a
// zone of another country), the capital's first so that it is the one chosen by default.
const ZONES = {
  MX: [
    "America/Mexico_City",
    "America/Cancun",
    "America/Merida",
    "America/Monterrey",
    "America/Matamoros",
    "America/Chihuahua",
    "America/Ciudad_Juarez",
    "America/Ojinaga",
    "America/Mazatlan",
    "America/Bahia_Banderas",
    "America/Hermosillo",
    "America/Tijuana",
  ],
  BZ: ["America/Belize"],
  GT: ["America/Guatemala"],
  SV: ["America/El_Salvador"],
  HN: ["America/Tegucigalpa"],
  NI: ["America/Managua"],
  CR: ["America/Costa_Rica"],
  PA: ["America/Panama"],
  DO: ["America/Santo_Domingo"],
};

/** The countries `user` coordinates (a regional coordinator: the whole Coalition). */
export function countryOptions(select, user) {
  const current = select.value;
  const codes = user.countries.length ? user.countries : COALITION;
  clear(select, codes.map((code) => h("option", { value: code }, countryName(code))));
  if (current) select.value = current;
}

/** The zones of `country`, keeping the chosen one when it is among them. */
export function zoneOptions(select, country) {
  const current = select.value;
  const zones = ZONES[country] || [];
  clear(select, zones.map((zone) => h("option", { value: zone }, zone)));
  if (zones.includes(current)) select.value = current;
}
