"""Bilingual text, the shape every user-facing string takes (DESIGN.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Locale = Literal["zh", "en"]
# Longest bilingual text anything may hold (a patched address, a spoken answer).
MAX_TEXT_CHARS = 10_000


class Bilingual(BaseModel):
    """A string in Chinese and English: `{"zh": "...", "en": "..."}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, examples=["电量低"])
    en: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, examples=["Battery low"])

    def pick(self, locale: Locale) -> str:
        return self.zh if locale == "zh" else self.en


def bi(zh: str, en: str) -> Bilingual:
    """Shorthand used by the domain when it composes text."""
    return Bilingual(zh=zh, en=en)
