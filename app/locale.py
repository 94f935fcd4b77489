"""The HTTP side of locales: the `Accept-Language` header in, `Content-Language` out.

Which language an answer is in is decided by the domain (agents/locales.py); this module only
reads and writes the headers.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Response

from agents.locales import CONTENT_LANGUAGE
from agents.text import Locale

ACCEPT_LANGUAGE_DESCRIPTION = (
    "The browser's languages, best first (`zh-CN,zh;q=0.9,en;q=0.8`). Used only when nothing "
    "more specific says which language to answer in; `q=0` refuses a language, unknown "
    "languages and malformed parts are passed over, and with no match the answer is in `zh`."
)
CONTENT_LANGUAGE_DESCRIPTION = "The language of the answer's text: `zh-CN` or `en`."

AcceptLanguage = Annotated[
    str | None,
    Header(
        alias="Accept-Language",
        description=ACCEPT_LANGUAGE_DESCRIPTION,
        examples=["en-US,en;q=0.9"],
    ),
]

# For `openapi_extra` on routes that read the request by hand (compatible mode).
ACCEPT_LANGUAGE_PARAMETER: dict[str, Any] = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": ACCEPT_LANGUAGE_DESCRIPTION,
    "schema": {"type": "string"},
    "example": "en-US,en;q=0.9",
}


def set_content_language(response: Response, locale: Locale) -> None:
    response.headers["Content-Language"] = CONTENT_LANGUAGE[locale]
