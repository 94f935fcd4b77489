"""BCP 47 locales on every surface that has one: chat sessions and their turns, compatible mode
(body `locale`, `X-Locale`, `Accept-Language`) and driver profiles; `Content-Language` out."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from agents.locales import SUPPORTED_HINT

pytestmark = pytest.mark.anyio

FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"}
SSE = {"Accept": "text/event-stream", **FAST}
BROWSER_EN = {"Accept-Language": "en-US,en;q=0.9"}
CAR = "ix3-shanghai"

RANGE_ZH = "电量80%，续航497公里。"
RANGE_EN = "Battery 80%, 497 km of range."
CANT_HELP_ZH = (
    "抱歉，这个我帮不上忙。我可以查车况、解释警示灯、远程控制车辆、规划行程、找充电站和餐厅。"
)
CANT_HELP_EN = (
    "Sorry, I can't help with that. I can check the car, explain warning lights, control the "
    "car remotely, plan trips, and find chargers and restaurants."
)


# -- chat sessions ---------------------------------------------------------------------------


async def start(
    client: httpx.AsyncClient, headers: dict[str, str] | None = None, **body: Any
) -> httpx.Response:
    return await client.post(
        "/v1/chat/sessions", json={"vehicle_id": CAR, **body}, headers=headers or {}
    )


@pytest.mark.parametrize(
    ("tag", "locale", "content_language"),
    [
        ("zh-CN", "zh", "zh-CN"),
        ("zh_CN", "zh", "zh-CN"),
        ("zh-Hans-CN", "zh", "zh-CN"),
        ("zh-TW", "zh", "zh-CN"),  # Simplified Chinese only
        ("ZH-hk", "zh", "zh-CN"),
        ("zh", "zh", "zh-CN"),
        ("en-US", "en", "en"),
        ("en-GB", "en", "en"),
        ("EN_us", "en", "en"),
        ("en", "en", "en"),
    ],
)
async def test_a_session_takes_any_chinese_or_english_tag(
    client: httpx.AsyncClient, tag: str, locale: str, content_language: str
) -> None:
    r = await start(client, locale=tag)
    assert r.status_code == 201, r.text
    assert (r.json()["locale"], r.headers["content-language"]) == (locale, content_language)


@pytest.mark.parametrize(
    ("tag", "detail"),
    [
        ("fr", "body.locale: The assistant does not speak 'fr'"),
        ("ja-JP", "body.locale: The assistant does not speak 'ja-JP'"),
        ("zh--CN", "body.locale: 'zh--CN' is not a BCP 47 language tag"),
    ],
)
async def test_a_session_in_another_language_is_a_422_naming_the_supported_tags(
    client: httpx.AsyncClient, tag: str, detail: str
) -> None:
    r = await start(client, locale=tag)
    problem = r.json()
    assert (r.status_code, problem["code"], problem["detail"]) == (422, "VALIDATION_ERROR", detail)
    assert problem["hint"] == SUPPORTED_HINT
    assert problem["errors"][0]["type"] == "unsupported_locale"
    assert "content-language" not in r.headers  # problem details carry both languages


@pytest.mark.parametrize(
    ("accept_language", "locale"),
    [
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr;q=1, en;q=0.5", "en"),
        ("en;q=0, zh", "zh"),
        ("en;q=0.2, zh-TW;q=0.8", "zh"),
        ("fr, ja", "zh"),  # nothing we speak: the China market's default
        ("en;q=nonsense", "zh"),  # malformed parts are passed over, never refused
    ],
)
async def test_without_a_locale_accept_language_decides(
    client: httpx.AsyncClient, accept_language: str, locale: str
) -> None:
    r = await start(client, {"Accept-Language": accept_language})
    assert (r.status_code, r.json()["locale"]) == (201, locale)


async def test_an_explicit_locale_wins_over_accept_language(client: httpx.AsyncClient) -> None:
    r = await start(client, BROWSER_EN, locale="zh-CN")
    assert (r.json()["locale"], r.headers["content-language"]) == ("zh", "zh-CN")


async def test_a_null_locale_is_left_to_accept_language(client: httpx.AsyncClient) -> None:
    r = await start(client, BROWSER_EN, locale=None)
    assert (r.status_code, r.json()["locale"]) == (201, "en")


async def test_the_profiles_language_wins_over_the_browsers(client: httpx.AsyncClient) -> None:
    english = await start(client, {"Accept-Language": "zh-CN"}, profile_id="vegetarian-en")
    chinese = await start(client, BROWSER_EN, profile_id="spicy-budget")
    assert (english.json()["locale"], chinese.json()["locale"]) == ("en", "zh")


async def test_a_missing_vehicle_is_still_named_before_a_missing_profile(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/v1/chat/sessions", json={"vehicle_id": "ix9", "profile_id": "nobody"})
    assert (r.status_code, r.json()["code"]) == (404, "VEHICLE_NOT_FOUND")


async def test_turns_speak_the_language_the_session_was_started_in(
    client: httpx.AsyncClient,
) -> None:
    english = (await start(client, BROWSER_EN)).json()["session_id"]
    chinese = (await start(client, locale="zh-CN")).json()["session_id"]
    # A turn's own Accept-Language doesn't switch the session: a new language is a new session.
    en_turn = await client.post(
        f"/v1/chat/sessions/{english}/messages", json={"text": "还能开多远"}, headers=FAST
    )
    zh_turn = await client.post(
        f"/v1/chat/sessions/{chinese}/messages", json={"text": "range?"}, headers=BROWSER_EN
    )
    assert (en_turn.json()["speech"], en_turn.headers["content-language"]) == (RANGE_EN, "en")
    assert (zh_turn.json()["speech"], zh_turn.headers["content-language"]) == (RANGE_ZH, "zh-CN")


async def test_a_streamed_turn_says_its_language(client: httpx.AsyncClient) -> None:
    sid = (await start(client, BROWSER_EN)).json()["session_id"]
    r = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "range?"}, headers=SSE)
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["content-language"] == "en"
    assert '"locale":"en"' in r.text


async def test_reading_a_session_says_its_language(client: httpx.AsyncClient) -> None:
    sid = (await start(client, locale="en-GB")).json()["session_id"]
    r = await client.get(f"/v1/chat/sessions/{sid}")
    assert (r.json()["locale"], r.headers["content-language"]) == ("en", "en")
    missing = await client.get("/v1/chat/sessions/chat-0999")
    assert (missing.status_code, "content-language" in missing.headers) == (404, False)


# -- compatible mode -------------------------------------------------------------------------


async def complete(
    client: httpx.AsyncClient,
    text: str,
    headers: dict[str, str] | None = None,
    **body: Any,
) -> httpx.Response:
    return await client.post(
        "/compatible-mode/v1/chat/completions",
        json={"model": "incar-auto", "messages": [{"role": "user", "content": text}], **body},
        headers={"X-Vehicle-Id": CAR, **FAST, **(headers or {})},
    )


def answer(r: httpx.Response) -> tuple[int, str, str]:
    assert r.status_code == 200, r.text
    content: str = r.json()["choices"][0]["message"]["content"]
    return r.status_code, content, r.headers["content-language"]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", (200, RANGE_EN, "en")),
        ("en_GB", (200, RANGE_EN, "en")),
        ("EN", (200, RANGE_EN, "en")),
        ("zh-CN", (200, RANGE_ZH, "zh-CN")),
        ("zh-TW", (200, RANGE_ZH, "zh-CN")),
    ],
)
async def test_compat_body_locale_takes_a_tag(
    client: httpx.AsyncClient, tag: str, expected: tuple[int, str, str]
) -> None:
    # The message's own language is the other one, so only the tag can have chosen.
    text = "还能开多远？" if expected[2] == "en" else "How far can I drive?"
    assert answer(await complete(client, text, locale=tag)) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-CN", (200, RANGE_ZH, "zh-CN")),
        ("zh_cn", (200, RANGE_ZH, "zh-CN")),
        ("zh-Hant", (200, RANGE_ZH, "zh-CN")),
        ("en-GB", (200, RANGE_EN, "en")),
    ],
)
async def test_compat_x_locale_takes_a_tag(
    client: httpx.AsyncClient, tag: str, expected: tuple[int, str, str]
) -> None:
    text = "还能开多远？" if expected[2] == "en" else "How far can I drive?"
    assert answer(await complete(client, text, {"X-Locale": tag})) == expected


async def test_compat_body_locale_wins_over_x_locale(client: httpx.AsyncClient) -> None:
    r = await complete(client, "How far can I drive?", {"X-Locale": "en"}, locale="zh-CN")
    assert answer(r) == (200, RANGE_ZH, "zh-CN")


@pytest.mark.parametrize(
    ("headers", "body", "param", "said"),
    [
        ({"X-Locale": "fr"}, {}, "X-Locale", "The assistant does not speak 'fr'"),
        ({"X-Locale": "zh CN"}, {}, "X-Locale", "'zh CN' is not a BCP 47 language tag"),
        # A bad X-Locale is refused even when the body's locale would win.
        ({"X-Locale": "ja"}, {"locale": "en"}, "X-Locale", "The assistant does not speak 'ja'"),
        ({}, {"locale": "fr-FR"}, "locale", "The assistant does not speak 'fr-FR'"),
        ({}, {"locale": "zh-"}, "locale", "'zh-' is not a BCP 47 language tag"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
async def test_compat_unsupported_locale_is_a_400_in_openais_shape(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    body: dict[str, Any],
    param: str,
    said: str,
    stream: bool,
) -> None:
    r = await complete(client, "range?", headers, stream=stream, **body)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {
        "error": {
            "message": f"Invalid '{param}': {said}. {SUPPORTED_HINT}",
            "type": "invalid_request_error",
            "param": param,
            "code": "unsupported_locale",
        }
    }


async def test_compat_answers_in_the_language_it_is_spoken_to_over_accept_language(
    client: httpx.AsyncClient,
) -> None:
    """As a model does: the message's language is more specific than the browser's."""
    assert answer(await complete(client, "还能开多远？", BROWSER_EN)) == (200, RANGE_ZH, "zh-CN")
    english = await complete(client, "How far can I drive?", {"Accept-Language": "zh-CN"})
    assert answer(english) == (200, RANGE_EN, "en")


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-US,en;q=0.9", (200, CANT_HELP_EN, "en")),
        ("fr;q=1, en;q=0.5", (200, CANT_HELP_EN, "en")),
        ("en;q=0, zh", (200, CANT_HELP_ZH, "zh-CN")),
        (None, (200, CANT_HELP_ZH, "zh-CN")),
    ],
)
async def test_compat_accept_language_decides_when_the_message_has_no_words(
    client: httpx.AsyncClient, accept_language: str | None, expected: tuple[int, str, str]
) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    assert answer(await complete(client, "?", headers)) == expected


async def test_a_streamed_completion_says_its_language(client: httpx.AsyncClient) -> None:
    r = await complete(client, "How far can I drive?", {"X-Locale": "zh-CN"}, stream=True)
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["content-language"] == "zh-CN"
    chunks = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert text == RANGE_ZH


# -- driver profiles -------------------------------------------------------------------------


async def test_a_profile_takes_a_tag_and_keeps_its_language(client: httpx.AsyncClient) -> None:
    created = await client.post("/v1/profiles", json={"name": "Lucy Tan", "locale": "en-GB"})
    assert (created.status_code, created.json()["locale"]) == (201, "en")
    pid = created.json()["id"]
    patched = await client.patch(f"/v1/profiles/{pid}", json={"locale": "zh_TW"})
    assert (patched.status_code, patched.json()["locale"]) == (200, "zh")
    refused = await client.patch(f"/v1/profiles/{pid}", json={"locale": "fr"})
    assert (refused.status_code, refused.json()["hint"]) == (422, SUPPORTED_HINT)


# -- the document ----------------------------------------------------------------------------


async def test_the_document_describes_tags_not_two_values(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/openapi.json")).json()
    schemas = doc["components"]["schemas"]
    session_create = schemas["SessionCreate"]["properties"]["locale"]["anyOf"][0]
    assert (session_create["type"], "enum" in session_create) == ("string", False)
    assert "pattern" in session_create
    assert schemas["Session"]["properties"]["locale"]["enum"] == ["zh", "en"]  # what it holds
    completions = doc["paths"]["/compatible-mode/v1/chat/completions"]["post"]
    headers = {p["name"] for p in completions["parameters"] if p["in"] == "header"}
    assert {"X-Locale", "Accept-Language"} <= headers
    sessions = doc["paths"]["/v1/chat/sessions"]["post"]
    assert [p["name"] for p in sessions["parameters"]] == ["Accept-Language"]
