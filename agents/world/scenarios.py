"""Scenarios: named starting worlds ("low battery on the expressway") loaded in one call.

A scenario sets the clock and JSON-merge-patches the state of some vehicles. Vehicle fixtures are
written relative to the base clock; loading a scenario shifts every timestamp by the difference
between the scenario's clock and the base clock first, so readings keep their age.
"""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, Field

from agents.text import Bilingual
from agents.world.models import Model


class Scenario(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$", examples=["low-battery-expressway"])
    title: Bilingual
    description: Bilingual
    clock: AwareDatetime
    # The car a demo should look at first.
    focus_vehicle: str
    # vehicle id -> RFC 7396 JSON merge patch applied to that vehicle's `state`.
    vehicles: dict[str, dict[str, Any]] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)


class WorldConfig(Model):
    """`fixtures/world.json`: the base clock the vehicle fixtures are written against."""

    base_clock: AwareDatetime
    default_scenario: str | None = None
    # The car a client means when it names none (e.g. the OpenAI-compatible endpoint).
    default_vehicle: str | None = None
