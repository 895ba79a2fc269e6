"""Search filters, including a credential's validity on a given date, and paging."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from tests.factories import Account
from tests.registry.factories import TODAY, add_interpreter, credential

URL = "/api/v1/interpreters"


async def _ids(client: httpx.AsyncClient, account: Account, **params: Any) -> list[int]:
    response = await client.get(URL, params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_filters_combine(client: httpx.AsyncClient, prosecutor: Account) -> None:
    kiche_gt = await add_interpreter(
        1,
        countries_served=["GT"],
        modalities=["video", "phone"],
        gender="female",
        specialisations=["minors"],
    )
    kiche_hn = await add_interpreter(
        2, countries_served=["HN"], gender="male", skills=[{"language": "quc", "proficiency": 3}]
    )
    miskito = await add_interpreter(
        3,
        countries_served=["HN", "NI"],
        modalities=["on_site"],
        skills=[{"language": "miq", "proficiency": 5, "modes": ["simultaneous"]}],
    )
    kriol = await add_interpreter(
        4,
        country="BZ",
        timezone="America/Belize",
        countries_served=["BZ"],
        skills=[{"language": "bzj", "working_language": "eng", "proficiency": 4}],
    )
    assert await _ids(client, prosecutor, language="quc") == [kiche_gt, kiche_hn]
    assert await _ids(client, prosecutor, language="quc", country="HN") == [kiche_hn]
    assert await _ids(client, prosecutor, language="quc", min_proficiency=4) == [kiche_gt]
    assert await _ids(client, prosecutor, modality="on_site") == [miskito]
    assert await _ids(client, prosecutor, gender="male") == [kiche_hn]
    assert await _ids(client, prosecutor, specialisation="minors") == [kiche_gt]
    assert await _ids(client, prosecutor, working_language="eng") == [kriol]
    assert await _ids(client, prosecutor, country="NI", language="miq") == [miskito]


async def test_credential_must_be_valid_verified_and_cover_the_language_on_the_date(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    june = date(TODAY.year + 1, 6, 1)
    expires_in_june = await add_interpreter(
        1, credentials=[credential("court_certified", TODAY - timedelta(days=400), june, "quc")]
    )
    no_expiry = await add_interpreter(
        2, credentials=[credential("court_certified", TODAY - timedelta(days=10), None)]
    )
    unverified = await add_interpreter(
        3, verified=False, credentials=[credential("court_certified", TODAY, None, "quc")]
    )
    other_language = await add_interpreter(
        4, credentials=[credential("court_certified", TODAY, None, "kek")]
    )
    not_yet_issued = await add_interpreter(
        5, credentials=[credential("court_certified", june, None, "quc")]
    )
    query = {"language": "quc", "credential": "court_certified"}
    assert await _ids(client, prosecutor, **query) == [expires_in_june, no_expiry]
    the_day_before = (june - timedelta(days=1)).isoformat()
    assert await _ids(client, prosecutor, valid_on=the_day_before, **query) == [
        expires_in_june,
        no_expiry,
    ]
    # A credential stops counting on the day it expires; one issued that day starts counting.
    assert await _ids(client, prosecutor, valid_on=june.isoformat(), **query) == [
        no_expiry,
        not_yet_issued,
    ]
    assert unverified not in await _ids(client, prosecutor, credential="court_certified")
    assert other_language not in await _ids(client, prosecutor, **query)


async def test_prosecutors_see_only_valid_vetting_coordinators_filter_by_status(
    client: httpx.AsyncClient, prosecutor: Account, coordinator: Account
) -> None:
    vetted = await add_interpreter(1)
    applicant = await add_interpreter(2, vetted=False)
    assert await _ids(client, prosecutor) == [vetted]
    assert await _ids(client, coordinator) == [vetted, applicant]
    assert await _ids(client, coordinator, vetting_status="applicant") == [applicant]


async def test_pages_and_sorts(client: httpx.AsyncClient, coordinator: Account) -> None:
    ids = [await add_interpreter(n, display_name=f"Name {n:02d}") for n in range(1, 26)]
    first = (await client.get(URL, params={"limit": 10}, headers=coordinator.headers)).json()
    assert first["total"] == 25
    assert [i["id"] for i in first["items"]] == ids[:10]
    last = await _ids(client, coordinator, limit=10, offset=20)
    assert last == ids[20:]
    assert (await _ids(client, coordinator, sort="newest", limit=3)) == ids[::-1][:3]


async def test_bad_filters_are_refused_with_the_field(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    for params, field in (
        ({"language": "xxq"}, "language"),
        ({"country": "ZZ"}, "country"),
        ({"valid_on": "tomorrow"}, "valid_on"),
        ({"credential": "diploma"}, "credential"),
        ({"limit": 1000}, "limit"),
    ):
        response = await client.get(URL, params=params, headers=prosecutor.headers)
        assert response.status_code == 400, params
        assert response.json()["errors"][0]["field"] == field


async def test_a_search_for_a_later_date_leaves_out_vetting_that_will_have_lapsed(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    from interpreters.registry.tables import Interpreter

    lapsing = await add_interpreter(1)
    lasting = await add_interpreter(2)
    soon = TODAY + timedelta(days=10)
    await Interpreter.update({Interpreter.background_check_expires_on: soon}).where(
        Interpreter.id == lapsing
    )
    assert await _ids(client, prosecutor) == [lapsing, lasting]
    assert await _ids(client, prosecutor, valid_on=soon.isoformat()) == [lasting]


async def test_the_total_holds_on_every_page_and_past_the_last(
    client: httpx.AsyncClient, prosecutor: Account
) -> None:
    for n in range(1, 6):
        await add_interpreter(n)
    for offset in (0, 4, 5, 50):
        page = await client.get(
            URL, params={"limit": 2, "offset": offset}, headers=prosecutor.headers
        )
        assert page.json()["total"] == 5
    empty = await client.get(URL, params={"language": "wol"}, headers=prosecutor.headers)
    assert empty.json() == {"total": 0, "limit": 20, "offset": 0, "items": []}


async def test_name_search_ignores_case_and_accents_and_treats_wildcards_as_text(
    client: httpx.AsyncClient, coordinator: Account
) -> None:
    nandu = await add_interpreter(1, display_name="ÑANDÚ Pérez")
    percent = await add_interpreter(2, display_name="Ana 100% Q.")
    await add_interpreter(3, display_name="Luis Reyes")
    assert await _ids(client, coordinator, name="ñandu") == [nandu]
    assert await _ids(client, coordinator, name="perez") == [nandu]
    assert await _ids(client, coordinator, name="%") == [percent]
    assert await _ids(client, coordinator, name="_") == []
    renamed = await client.patch(
        f"{URL}/{percent}", json={"display_name": "Sofía Ixcoy"}, headers=coordinator.headers
    )
    assert renamed.status_code == 200
    assert await _ids(client, coordinator, name="sofia") == [percent]
