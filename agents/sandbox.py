"""A sandbox: one tester's private copy of everything that changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from agents.conversation.proactive.messages import ProactiveData
from agents.conversation.proactive.monitor import ProactiveMonitor
from agents.conversation.sessions import Session, SessionStore
from agents.faults import FaultConfig, Faults
from agents.journal import Journal
from agents.limits import SandboxLimits
from agents.text import Locale
from agents.travel.arrivals import next_arrival
from agents.travel.places import PlaceDirectory
from agents.travel.profiles import ProfileStore
from agents.travel.trips import TripBook
from agents.world.world import World

# Where a reset goes: the current scenario's start, or what a brand-new sandbox has.
ResetTarget = Literal["scenario", "baseline"]


class Settled(BaseModel):
    """What `POST /v1/sim/settle` did: the clock it moved to and the commands it finished."""

    now: AwareDatetime = Field(examples=["2026-06-01T08:00:05+08:00"])
    settled: list[str] = Field(
        description="The commands that reached executed or failed, in the order they were sent",
        examples=[["cmd-0001"]],
    )


@dataclass
class Sandbox:
    world: World
    journal: Journal
    profiles: ProfileStore
    # The fixture profiles, so a reset can bring them back.
    profile_template: ProfileStore
    # What each store may keep (agents/limits.py); the world and profiles get theirs when built.
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    # The road network's places: a driving car's address names the nearest.
    places: PlaceDirectory | None = None
    # What the proactive assistant reads (chargers, dining, warning lights); None: it is off.
    proactive_data: ProactiveData | None = None
    trips: TripBook = field(init=False)
    faults: Faults = field(default_factory=Faults)
    chats: SessionStore = field(init=False)
    # Serialised reads keyed by what they depend on; see app/snapshots.py.
    rendered: dict[str, tuple[object, bytes, str]] = field(default_factory=dict)
    # The scenario the sandbox was made in (None: the base world), for a reset to baseline.
    baseline_scenario: str | None = field(init=False)
    proactive: ProactiveMonitor | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.baseline_scenario = self.world.scenario_id
        self.trips = TripBook(self.limits.max_trips, self.places)
        self.chats = self._new_chats()
        self.world.listeners.append(self.trips.drive)
        self.world.horizons.append(lambda after: next_arrival(self.trips, after))
        if self.proactive_data is not None:
            # After trips.drive, so it sees where the step left the car.
            monitor = ProactiveMonitor(self, self.proactive_data, self.limits.max_proactive_events)
            self.world.listeners.append(monitor.on_step)
            self.world.horizons.append(monitor.horizon)
            self.proactive = monitor

    def _new_chats(self) -> SessionStore:
        return SessionStore(self.limits.max_chat_sessions, self.limits.max_turns_per_session)

    def start_chat(self, vehicle_id: str, profile_id: str | None, locale: Locale) -> Session:
        """A conversation about a car of this world, for a profile of this sandbox (404s)."""
        self.world.vehicle(vehicle_id)
        self.profiles.optional(profile_id)
        return self.chats.create(vehicle_id, profile_id, locale, self.world.now())

    def proactive_monitor(self) -> ProactiveMonitor:
        if self.proactive is None:
            raise RuntimeError("this sandbox was made without proactive data")
        return self.proactive

    def observe(self) -> None:
        """Bring the world up to the clock and let the proactive assistant look at it, so what
        it has to say is in the sessions before they are read."""
        if self.proactive is not None:
            self.proactive.evaluate()

    def load_scenario(self, scenario_id: str) -> None:
        self.world.load_scenario(scenario_id)
        self._forget()

    def reset(self, to: ResetTarget = "scenario") -> None:
        """Back to the current scenario's start, or to the baseline: exactly what a brand-new
        sandbox has (its start scenario, the fixture profiles, no fault rules). The journal
        keeps its entries either way: it records traffic, not state."""
        if to == "baseline":
            self.world.restart(self.baseline_scenario)
            self.faults.config = FaultConfig()
        else:
            self.world.reset()
        self._forget()

    def settle(self) -> Settled:
        """Every command still on its way finishes; the clock moves exactly as far as needed."""
        now, finished = self.world.settle()
        return Settled(now=now, settled=finished)

    def _forget(self) -> None:
        """What a fresh start of the world invalidates."""
        self.trips.clear()
        self.chats = self._new_chats()
        self.profiles = self.profile_template.copy()
        self.rendered.clear()
        if self.proactive is not None:
            self.proactive.clear()
