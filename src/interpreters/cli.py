"""`interpreters serve|migrate|demo|import|export`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from interpreters.errors import DomainError

T = TypeVar("T")


async def _with_database(work: Coroutine[Any, Any, T]) -> T:
    from interpreters.db import database_lifespan

    async with database_lifespan(None):
        return await work


def migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = asyncio.run(run_forwards(app_name="all"))
    if not result.success:
        sys.exit(f"migration failed: {result.message}")


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    from interpreters.settings import get_settings

    settings = get_settings()
    if args.migrate or settings.migrate_on_start:
        migrate()
    uvicorn.run(
        "interpreters.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        # Only a listed proxy's X-Forwarded-For is believed: anyone else could name any
        # address and escape the per-address sign-in limit.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies),
    )


def demo() -> None:
    from interpreters.demo import load_demo

    logins = asyncio.run(_with_database(load_demo()))
    if not logins:
        print("Demo data is already loaded; logins are listed in the README.")
        return
    print("Demo logins (email / password):")
    for role, email, password in logins:
        print(f"  {role:<12} {email:<36} {password}")


def import_csv(path: Path) -> None:
    from rich.progress import Progress

    from interpreters.principal import command_line_principal
    from interpreters.registry import csvio

    try:
        models = csvio.parse(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        sys.exit(f"cannot read {path}: {error}")
    except DomainError as error:
        print(error.message, file=sys.stderr)
        for field_error in error.errors:
            print(f"  {field_error.field}: {field_error.text.en}", file=sys.stderr)
        sys.exit(1)
    with Progress() as progress:
        task = progress.add_task("Importing", total=len(models))

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            ids = asyncio.run(
                _with_database(csvio.import_models(command_line_principal(), models, advance))
            )
        except DomainError as error:
            print(error.message, file=sys.stderr)
            for field_error in error.errors:
                print(f"  {field_error.field}: {field_error.text.en}", file=sys.stderr)
            sys.exit(1)
    print(f"Imported {len(ids)} interpreters.")


def export_csv(path: Path) -> None:
    from interpreters.principal import command_line_principal
    from interpreters.registry import csvio

    text: str = asyncio.run(_with_database(csvio.export(command_line_principal())))
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="interpreters", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="serve the API and the UI")
    serve_parser.add_argument("--migrate", action="store_true", help="migrate before serving")
    serve_parser.add_argument("--host")
    serve_parser.add_argument("--port", type=int)
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("demo", help="load synthetic demo data and print one login per role")
    import_parser = commands.add_parser("import", help="import interpreters from a CSV file")
    import_parser.add_argument("file", type=Path)
    export_parser = commands.add_parser("export", help="export the registry to a CSV file")
    export_parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    match args.command:
        case "serve":
            serve(args)
        case "migrate":
            migrate()
        case "demo":
            demo()
        case "import":
            import_csv(args.file)
        case "export":
            export_csv(args.file)
