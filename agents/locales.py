"""Language tags in, one of our two locales out.

Clients send BCP 47 tags (RFC 5646) as browsers and phones spell them: `zh-CN`, `zh-Hans-CN`,
`en-US`, `en-GB`, in any case, often with `_` (Java, Android, POSIX: `zh_CN`). The assistant
speaks Simplified Chinese and English only, so every Chinese tag, `zh-TW`, `zh-HK` and `zh-Hant`
included, is answered in Simplified Chinese (`zh`), and every English tag in `en`. Another language
(`fr`, `ja`) or a tag that is not well formed is refused where it was given explicitly; in an
`Accept-Language` header it is merely passed over (RFC 9110 §12.5.4).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from agents.errors import InvalidInput
from agents.text import Locale, bi

# The China market: what a request that states no language gets.
DEFAULT_LOCALE: Locale = "zh"
SUPPORTED: tuple[Locale, ...] = ("zh", "en")
# What `Content-Language` says of an answer: Simplified Chinese as written in mainland China.
CONTENT_LANGUAGE: dict[Locale, str] = {"zh": "zh-CN", "en": "en"}
MAX_TAG_CHARS = 64

# RFC 5646's `langtag` with `zh` or `en` as its language, `-` or `_` between subtags, in any
# case. Spelt without flags or lookarounds so JSON Schema (ECMA-262) and Python read it alike.
_SEP = "[-_]"
TAG_PATTERN = (
    "^([Zz][Hh]|[Ee][Nn])"
    f"({_SEP}[A-Za-z]{{3}}){{0,3}}"  # extlang: zh-yue
    f"({_SEP}[A-Za-z]{{4}})?"  # script: Hans, Hant, Latn
    f"({_SEP}([A-Za-z]{{2}}|[0-9]{{3}}))?"  # region: CN, TW, 419
    f"({_SEP}([A-Za-z0-9]{{5,8}}|[0-9][A-Za-z0-9]{{3}}))*"  # variants
    f"({_SEP}[0-9A-WYZa-wyz]({_SEP}[A-Za-z0-9]{{2,8}})+)*"  # extensions: -u-ca-chinese
    f"({_SEP}[Xx]({_SEP}[A-Za-z0-9]{{1,8}})+)?$"  # private use: -x-car
)
_TAG = re.compile(TAG_PATTERN)
# Any tag's shape (any language), to tell "not a tag" from "a language we don't speak".
_ANY_TAG = re.compile(r"([A-Za-z]{2,8})([-_][A-Za-z0-9]{1,8})*")

SUPPORTED_HINT = (
    "Send a BCP 47 language tag for Chinese or English: zh, zh-CN, zh-Hans, zh-Hans-CN, zh-SG "
    "(zh-TW, zh-HK and zh-Hant are answered in Simplified Chinese too), en, en-US, en-GB, ... "
    "Case does not matter and '_' may stand for '-'. The assistant speaks Simplified Chinese "
    "(zh) and English (en) only."
)
TAG_DESCRIPTION = (
    "A BCP 47 language tag: any Chinese tag (`zh`, `zh-CN`, `zh-Hans-CN`; `zh-TW`, `zh-HK` and "
    "`zh-Hant` too, as the assistant speaks Simplified Chinese only) means `zh`, any English tag "
    "(`en`, `en-US`, `en-GB`) means `en`. Case-insensitive; `zh_CN` is read as `zh-CN`. Another "
    "language is refused with the supported tags in the error."
)


class UnsupportedLocale(InvalidInput):
    """A language tag given explicitly that is malformed or names a language we don't speak."""

    code = "UNSUPPORTED_LOCALE"

    def __init__(self, tag: str) -> None:
        shown = tag if len(tag) <= MAX_TAG_CHARS else tag[:MAX_TAG_CHARS] + "..."
        shape = _ANY_TAG.fullmatch(tag) if len(tag) <= MAX_TAG_CHARS else None
        if shape is not None and shape[1].lower() not in SUPPORTED:
            message = bi(f"不支持语言「{shown}」", f"The assistant does not speak '{shown}'")
        else:
            message = bi(f"「{shown}」不是语言标记", f"'{shown}' is not a BCP 47 language tag")
        super().__init__(message, hint=SUPPORTED_HINT)
        self.tag = tag


