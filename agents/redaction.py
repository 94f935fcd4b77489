"""Keep secrets and huge strings out of what the service stores and logs (journal, access log).

A query parameter whose name contains key, token, secret, password or signature (any case, after
percent-decoding: `api_key`, `X-Amz-Signature`, `access%5Ftoken`) keeps its name and loses its
value to `***`. Long strings are cut and marked with how much was dropped.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

SECRET_NAME = re.compile(r"key|token|secret|password|signature", re.IGNORECASE)
REDACTED = "***"
# What the journal and the access log keep of a path or a query string.
MAX_STORED_CHARS = 512


def truncate(text: str, max_chars: int = MAX_STORED_CHARS) -> str:
    """`text` cut to `max_chars`, marked `…[+N chars]` when anything was dropped."""
    if len(text) <= max_chars:
        return text
    return f"{text[:max_chars]}…[+{len(text) - max_chars} chars]"


def redact_query(query: str, max_chars: int = MAX_STORED_CHARS) -> str:
    """A raw query string with secret values replaced by `***`, cut to `max_chars`.

    Cutting first bounds the work on a huge query; it leaks nothing, since a value kept in the cut
    text still follows its whole name and `=`, so it is still recognised and redacted.
    """
    if not query:
        return query
    cut = truncate(query, max_chars)
    kept, marker = (cut, "") if cut == query else (query[:max_chars], cut[max_chars:])
    return "&".join(_redact_pair(pair) for pair in kept.split("&")) + marker


def redact_target(target: str, max_chars: int = MAX_STORED_CHARS) -> str:
    """A request target (`/path?query`) with its query redacted; path and query cut each."""
    path, sep, query = target.partition("?")
    return truncate(path, max_chars) + sep + redact_query(query, max_chars)


def _redact_pair(pair: str) -> str:
    name, sep, value = pair.partition("=")
    if sep and value and SECRET_NAME.search(unquote_plus(name)):
        return f"{name}={REDACTED}"
    return pair
