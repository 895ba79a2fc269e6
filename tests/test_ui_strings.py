"""Every string the browser UI shows exists in Spanish and in English: a missing key would
show the key itself to the person reading the page."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
DICTIONARIES = [
    "i18n.js",
    "i18n-bookings.js",
    "i18n-room.js",
    "i18n-accounts.js",
    "i18n-admin.js",
    "i18n-records.js",
]
KEY = re.compile(r'^\s+"([\w.]+)":', re.MULTILINE)


def strings(language: str) -> set[str]:
    """The keys of one language across the dictionaries (blocks `es: {` and `en: {`)."""
    keys: set[str] = set()
    for name in DICTIONARIES:
        text = (STATIC / "js" / name).read_text(encoding="utf-8")
        spanish, english = text.index("  es: {"), text.index("  en: {")
        block = text[spanish:english] if language == "es" else text[english : text.index("\n};")]
        keys |= set(KEY.findall(block))
    return keys


def scripts() -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in (STATIC / "js").glob("*.js")
        if path.name not in DICTIONARIES
    }


def used_keys() -> set[str]:
    """Keys named literally: data-i18n attributes, t("…") and verb("…") calls (both
    branches of a conditional first argument) and h(…, {"data-i18n": "…"})."""
    used: set[str] = set()
    attribute = re.compile(r'data-i18n(?:-[a-z-]+)?="([^"]+)"')
    for page in STATIC.glob("*.html"):
        used |= set(attribute.findall(page.read_text(encoding="utf-8")))
    call = re.compile(r"\b(?:t|verb)\(([^()]*?)[,)]")
    literal = re.compile(r'"(\w+\.[\w.]+)"')
    element = re.compile(r'"data-i18n(?:-[a-z-]+)?":\s*"([^"]+)"')
    for text in scripts().values():
        for argument in call.findall(text):
            used |= set(literal.findall(argument))
        used |= set(element.findall(text))
    return used


def enumerations() -> dict[str, list[str]]:
    text = (STATIC / "js" / "i18n.js").read_text(encoding="utf-8")
    block = text[text.index("export const ENUMS = {") :]
    block = block[: block.index("\n};")]
    return {
        kind: re.findall(r'"([^"]+)"', values)
        for kind, values in re.findall(r"(\w+): \[([^\]]*)\]", block)
    }


def test_both_languages_have_the_same_keys() -> None:
    spanish, english = strings("es"), strings("en")
    assert spanish - english == set()
    assert english - spanish == set()
    assert len(spanish) > 400


def test_every_key_a_page_or_script_names_exists() -> None:
    used = used_keys()
    assert "candidates.bookLabel" in used
    assert used - strings("es") == set()


def test_every_value_of_every_enumeration_has_a_label() -> None:
    keys = strings("es")
    labelled = {f"{kind}.{value}" for kind, values in enumerations().items() for value in values}
    assert "sessionKind.court_hearing" in labelled
    assert labelled - keys == set()
    # Enumerations drawn with label() or statusBadge() that list no values here.
    drawn = re.compile(r'(?:label|statusBadge)\(\s*"(\w+)"')
    kinds = {k for text in scripts().values() for k in drawn.findall(text)}
    assert {"bookingRole", "event", "offerStatus", "urgency"} <= kinds
    prefixes = {key.split(".")[0] for key in keys}
    assert kinds - prefixes == set()


def test_every_action_the_audit_log_records_has_words_on_the_audit_page() -> None:
    """Each action the code writes to the log (a literal one) is in the audit page's list,
    and each action of that list reads as words in both languages."""
    call = re.compile(
        r'(?:audit\.record|log_action|_audit_credential)\(\s*[\w.]+,\s*"([\w.]+)"'
        r'(?:\s+if\s+\w+\s+else\s+"([\w.]+)")?'
    )
    recorded: set[str] = set()
    for path in (STATIC.parent / "src" / "interpreters").rglob("*.py"):
        for found in call.findall(path.read_text(encoding="utf-8")):
            recorded |= {action for action in found if action}
    assert {"login", "video.unmute", "verify_credential"} <= recorded
    page = scripts()["audit.js"]
    block = page[page.index("const ACTIONS = {") : page.index("const RECORD_TYPES")]
    listed = set(re.findall(r'"([\w.]+)"', block))
    assert recorded - listed == set()
    for language in ("es", "en"):
        assert {f"auditAction.{action}" for action in listed} - strings(language) == set()
