"""The API's documentation page: Swagger UI from the `swagger-ui-py` package, served by
the service itself (it must work on a network without internet), with no inline script so
that the content security policy holds on it too."""

from __future__ import annotations

import html
from importlib.resources import files
from pathlib import Path
from typing import Any

from litestar import Request
from litestar.openapi.plugins import OpenAPIRenderPlugin

ASSETS_PATH = "/schema/assets"
# Only the files; the package's own helpers (for other frameworks) are not used.
ASSETS_DIRECTORY = Path(str(files("swagger_ui") / "static"))

_PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title}</title>
    <link rel="stylesheet" href="{assets}/swagger-ui.css">
  </head>
  <body>
    <main id="swagger-ui"></main>
    <script src="{assets}/swagger-ui-bundle.js"></script>
    <script src="{assets}/swagger-ui-standalone-preset.js"></script>
    <script src="/ui/js/api-docs.js"></script>
  </body>
</html>
"""


class ApiDocsPage(OpenAPIRenderPlugin):
    def __init__(self) -> None:
        super().__init__(path="/swagger")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = html.escape(str(openapi_schema["info"]["title"]))
        return _PAGE.format(title=title, assets=ASSETS_PATH).encode()
