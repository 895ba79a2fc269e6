"""Error messages speak the interface's language: Spanish first, English on request."""

from __future__ import annotations

import ast
from pathlib import Path

import httpx
import pytest

from interpreters.i18n import SPANISH, Language, choose_language, render
from tests.factories import Account

SOURCE = Path(__file__).resolve().parents[1] / "src" / "interpreters"
ERRORS = {
    "InvalidInput",
    "Forbidden",
    "NotFound",
    "Conflict",
    "NotAuthenticated",
    "DomainError",
    "with_errors",
    "invalid",
}


def _templates() -> list[tuple[str, int, ast.expr]]:
    found = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ERRORS and node.args:
                found.append((path.name, node.lineno, node.args[0]))
            elif name == "of" and len(node.args) >= 2:  # FieldError.of(field, template)
                found.append((path.name, node.lineno, node.args[1]))
    return found


def test_every_error_template_in_the_code_has_a_spanish_translation() -> None:
    templates = _templates()
    assert len(templates) > 40
    for file, line, template in templates:
        assert isinstance(template, ast.Constant), f"{file}:{line}: use a template, not an f-string"
        assert template.value in SPANISH, f"{file}:{line}: no Spanish for {template.value!r}"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "es"),
        ("en-US,en;q=0.9", "en"),
        ("fr, en;q=0.5, es;q=0.8", "es"),
        ("es-HN", "es"),
        ("de", "es"),
        ("en;q=bad, es;q=0.1", "es"),
    ],
)
def test_the_language_is_the_clients_first_choice_of_spanish_or_english(
    header: str, language: str
) -> None:
    assert choose_language(header) == language


async def test_errors_are_in_spanish_unless_english_is_asked_for(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    body = {"email": coordinator.email, "password": "wrong"}
    spanish = await client.post(
        "/api/v1/auth/login", json=body, headers={"accept-language": "es-HN,es;q=0.9"}
    )
    assert spanish.json()["detail"] == "El correo o la contraseña no son correctos."
    assert spanish.json()["title"] == "Sesión no iniciada"
    assert spanish.headers["content-language"] == "es"
    english = await client.post("/api/v1/auth/login", json=body)
    assert english.json()["detail"] == "Email or password is incorrect."


async def test_field_errors_from_validation_and_rules_are_translated(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    spanish = {**coordinator.headers, "accept-language": "es"}
    response = await client.post(
        "/api/v1/interpreters",
        json={"display_name": "X", "country": "ZZ", "timezone": "Mars/Base"},
        headers=spanish,
    )
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["country"] == "«ZZ» no es un código de país ISO 3166-1 alfa-2"
    assert messages["timezone"] == "«Mars/Base» no es una zona horaria IANA"
    assert messages["legal_name"] == "Campo obligatorio"
    assert messages["display_name"] == "Debe tener al menos 2 caracteres"
    missing = await client.get("/api/v1/interpreters/4242", headers=spanish)
    assert missing.json()["detail"] == "No existe el intérprete 4242."


@pytest.mark.parametrize(
    ("params", "language", "expected"),
    [
        ({"status": "withdrawn"}, "es", "Esta oferta está en estado retirada"),
        ({"status": "withdrawn"}, "en", "This offer is withdrawn"),
        ({"status": "no_show"}, "en", "This offer is a no-show"),
    ],
)
def test_statuses_read_as_words_in_each_language(
    params: dict[str, str], language: Language, expected: str
) -> None:
    assert (
        render("This offer is {status} and can no longer be answered.", params, language)[
            : len(expected)
        ]
        == expected
    )


def test_language_codes_read_as_names_with_their_code() -> None:
    template = "This interpreter does not work between {language} and {working} at level {level}."
    params = {"language": "kek", "working": "spa", "level": 4}
    assert "Q'eqchi' (kek) and Spanish (spa)" in render(template, params, "en")
    assert "Q'eqchi' (kek) y Español (spa)" in render(template, params, "es")
    # A value that is no language code is shown as given.
    assert "xx9" in render(template, {**params, "language": "xx9"}, "en")


async def test_the_frameworks_own_answers_follow_accept_language(
    client: httpx.AsyncClient,
) -> None:
    cases = [
        ("GET", "/api/v1/nothing-here", 404, "No encontrado", "Not found"),
        ("DELETE", "/health", 405, "Método no permitido", "Method not allowed"),
    ]
    for method, path, status, spanish, english in cases:
        for language, title in (("es", spanish), ("en", english)):
            response = await client.request(method, path, headers={"accept-language": language})
            assert response.status_code == status
            assert response.json()["title"] == title, (path, language)
            assert response.headers["content-language"] == language
    malformed = await client.post(
        "/api/v1/auth/login",
        content='{"email": ',
        headers={"content-type": "application/json", "accept-language": "es"},
    )
    assert malformed.json()["title"] == "Solicitud no válida"
    assert malformed.json()["detail"].startswith("El cuerpo de la solicitud está mal formado")
