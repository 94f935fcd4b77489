"""The API docs, `/docs` (Swagger UI) and `/redoc` (ReDoc), with every asset served from here.

FastAPI's defaults load both from jsDelivr and ReDoc's fonts from Google, so the pages are blank
offline and wherever those hosts are blocked. The assets come from the fastapi-standalone-docs
package (Swagger UI, ReDoc with its Redocly logo made local, FastAPI's favicon, their licences);
the pages are FastAPI's own, pointed at them. Everything here is outside the API prefixes, so it
stays open when INCAR_API_KEYS is set.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
ASSETS_URL = "/docs-assets"
ASSETS_DIR = Path(str(files("fastapi_standalone_docs") / "static"))
SWAGGER_JS = "swagger/swagger-ui-bundle.js"
SWAGGER_CSS = "swagger/swagger-ui.css"
REDOC_JS = "redoc/redoc.standalone.js"
FAVICON = "fastapi/favicon.png"
# The package's ReDoc asks for its logo at `location.pathname + "/logo-mini.svg"`.
REDOC_LOGO_URL = REDOC_URL + "/logo-mini.svg"
REDOC_LOGO = ASSETS_DIR / "redoc" / "logo-mini.svg"


def install(app: FastAPI) -> None:
    """Serve the docs pages and their assets; create `app` with docs_url=None, redoc_url=None."""
    openapi_url = app.openapi_url
    if openapi_url is None:
        return

    def root(request: Request) -> str:
        # Behind a proxy that sets root_path, as FastAPI's own docs routes do.
        return str(request.scope.get("root_path", "")).rstrip("/")

    async def swagger_ui(request: Request) -> HTMLResponse:
        base = root(request)
        redirect = app.swagger_ui_oauth2_redirect_url
        return get_swagger_ui_html(
            openapi_url=base + openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{base}{ASSETS_URL}/{SWAGGER_JS}",
            swagger_css_url=f"{base}{ASSETS_URL}/{SWAGGER_CSS}",
            swagger_favicon_url=f"{base}{ASSETS_URL}/{FAVICON}",
            oauth2_redirect_url=base + redirect if redirect else None,
            init_oauth=app.swagger_ui_init_oauth,
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    async def swagger_ui_redirect(request: Request) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    async def redoc(request: Request) -> HTMLResponse:
        base = root(request)
        return get_redoc_html(
            openapi_url=base + openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{base}{ASSETS_URL}/{REDOC_JS}",
            redoc_favicon_url=f"{base}{ASSETS_URL}/{FAVICON}",
            with_google_fonts=False,
        )

    async def redoc_logo(request: Request) -> FileResponse:
        return FileResponse(REDOC_LOGO)

    app.add_route(DOCS_URL, swagger_ui, include_in_schema=False)
    if app.swagger_ui_oauth2_redirect_url:
        app.add_route(
            app.swagger_ui_oauth2_redirect_url, swagger_ui_redirect, include_in_schema=False
        )
    app.add_route(REDOC_URL, redoc, include_in_schema=False)
    app.add_route(REDOC_LOGO_URL, redoc_logo, include_in_schema=False)
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
