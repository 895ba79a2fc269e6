from __future__ import annotations

import httpx

from tests.factories import Account


async def _codes(client: httpx.AsyncClient, account: Account, q: str) -> list[str]:
    response = await client.get("/api/v1/languages", params={"q": q}, headers=account.headers)
    assert response.status_code == 200
    return [language["code"] for language in response.json()]


async def test_languages_are_found_by_code_and_by_spanish_or_english_name(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    assert (await _codes(client, prosecutor, "quc"))[0] == "quc"
    assert "kek" in await _codes(client, prosecutor, "qeqchi")
    assert "kek" in await _codes(client, prosecutor, "Kekchí")  # the ISO name still works
    assert (await _codes(client, prosecutor, "inglés"))[0] == "eng"
    signs = await _codes(client, prosecutor, "lengua de señas")
    assert {"mfs", "gsm", "hds", "esn", "ncs", "csr", "lsp", "doq"} <= set(signs)
    garifuna = (
        await client.get("/api/v1/languages", params={"q": "cab"}, headers=prosecutor.headers)
    ).json()[0]
    assert garifuna == {
        "code": "cab",
        "name_en": "Garifuna",
        "name_es": "Garífuna",
        "is_sign_language": False,
    }


async def test_an_empty_query_is_refused(client: httpx.AsyncClient, prosecutor: Account) -> None:
    response = await client.get("/api/v1/languages", params={"q": ""}, headers=prosecutor.headers)
    assert response.status_code == 400
