"""A deterministic stand-in for a tokenizer, shared by usage counts, `max_tokens` and
`thinking_budget`: a CJK character, a word or a symbol each count one token."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+|[^\sA-Za-z0-9\u3400-\u9fff]")


def count_tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def first_tokens(text: str, limit: int) -> str:
    """The text up to and including its `limit`-th token (all of it when shorter)."""
    if limit <= 0:
        return ""
    for n, match in enumerate(_TOKEN.finditer(text), start=1):
        if n == limit:
            return text[: match.end()]
    return text
