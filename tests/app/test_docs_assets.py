"""/docs and /redoc load every asset from this server: nothing from a CDN, all of it open."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import pytest

from agents.catalog import Catalog
from app import docs
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio

JS = {"text/javascript", "application/javascript"}  # which one depends on the system's mime.types
SWAGGER_ASSETS = {
    "/docs-assets/swagger/swagger-ui.css": ({"text/css"}, "swagger/swagger-ui.css"),
    "/docs-assets/swagger/swagger-ui-bundle.js": (JS, "swagger/swagger-ui-bundle.js"),
    "/docs-assets/fastapi/favicon.png": ({"image/png"}, "fastapi/favicon.png"),
}
REDOC_ASSETS = {
    "/docs-assets/redoc/redoc.standalone.js": (JS, "redoc/redoc.standalone.js"),
    "/docs-assets/fastapi/favicon.png": ({"image/png"}, "fastapi/favicon.png"),
}


class _References(HTMLParser):
    """Every URL a page makes the browser load: script src, link href, img src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name, tag) in {
                ("src", "script"),
                ("href", "link"),
                ("src", "img"),
                ("spec-url", "redoc"),
            }:
                self.urls.add(value)


def references(html: str) -> set[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


@pytest.mark.parametrize(
    ("page", "assets"),
    [("/docs", SWAGGER_ASSETS), ("/redoc", REDOC_ASSETS)],
    ids=["swagger-ui", "redoc"],
)
async def test_a_docs_page_loads_only_local_assets(
    client: httpx.AsyncClient, page: str, assets: dict[str, tuple[set[str], str]]
) -> None:
    r = await client.get(page)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "http://" not in r.text
    assert "https://" not in r.text  # no CDN, no Google Fonts, not even an absolute own URL
    loaded = references(r.text) - {"/openapi.json"}
    assert loaded == set(assets)
    for url, (content_types, file) in assets.items():
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].split(";")[0] in content_types, url
        assert asset.content == (docs.ASSETS_DIR / file).read_bytes(), url


async def test_both_pages_read_this_servers_spec(client: httpx.AsyncClient) -> None:
    assert "url: '/openapi.json'," in (await client.get("/docs")).text
    assert '<redoc spec-url="/openapi.json">' in (await client.get("/redoc")).text


async def test_redocs_logo_is_served_where_its_bundle_asks(client: httpx.AsyncClient) -> None:
    bundle = (docs.ASSETS_DIR / "redoc" / "redoc.standalone.js").read_text(encoding="utf-8")
    assert 'src:window.location.pathname+"/logo-mini.svg"' in bundle
    assert "cdn.redoc.ly" not in bundle
    r = await client.get("/redoc/logo-mini.svg")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/svg+xml"
    assert r.content == (docs.ASSETS_DIR / "redoc" / "logo-mini.svg").read_bytes()


async def test_the_oauth2_redirect_page_stays(client: httpx.AsyncClient) -> None:
    r = await client.get("/docs/oauth2-redirect")
    assert r.status_code == 200
    assert "swaggerUIRedirectOauth2" in r.text


async def test_an_unknown_asset_is_a_404(client: httpx.AsyncClient) -> None:
    for path in ("/docs-assets/swagger/nope.js", "/docs-assets/../app/main.py"):
        assert (await client.get(path)).status_code == 404, path


async def test_the_docs_are_not_operations_in_the_spec(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert [p for p in paths if p.startswith(("/docs", "/redoc"))] == []


async def test_the_docs_stay_open_when_api_keys_are_set(catalog: Catalog) -> None:
    app = create_app(Settings(api_keys=["k-alpha"]), catalog)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as keyed:
        assert (await keyed.get("/v1/vehicles")).status_code == 401  # the keys are on
        open_paths = [
            "/docs",
            "/redoc",
            "/openapi.json",
            "/docs/oauth2-redirect",
            "/redoc/logo-mini.svg",
            *SWAGGER_ASSETS,
            *REDOC_ASSETS,
        ]
        for path in open_paths:
            assert (await keyed.get(path)).status_code == 200, path