def parse_locale(tag: str) -> Locale:
    """`zh-CN`, `zh_Hant_TW`, `EN-gb`... → `zh` or `en`; UnsupportedLocale otherwise."""
    # `search`, as JSON Schema applies a pattern, so the service accepts what its document allows.
    if len(tag) > MAX_TAG_CHARS or _TAG.search(tag) is None:
        raise UnsupportedLocale(tag)
    return "zh" if tag[:2].lower() == "zh" else "en"


def _tag_to_locale(value: Any) -> Any:
    """For pydantic fields: a tag becomes our Locale; a bad one is a validation error whose
    context carries the hint (app/problems.py shows it)."""
    if not isinstance(value, str):
        return value  # the Literal refuses it with its own message
    try:
        return parse_locale(value)
    except UnsupportedLocale as exc:
        raise PydanticCustomError(
            "unsupported_locale", "{reason}", {"reason": exc.message.en, "hint": exc.hint}
        ) from None


# A request field that takes any Chinese or English tag and holds our Locale. Its schema (for
# requests) is a string with the pattern; responses still show the two values they hold.
LocaleTag = Annotated[
    Locale,
    BeforeValidator(_tag_to_locale),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": TAG_PATTERN,
            "maxLength": MAX_TAG_CHARS,
            "description": TAG_DESCRIPTION,
            "examples": ["zh-CN", "en-US", "zh", "en"],
        },
        mode="validation",
    ),
]


# -- Accept-Language (RFC 9110 §12.5.4, RFC 4647 lookup) ------------------------------------

_QVALUE = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?")


def _ranges(header: str) -> list[tuple[float, str]]:
    """The header's language ranges with their weights, best first (ties keep their order).
    A part that is malformed (a bad `q`, an empty range) is left out, not refused."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        language_range, *params = (piece.strip() for piece in part.split(";"))
        weight: float | None = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                weight = float(value) if _QVALUE.fullmatch(value) else None
        if language_range and weight is not None:
            weighted.append((weight, position, language_range))
    weighted.sort(key=lambda item: (-item[0], item[1]))
    return [(weight, language_range) for weight, _, language_range in weighted]


def _covers(language_range: str, tag: str) -> bool:
    """RFC 4647 basic filtering: `zh` covers `zh-CN`, `zh-CN` covers `zh-CN`, `zh-TW` doesn't."""
    wanted = language_range.lower().replace("_", "-")
    tag = tag.lower()
    return wanted in ("*", tag) or tag.startswith(wanted + "-")


def negotiate(accept_language: str | None, fallback: Locale = DEFAULT_LOCALE) -> Locale:
    """The locale an `Accept-Language` header prefers: the highest-weighted range we speak
    (`zh-TW` counts as `zh`), `*` for any we weren't asked to avoid; `q=0` ranges are refusals.
    `fallback` when the header is absent or names nothing we speak."""
    if not accept_language:
        return fallback
    ranges = _ranges(accept_language)
    refused = {
        locale
        for weight, language_range in ranges
        if weight == 0
        for locale in SUPPORTED
        if _covers(language_range, CONTENT_LANGUAGE[locale])
    }
    for weight, language_range in ranges:
        if weight == 0:
            break  # sorted: only refusals from here on
        if language_range == "*":
            preferred = [fallback, *SUPPORTED]
            return next((loc for loc in preferred if loc not in refused), fallback)
        try:
            locale = parse_locale(language_range)
        except UnsupportedLocale:
            continue
        if locale not in refused:
            return locale
    return fallback


def choose_locale(
    explicit: Locale | None, known: Locale | None, accept_language: str | None
) -> Locale:
    """The language to answer in: the one the request names; else what the conversation already
    says (the profile's language, the message's); else the browser's `Accept-Language`, which is
    a guess about the device rather than this driver; else zh."""
    if explicit is not None:
        return explicit
    if known is not None:
        return known
    return negotiate(accept_language)
