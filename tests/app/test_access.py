"""Who may do what: API keys, the admin token, one sandbox per request, CORS."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from agents.catalog import Catalog
from app.main import create_app
from app.settings import Settings
from tests.health import assert_healthy_fast

pytestmark = pytest.mark.anyio


async def _client(catalog: Catalog, **settings: object) -> httpx.AsyncClient:
    app = create_app(Settings(**settings), catalog)  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://incar.test")


@pytest.fixture
async def keyed(catalog: Catalog) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(catalog, api_keys=["k-alpha", "k-beta"], admin_token="adm") as c:
        yield c


# -- API keys --------------------------------------------------------------------------------


async def test_keys_off_by_default(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/vehicles")).status_code == 200


async def test_missing_key_is_a_401_problem(keyed: httpx.AsyncClient) -> None:
    r = await keyed.get("/v1/vehicles")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"] == "Bearer"
    body = r.json()
    assert (body["code"], body["message"]["en"]) == ("UNAUTHORIZED", "A valid API key is required.")
    await assert_healthy_fast(keyed)


async def test_wrong_key_and_wrong_scheme_are_refused(keyed: httpx.AsyncClient) -> None:
    for auth in ("Bearer k-gamma", "Basic k-alpha", "Bearer ", "k-alpha"):
        r = await keyed.get("/v1/vehicles", headers={"Authorization": auth})
        assert r.status_code == 401, auth


async def test_a_refused_request_creates_no_sandbox(keyed: httpx.AsyncClient) -> None:
    await keyed.get("/v1/vehicles", headers={"X-Sandbox": "intruder"})
    admin = {"Authorization": "Bearer adm"}
    names = [s["name"] for s in (await keyed.get("/v1/sim/sandboxes", headers=admin)).json()]
    assert "intruder" not in names


async def test_any_configured_key_and_the_admin_token_pass(keyed: httpx.AsyncClient) -> None:
    for token in ("k-alpha", "k-beta", "adm"):
        r = await keyed.get("/v1/vehicles", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, token


async def test_open_paths_need_no_key(keyed: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/", "/js/main.js", "/docs", "/openapi.json"):
        assert (await keyed.get(path)).status_code == 200, path


async def test_browser_streams_may_carry_the_key_in_the_query(keyed: httpx.AsyncClient) -> None:
    r = await keyed.get("/v1/vehicles?api_key=k-beta")
    assert r.status_code == 200
    # Only where a browser cannot set headers: a POST must use the header.
    r = await keyed.post("/v1/sim/reset?api_key=k-beta")
    assert r.status_code == 401


async def test_compat_401_is_in_openai_shape(keyed: httpx.AsyncClient) -> None:
    r = await keyed.post(
        "/compatible-mode/v1/chat/completions",
        json={"model": "incar-auto", "messages": [{"role": "user", "content": "hi"}]},
    )
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "invalid_api_key"
    assert r.json()["error"]["type"] == "invalid_request_error"


async def test_openai_client_sends_the_key_it_was_given(catalog: Catalog) -> None:
    import openai

    app = create_app(Settings(api_keys=["sk-team"], stream_first_token_ms=0), catalog)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
    ok = openai.AsyncOpenAI(
        base_url="http://incar.test/compatible-mode/v1",
        api_key="sk-team",
        http_client=http,  # type: ignore[arg-type]  # the stubs name httpx's fork
    )
    reply = await ok.chat.completions.create(
        model="incar-auto", messages=[{"role": "user", "content": "How far can I drive?"}]
    )
    assert reply.choices[0].message.content
    bad = openai.AsyncOpenAI(
        base_url="http://incar.test/compatible-mode/v1",
        api_key="sk-wrong",
        http_client=http,  # type: ignore[arg-type]
    )
    with pytest.raises(openai.AuthenticationError):
        await bad.chat.completions.create(
            model="incar-auto", messages=[{"role": "user", "content": "hi"}]
        )
    await http.aclose()


# -- one sandbox per request -----------------------------------------------------------------


async def test_query_parameter_names_the_sandbox(client: httpx.AsyncClient) -> None:
    patch = {"battery": {"soc_pct": 33}}
    r = await client.patch("/v1/sim/vehicles/ix3-shanghai/state?sandbox=qp", json=patch)
    assert r.status_code == 200
    seen = await client.get("/v1/vehicles/ix3-shanghai/battery", headers={"X-Sandbox": "qp"})
    assert seen.json()["data"]["soc_pct"] == 33.0
    default = await client.get("/v1/vehicles/ix3-shanghai/battery")
    assert default.json()["data"]["soc_pct"] == 80.0


async def test_header_and_query_must_agree(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles?sandbox=b", headers={"X-Sandbox": "a"})
    assert (r.status_code, r.json()["code"]) == (400, "SANDBOX_CONFLICT")
    r = await client.get("/v1/vehicles?sandbox=a&sandbox=b")
    assert (r.status_code, r.json()["code"]) == (400, "INVALID_QUERY")
    same = await client.get("/v1/vehicles?sandbox=a", headers={"X-Sandbox": "a"})
    assert same.status_code == 200
    await assert_healthy_fast(client)


async def test_malformed_sandbox_name_is_a_400(client: httpx.AsyncClient) -> None:
    for name in ("no spaces please", "-lead", "x" * 65, "沙箱"):
        r = await client.get("/v1/vehicles", params={"sandbox": name})
        assert (r.status_code, r.json()["code"]) == (400, "INVALID_SANDBOX"), name


async def test_faults_and_journal_follow_the_query_sandbox(client: httpx.AsyncClient) -> None:
    rules = {"rules": [{"path_prefix": "/v1/vehicles", "fault": "503"}]}
    await client.put("/v1/sim/faults?sandbox=flaky", json=rules)
    assert (await client.get("/v1/vehicles?sandbox=flaky")).status_code == 503
    assert (await client.get("/v1/vehicles")).status_code == 200
    journal = (await client.get("/v1/sim/journal?sandbox=flaky")).json()
    assert [(e["path"], e["status"]) for e in journal] == [
        ("/v1/sim/faults", 200),
        ("/v1/vehicles", 503),
    ]


# -- deleting and listing sandboxes ----------------------------------------------------------


async def test_a_caller_deletes_its_own_sandbox_only(client: httpx.AsyncClient) -> None:
    await client.get("/v1/vehicles", headers={"X-Sandbox": "alice"})
    r = await client.delete("/v1/sim/sandboxes/alice", headers={"X-Sandbox": "mallory"})
    assert (r.status_code, r.json()["code"]) == (403, "NOT_YOUR_SANDBOX")
    r = await client.delete("/v1/sim/sandboxes/default", headers={"X-Sandbox": "mallory"})
    assert r.status_code == 403
    names = [s["name"] for s in (await client.get("/v1/sim/sandboxes")).json()]
    assert names == ["alice"]  # sandbox administration creates no sandbox, not even mallory's
    assert (await client.delete("/v1/sim/sandboxes/alice?sandbox=alice")).status_code == 204


async def test_admin_token_guards_listing_and_foreign_deletes(keyed: httpx.AsyncClient) -> None:
    user = {"Authorization": "Bearer k-alpha"}
    admin = {"Authorization": "Bearer adm"}
    await keyed.get("/v1/vehicles", headers={**user, "X-Sandbox": "bob"})
    r = await keyed.get("/v1/sim/sandboxes", headers=user)
    assert (r.status_code, r.json()["code"]) == (403, "ADMIN_REQUIRED")
    r = await keyed.delete("/v1/sim/sandboxes/bob", headers=user)
    assert r.status_code == 403
    assert [s["name"] for s in (await keyed.get("/v1/sim/sandboxes", headers=admin)).json()] == [
        "bob"
    ]
    assert (await keyed.delete("/v1/sim/sandboxes/bob", headers=admin)).status_code == 204
    assert (await keyed.get("/v1/sim/sandboxes", headers=admin)).json() == []


# -- CORS ------------------------------------------------------------------------------------


async def _preflight(client: httpx.AsyncClient, origin: str) -> httpx.Response:
    return await client.options(
        "/v1/sim/sandboxes/default",
        headers={"Origin": origin, "Access-Control-Request-Method": "DELETE"},
    )


async def test_cors_allows_loopback_origins_only(client: httpx.AsyncClient) -> None:
    for origin in ("http://localhost:5173", "http://127.0.0.1:3000", "http://localhost"):
        r = await _preflight(client, origin)
        assert r.headers.get("access-control-allow-origin") == origin, origin
    for origin in ("https://evil.example", "http://localhost.evil.example", "null"):
        r = await _preflight(client, origin)
        assert "access-control-allow-origin" not in r.headers, origin
        r = await client.get("/v1/vehicles", headers={"Origin": origin})
        assert "access-control-allow-origin" not in r.headers, origin


async def test_cors_origins_setting_widens_it(catalog: Catalog) -> None:
    async with await _client(catalog, cors_origins=["https://cockpit.example"]) as c:
        r = await _preflight(c, "https://cockpit.example")
        assert r.headers.get("access-control-allow-origin") == "https://cockpit.example"
        r = await _preflight(c, "https://evil.example")
        assert "access-control-allow-origin" not in r.headers


def test_comma_separated_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCAR_API_KEYS", " k1, k2 ,")
    monkeypatch.setenv("INCAR_CORS_ORIGINS", "https://a.example,https://b.example")
    monkeypatch.setenv("INCAR_ADMIN_TOKEN", "t0p")
    settings = Settings()
    assert settings.api_keys == ["k1", "k2"]
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.admin_token == "t0p"
