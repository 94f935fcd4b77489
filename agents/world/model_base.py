"""The base of every world model and the units its fields share."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# Strict: a number, not `true` or "80" (which lax validation would read as 1.0 and 80.0).
Percent = Annotated[float, Field(ge=0, le=100, strict=True)]
Kpa = Annotated[float, Field(ge=0, le=1000)]


def json_number(value: object) -> object:
    """A BeforeValidator for numbers in JSON bodies: `true` and `"80"` are not numbers, though lax
    validation reads them as 1 and 80. Unlike strict mode it keeps `3.0` an integer, as JSON
    Schema's "integer" does. Put it after the bounds in `Annotated[int, Field(...), here]`, or the
    JSON schema loses them."""
    if isinstance(value, bool | str):
        raise ValueError("a JSON number is required")
    return value


Celsius = Annotated[float, Field(ge=-60, le=90)]


class Model(BaseModel):
    """Base for every domain model: unknown fields are errors, so typos in fixtures and patches
    are reported instead of silently ignored."""

    # NaN and Infinity are refused too: JSON parsers accept them, and one would poison every
    # comparison and sum downstream.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)
