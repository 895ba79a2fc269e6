"""Registry search latency (language + credential + country) over 10,000 interpreters.

Usage: .venv/bin/python bench/search_bench.py [--database sqlite|postgresql|both]. Each engine
runs in its own process (settings are read once) on a fresh database: a temporary SQLite file,
or a scratch PostgreSQL database `interpreters_bench`, dropped at the end."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from harness import each_engine, quantiles, run_on

BENCH_DB = "interpreters_bench"
TARGET_P95_MS = 30.0  # on PostgreSQL
BATCH = 1000
WARM_UP = 10
# ISO 639-3, roughly most to least requested: the weights fall off with the rank.
LANGUAGE_CODES = (
    "eng quc kek mam cak yua tzo cab miq hat cmn fra por arb gym tzh ppl mfs gsm hds esn ncs"
    " csr lsp doq ben wol hin nhe ngu nhi bzj ase bzs kor jpn rus ita deu tgl"
)
LANGUAGES = {code: 1 / rank**0.8 for rank, code in enumerate(LANGUAGE_CODES.split(), 1)}
COUNTRIES = {"MX": 30.0, "GT": 20, "HN": 10, "SV": 9, "NI": 7, "DO": 10, "CR": 6, "PA": 5, "BZ": 3}
ZONE_NAMES = "Mexico_City Guatemala Tegucigalpa El_Salvador Managua Santo_Domingo Costa_Rica"
ZONES = dict(zip(COUNTRIES, [*ZONE_NAMES.split(), "Panama", "Belize"], strict=True))
FIRST_NAMES = "Ana Lucía Rosa Ixchel Marta Keisha José Luis Carlos Tomás Wilfredo Kenia"
SURNAMES = "Pérez Xol Tzul Cac Bol Chen Martínez Flores Ramírez Joseph Sánchez Caal"


def pick(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """k distinct keys drawn by weight, without replacement (Efraimidis–Spirakis)."""
    return sorted(weights, key=lambda key: rng.random() ** (1 / weights[key]))[-k:]


async def fill(rng: random.Random, n: int, today: date) -> tuple[int, list[tuple[str, str]]]:
    """Bulk-insert n interpreters; returns the row count and a (language, country) pair each."""
    from interpreters.db import transaction
    from interpreters.registry.schemas import CredentialKind, Gender, Modality, Specialisation
    from interpreters.registry.tables import Credential, Interpreter, InterpreterTag, LanguageSkill

    kinds = dict(zip([k.value for k in CredentialKind], [35.0, 15, 15, 8, 12, 8, 7], strict=True))
    people, children, pairs = [], [], []
    for i in range(n):
        home = pick(rng, COUNTRIES, 1)[0]
        served = list(dict.fromkeys([home, *pick(rng, COUNTRIES, 3)]))[: rng.randint(1, 4)]
        languages = pick(rng, LANGUAGES, 3)
        pairs.append((rng.choice(languages), rng.choice(served)))
        status = "vetted"
        expires: date | None = today + timedelta(rng.randint(30, 1000))
        if rng.random() >= 0.8:  # 20%: not (or no longer) bookable
            status = rng.choice(["applicant", "suspended", "revoked", "vetted"])
            expires = today - timedelta(rng.randint(1, 300)) if status == "vetted" else None
        name = f"{rng.choice(FIRST_NAMES.split())} {rng.choice(SURNAMES.split())} {i}"
        row: dict[str, Any] = dict(display_name=name, legal_name=name, country=home)
        row |= dict(email=f"bench{i}@example.org", gender=rng.choice(list(Gender)).value)
        row |= dict(timezone=f"America/{ZONES[home]}", vetting_status=status)
        row |= dict(background_check_on=expires and expires - timedelta(730))  # valid 2 years
        people.append(Interpreter(**row, background_check_expires_on=expires))
        # (table, values) of the rows that point at this interpreter.
        own: list[tuple[Any, dict[str, Any]]] = []
        own += [(LanguageSkill, dict(language=x, proficiency=rng.randint(2, 5))) for x in languages]
        for kind in pick(rng, kinds, 2):
            issued = today - timedelta(rng.randint(30, 3650))
            lasts = None if rng.random() < 0.25 else issued + timedelta(rng.randint(365, 1825))
            language = rng.choice(languages) if rng.random() < 0.6 else None
            verified = datetime(issued.year, issued.month, issued.day, 12, tzinfo=UTC)
            values: dict[str, Any] = dict(kind=kind, language=language, issued_on=issued)
            values |= dict(expires_on=lasts, issuer="Bench", verified_by=1, verified_at=verified)
            own.append((Credential, values))
        tags = [("country", c) for c in served]
        tags += [("modality", m.value) for m in rng.sample(list(Modality), rng.randint(1, 3))]
        tags += [("specialisation", s.value) for s in rng.sample(list(Specialisation), 2)]
        own += [(InterpreterTag, dict(kind=kind, value=value)) for kind, value in tags]
        children.append(own)

    async def insert(table: Any, rows: list[Any]) -> list[dict[str, Any]]:
        made: list[dict[str, Any]] = []
        for start in range(0, len(rows), BATCH):
            made += await table.insert(*rows[start : start + BATCH])
        return made

    async with transaction():
        ids = [row["id"] for row in await insert(Interpreter, people)]
        rows: dict[Any, list[Any]] = {LanguageSkill: [], Credential: [], InterpreterTag: []}
        for interpreter, own in zip(ids, children, strict=True):
            for table, values in own:
                rows[table].append(table(interpreter=interpreter, **values))
        for table, batch in rows.items():
            await insert(table, batch)
    return len(ids) + sum(len(batch) for batch in rows.values()), pairs


async def bench(engine: str, n: int, queries: int) -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from interpreters import db
    from interpreters.principal import Role, command_line_principal
    from interpreters.registry.schemas import CredentialKind
    from interpreters.registry.search import SearchFilters, search
    from interpreters.registry.views import today

    with contextlib.redirect_stdout(io.StringIO()):  # Piccolo's progress messages
        result = await run_forwards(app_name="all")
    if not result.success:
        raise SystemExit(f"migration failed: {result.message}")
    rng, on = random.Random(2026), today()
    # A prosecutor: the search then keeps only interpreters with a valid vetting.
    viewer = replace(command_line_principal(), user_id=1, role=Role.PROSECUTOR, country="HN")
    async with db.database_lifespan(None):
        started = time.perf_counter()
        rows, pairs = await fill(rng, n, on)
        if engine == "postgresql":
            await db.engine().run_ddl("VACUUM ANALYZE")  # as autovacuum does after a bulk load
        print(f"{engine}: filled {rows} rows in {time.perf_counter() - started:.1f} s")
        court = CredentialKind.COURT_CERTIFIED
        filters = [
            SearchFilters(language=language, credential=court, country=country, valid_on=on)
            for language, country in (rng.choice(pairs) for _ in range(WARM_UP + queries))
        ]
        times, totals = [], []
        for f in filters:  # the first WARM_UP are not counted
            started = time.perf_counter()
            page = await search(viewer, f)
            times.append((time.perf_counter() - started) * 1000)
            totals.append(page.total)
    times, totals = times[WARM_UP:], totals[WARM_UP:]
    p50, p95, _ = quantiles(times)
    mean = statistics.fmean(times)
    line = f"{engine}: {n} interpreters, {len(times)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
    target = f" (target p95 < {TARGET_P95_MS:.0f} ms: {verdict})" if engine == "postgresql" else ""
    print(f"{line}, mean {mean:.1f} ms{target}")
    empty, load = sum(1 for total in totals if total == 0), os.getloadavg()[0]
    print(f"{engine}: mean result count {statistics.fmean(totals):.1f}, {empty} empty", end="")
    print(f" (machine load average {load:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description="Registry search latency benchmark.")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--interpreters", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    if args.database != "both":
        engine = args.database
        run_on(engine, BENCH_DB, lambda: bench(engine, args.interpreters, args.queries))
        return
    sys.exit(0 if each_engine() else 1)


if __name__ == "__main__":
    main()
