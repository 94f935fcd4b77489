"""Language tags → our two locales, and Accept-Language negotiation."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel, ValidationError

from agents.locales import (
    MAX_TAG_CHARS,
    SUPPORTED_HINT,
    TAG_PATTERN,
    LocaleTag,
    UnsupportedLocale,
    choose_locale,
    negotiate,
    parse_locale,
)
from agents.text import Locale

CHINESE = [
    "zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh_CN", "zh_Hans_CN", "ZH-cn", "zh-hans",
    "zh-TW", "zh-HK", "zh-Hant", "zh-Hant-TW", "zh-yue-HK", "zh-CN-u-ca-chinese", "zh-x-car",
]  # fmt: skip
ENGLISH = ["en", "en-US", "en-GB", "en_GB", "EN", "En-Us", "en-Latn-US", "en-001", "en-US-x-twain"]
MALFORMED = ["", "zh-", "-zh", "zh--CN", "zh CN", " zh", "zh-CN-x", "en-a", "zh-abcdefghi", "中文"]
UNSUPPORTED = ["fr", "ja", "ja-JP", "fr-CA", "english", "zho", "cmn-Hans-CN"]


@pytest.mark.parametrize("tag", CHINESE)
def test_every_chinese_tag_is_simplified_chinese(tag: str) -> None:
    assert parse_locale(tag) == "zh"


@pytest.mark.parametrize("tag", ENGLISH)
def test_every_english_tag_is_english(tag: str) -> None:
    assert parse_locale(tag) == "en"


@pytest.mark.parametrize("tag", UNSUPPORTED)
def test_other_languages_are_refused_with_the_supported_tags(tag: str) -> None:
    with pytest.raises(UnsupportedLocale) as caught:
        parse_locale(tag)
    assert caught.value.code == "UNSUPPORTED_LOCALE"
    assert caught.value.message.en == f"The assistant does not speak '{tag}'"
    assert caught.value.hint == SUPPORTED_HINT
    assert "zh-CN" in SUPPORTED_HINT
    assert "en-US" in SUPPORTED_HINT


@pytest.mark.parametrize("tag", MALFORMED)
def test_malformed_tags_are_refused_as_such(tag: str) -> None:
    with pytest.raises(UnsupportedLocale) as caught:
        parse_locale(tag)
    assert caught.value.message.en == f"'{tag}' is not a BCP 47 language tag"


def test_an_overlong_tag_is_refused_and_cut_in_the_message() -> None:
    tag = "zh" + "-abcdefgh" * 10
    with pytest.raises(UnsupportedLocale) as caught:
        parse_locale(tag)
    assert caught.value.message.en == f"'{tag[:MAX_TAG_CHARS]}...' is not a BCP 47 language tag"


@pytest.mark.parametrize("tag", CHINESE + ENGLISH + MALFORMED + UNSUPPORTED)
def test_the_documented_pattern_accepts_exactly_what_the_parser_does(tag: str) -> None:
    """The OpenAPI pattern (JSON Schema semantics: a search) and the parser agree."""
    documented = re.search(TAG_PATTERN, tag) is not None and len(tag) <= MAX_TAG_CHARS
    assert documented == (tag in CHINESE + ENGLISH)


class _Body(BaseModel):
    locale: LocaleTag = "zh"


def test_a_locale_field_takes_a_tag_and_holds_our_locale() -> None:
    assert _Body.model_validate({"locale": "en-GB"}).locale == "en"
    assert _Body.model_validate({"locale": "zh_TW"}).locale == "zh"
    assert _Body.model_validate({}).locale == "zh"


def test_a_locale_field_refuses_with_the_hint_in_the_context() -> None:
    with pytest.raises(ValidationError) as caught:
        _Body.model_validate({"locale": "fr"})
    [error] = caught.value.errors()
    assert error["type"] == "unsupported_locale"
    assert error["msg"] == "The assistant does not speak 'fr'"
    assert error["ctx"]["hint"] == SUPPORTED_HINT


def test_a_locale_field_refuses_a_number() -> None:
    with pytest.raises(ValidationError) as caught:
        _Body.model_validate({"locale": 1})
    assert caught.value.errors()[0]["type"] == "literal_error"


def test_a_locale_field_is_a_pattern_in_requests_and_two_values_in_answers() -> None:
    request = _Body.model_json_schema(mode="validation")["properties"]["locale"]
    answer = _Body.model_json_schema(mode="serialization")["properties"]["locale"]
    assert (request["type"], request["pattern"]) == ("string", TAG_PATTERN)
    assert "enum" not in request
    assert answer["enum"] == ["zh", "en"]


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr;q=1, en;q=0.5", "en"),  # French first, but we don't speak it
        ("en;q=0, zh", "zh"),
        ("en;q=0.5, zh;q=0.8", "zh"),  # weight, not order
        ("zh;q=0.5, en;q=0.5", "zh"),  # a tie keeps the header's order
        ("en;q=0.5, zh;q=0.5", "en"),
        ("da, en-gb;q=0.8, en;q=0.7", "en"),  # RFC 9110's example
        ("zh-TW", "zh"),  # Traditional Chinese readers get Simplified Chinese
        ("EN_us", "en"),
        ("*", "zh"),
        ("zh;q=0, *", "en"),  # anything but Chinese
        ("en;q=0, *;q=0.5", "zh"),
        ("zh-TW;q=0, *", "zh"),  # refusing zh-TW is not refusing zh-CN
        ("zh-CN;q=0, en;q=0.1", "en"),
        ("en;q=abc, zh-TW", "zh"),  # a malformed weight drops its part
        ("en;q=1.5, zh;q=0.1", "zh"),  # q above 1 is malformed
        ("en;q=0.1234, zh;q=0.1", "zh"),  # more than three decimals too
        ("en;Q=0.9", "en"),  # the parameter name is case-insensitive
        ("en-US;q=0.9;level=1", "en"),  # other parameters are passed over
        (",,;q=1, ;, en", "en"),  # empty parts are passed over
        ("zh--CN, en;q=0.1", "en"),  # a malformed range is passed over
    ],
)
def test_accept_language_picks_the_best_range_we_speak(header: str, chosen: Locale) -> None:
    assert negotiate(header) == chosen


@pytest.mark.parametrize("header", [None, "", "fr", "fr, ja;q=0.8", "en;q=0", "*;q=0", "中文"])
def test_accept_language_without_a_match_falls_back(header: str | None) -> None:
    assert negotiate(header) == "zh"
    assert negotiate(header, fallback="en") == "en"


def test_a_star_prefers_the_fallback() -> None:
    assert negotiate("fr, *;q=0.1", fallback="en") == "en"


def test_a_long_header_is_read_in_one_pass() -> None:
    header = ", ".join(["fr;q=0.9"] * 5000 + ["en;q=0.8"])
    assert negotiate(header) == "en"


@pytest.mark.parametrize(
    ("explicit", "known", "header", "chosen"),
    [
        ("en", "zh", "zh-CN", "en"),  # what the request names wins
        (None, "en", "zh-CN", "en"),  # then what the conversation knows (profile, message)
        (None, None, "en-US,en;q=0.9", "en"),  # then the browser's languages
        (None, None, None, "zh"),  # then the China market's default
    ],
)
def test_precedence(
    explicit: Locale | None, known: Locale | None, header: str | None, chosen: Locale
) -> None:
    assert choose_locale(explicit, known, header) == chosen
