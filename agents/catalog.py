"""Everything loaded from fixtures, validated once at start-up and shared read-only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from agents.car_genius.warning_lights import WarningLightBook, load_warning_lights
from agents.conversation.proactive.demos import DemoBook, load_demos
from agents.conversation.proactive.messages import ProactiveData
from agents.fixtures import FixtureError, FixtureProblem
from agents.journal import Journal
from agents.limits import SandboxLimits
from agents.sandbox import Sandbox
from agents.travel.data import TravelData, load_travel_data
from agents.travel.profiles import ProfileStore
from agents.world.catalog import FleetCatalog, load_fleet_catalog
from agents.world.world import World

T = TypeVar("T")


@dataclass(frozen=True)
class Catalog:
    fixtures_dir: Path
    fleet: FleetCatalog
    lights: WarningLightBook
    travel: TravelData
    demos: DemoBook = field(default_factory=lambda: DemoBook([]))

    def new_sandbox(self, scenario_id: str | None, limits: SandboxLimits | None = None) -> Sandbox:
        """A fresh sandbox whose every store is bounded by `limits` (default: SandboxLimits())."""
        limits = limits or SandboxLimits()
        template = ProfileStore(self.travel.profiles, limits.max_profiles)
        return Sandbox(
            world=World(self.fleet, scenario_id, limits=limits),
            journal=Journal(limits.journal_size, limits.journal_max_bytes),
            profiles=template.copy(),
            profile_template=template,
            limits=limits,
            places=self.travel.graph.places,
            proactive_data=ProactiveData(self.travel, self.lights),
        )


def load_catalog(fixtures_dir: Path) -> Catalog:
    """Load every fixture; raises one FixtureError listing all problems in all files."""
    problems: list[FixtureProblem] = []

    def attempt(load: Callable[[], T]) -> T | None:
        try:
            return load()
        except FixtureError as exc:
            problems.extend(exc.problems)
            return None

    if not fixtures_dir.is_dir():
        raise FixtureError.one(fixtures_dir, "$", "fixtures directory does not exist")
    fleet = attempt(lambda: load_fleet_catalog(fixtures_dir))
    lights = attempt(lambda: load_warning_lights(fixtures_dir / "warning_lights.json"))
    travel = attempt(lambda: load_travel_data(fixtures_dir))
    if fleet is not None and lights is not None:
        problems.extend(_unknown_lights(fixtures_dir, fleet, lights))
    demos = None
    if fleet is not None and travel is not None:
        demos = attempt(lambda: load_demos(fixtures_dir / "demos", fleet, travel))
    if problems:
        raise FixtureError(problems)
    assert demos is not None
    assert fleet is not None
    assert lights is not None
    assert travel is not None
    return Catalog(
        fixtures_dir=fixtures_dir, fleet=fleet, lights=lights, travel=travel, demos=demos
    )


def _unknown_lights(
    fixtures_dir: Path, fleet: FleetCatalog, lights: WarningLightBook
) -> list[FixtureProblem]:
    """Every active check-control message must name a light of the knowledge base."""
    problems: list[FixtureProblem] = []
    for vid, vehicle in fleet.vehicles.items():
        for i, message in enumerate(vehicle.state.check_control):
            if lights.find(message.light_id) is None:
                problems.append(
                    FixtureProblem(
                        str(fixtures_dir / "vehicles" / f"{vid}.json"),
                        f"$.state.check_control[{i}].light_id",
                        f"unknown warning light '{message.light_id}'",
                    )
                )
    for sid, scenario in fleet.scenarios.items():
        for vid, patch in scenario.vehicles.items():
            for i, message in enumerate(patch.get("check_control") or []):
                light_id = message.get("light_id") if isinstance(message, dict) else None
                if isinstance(light_id, str) and lights.find(light_id) is None:
                    problems.append(
                        FixtureProblem(
                            str(fixtures_dir / "scenarios" / f"{sid}.json"),
                            f"$.vehicles.{vid}.check_control[{i}].light_id",
                            f"unknown warning light '{light_id}'",
                        )
                    )
    return problems
