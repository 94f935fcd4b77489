"""The warning-light knowledge base: what each dashboard light means and what to do about it.

Loaded once from `fixtures/warning_lights.json`; lookups go through indexes built at load time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from pydantic import Field, TypeAdapter

from agents.car_genius.light_matching import LightIndex, parse_color
from agents.errors import InvalidInput, NotFound
from agents.fixtures import FixtureError, FixtureProblem, load_json_file
from agents.text import Bilingual, bi
from agents.world.models import Model, Powertrain, Severity


class LightColor(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    WHITE = "white"


class LightSystem(StrEnum):
    """The part of the car a light reports on."""

    ENGINE = "engine"
    DRIVETRAIN = "drivetrain"
    BRAKE = "brake"
    BATTERY = "battery"
    TIRE_PRESSURE = "tire_pressure"
    OIL = "oil"
    COOLANT = "coolant"
    AIRBAG = "airbag"
    ABS = "abs"
    ESC = "esc"
    SEATBELT = "seatbelt"
    STEERING = "steering"
    CHARGING_SYSTEM = "charging_system"
    WASHER = "washer"
    LIGHTS = "lights"
    FUEL = "fuel"
    SERVICE = "service"
    DRIVER_ASSIST = "driver_assist"
    DOOR = "door"
    WEATHER = "weather"


class SafeToDrive(StrEnum):
    YES = "yes"
    WITH_CARE = "with_care"
    NO = "no"


class WarningLight(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", examples=["engine-check"])
    color: LightColor
    severity: Severity
    system: LightSystem
    title: Bilingual
    # What the symbol looks like, so "the one that looks like a horseshoe" can be answered.
    symbol: Bilingual
    explanation: Bilingual
    safe_to_drive: SafeToDrive
    what_to_do: Bilingual
    keywords: list[str] = Field(min_length=1, examples=[["check engine", "发动机灯"]])
    applies_to: list[Powertrain] = Field(min_length=1)


_SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


class WarningLightNotFound(NotFound):
    def __init__(self, light_id: str, known: list[str]) -> None:
        super().__init__("warning light", light_id, known, code="WARNING_LIGHT_NOT_FOUND")


class WarningLightBook:
    """Read-only collection of lights with id, color, severity and system indexes."""

    def __init__(self, lights: Iterable[WarningLight]) -> None:
        self._by_id: dict[str, WarningLight] = {}
        for light in lights:
            if light.id in self._by_id:
                raise ValueError(f"duplicate warning light id '{light.id}'")
            self._by_id[light.id] = light
        self._by_color: dict[LightColor, list[WarningLight]] = defaultdict(list)
        self._by_severity: dict[Severity, list[WarningLight]] = defaultdict(list)
        self._by_system: dict[LightSystem, list[WarningLight]] = defaultdict(list)
        for light in self._by_id.values():
            self._by_color[light.color].append(light)
            self._by_severity[light.severity].append(light)
            self._by_system[light.system].append(light)
        self._index = LightIndex(
            (light.id, [*light.keywords, light.title.zh, light.title.en])
            for light in self._by_id.values()
        )

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, light_id: object) -> bool:
        return light_id in self._by_id

    def get(self, light_id: str) -> WarningLight:
        light = self._by_id.get(light_id)
        if light is None:
            raise WarningLightNotFound(light_id, sorted(self._by_id))
        return light

    def find(self, light_id: str) -> WarningLight | None:
        return self._by_id.get(light_id)

    def all(self) -> list[WarningLight]:
        return list(self._by_id.values())

    def filter(
        self,
        color: LightColor | None = None,
        severity: Severity | None = None,
        system: LightSystem | None = None,
    ) -> list[WarningLight]:
        """Lights matching every given criterion, in knowledge-base order."""
        pools: list[list[WarningLight]] = []
        if color is not None:
            pools.append(self._by_color.get(color, []))
        if severity is not None:
            pools.append(self._by_severity.get(severity, []))
        if system is not None:
            pools.append(self._by_system.get(system, []))
        if not pools:
            return self.all()
        smallest = min(pools, key=len)
        return [
            light
            for light in smallest
            if (color is None or light.color == color)
            and (severity is None or light.severity == severity)
            and (system is None or light.system == system)
        ]

    def match(
        self,
        color: str | None = None,
        system: str | None = None,
        text: str | None = None,
        limit: int = 5,
    ) -> list[WarningLight]:
        """Lights a person is most likely describing, best first.

        `color` accepts English or Chinese names and their aliases (orange, amber, 橙色 -> yellow);
        a colour named in `text` counts the same. People misremember colours, so colour only
        boosts the ranking when there is text to go on; `system` is a strict filter.
        """
        wanted_color = _parse_color_arg(color)
        wanted_system = _parse_system_arg(system)
        scores, text_color = self._index.score(text or "")
        wanted_color = wanted_color or _as_color(text_color)
        if not scores:
            if wanted_color is None and wanted_system is None:
                return []
            candidates = self.filter(color=wanted_color, system=wanted_system)
            return sorted(candidates, key=_severity_then_id)[:limit]
        ranked: list[tuple[float, WarningLight]] = []
        for light_id, score in scores.items():
            light = self._by_id[light_id]
            if wanted_system is not None and light.system != wanted_system:
                continue
            if wanted_color is not None and light.color == wanted_color:
                score += _COLOR_BONUS
            ranked.append((score, light))
        ranked.sort(key=lambda pair: (-pair[0], *_severity_then_id(pair[1])))
        return [light for _, light in ranked[:limit]]


# About as much as one distinctive keyword word: enough to break ties, not to override the text.
_COLOR_BONUS = 1.5


def _severity_then_id(light: WarningLight) -> tuple[int, str]:
    return _SEVERITY_RANK[light.severity], light.id


def _as_color(name: str | None) -> LightColor | None:
    return LightColor(name) if name is not None else None


def _parse_color_arg(color: str | None) -> LightColor | None:
    if color is None or not color.strip():
        return None
    parsed = parse_color(color)
    if parsed is None:
        raise InvalidInput(
            bi(f"不认识的颜色「{color}」", f"Unknown light colour '{color}'"),
            hint=f"Use one of: {', '.join(c.value for c in LightColor)} (orange/amber = yellow)",
        )
    return LightColor(parsed)


def _parse_system_arg(system: str | None) -> LightSystem | None:
    if system is None or not system.strip():
        return None
    try:
        return LightSystem(system.strip().lower())
    except ValueError:
        raise InvalidInput(
            bi(f"不认识的系统「{system}」", f"Unknown vehicle system '{system}'"),
            hint=f"Use one of: {', '.join(s.value for s in LightSystem)}",
        ) from None


_LIGHTS = TypeAdapter(list[WarningLight])


def load_warning_lights(path: Path) -> WarningLightBook:
    """Load and validate the knowledge base; duplicate ids are fixture errors too."""
    lights = load_json_file(path, _LIGHTS)
    seen: set[str] = set()
    problems: list[FixtureProblem] = []
    for position, light in enumerate(lights):
        if light.id in seen:
            problems.append(
                FixtureProblem(str(path), f"$[{position}].id", f"duplicate id '{light.id}'")
            )
        seen.add(light.id)
    if problems:
        raise FixtureError(problems)
    return WarningLightBook(lights)
