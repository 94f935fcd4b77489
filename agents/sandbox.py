"""A sandbox: one tester's private copy of everything that changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.conversation.sessions import Session, SessionStore
from agents.faults import Faults
from agents.journal import Journal
from agents.limits import SandboxLimits
from agents.text import Locale
from agents.travel.arrivals import next_arrival
from agents.travel.profiles import ProfileStore
from agents.travel.trips import TripBook
from agents.world.world import World


@dataclass
class Sandbox:
    world: World
    journal: Journal
    profiles: ProfileStore
    # The fixture profiles, so a reset can bring them back.
    profile_template: ProfileStore
    # What each store may keep (agents/limits.py); the world and profiles get theirs when built.
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    trips: TripBook = field(init=False)
    faults: Faults = field(default_factory=Faults)
    chats: SessionStore = field(init=False)
    # Serialised reads keyed by what they depend on; see app/snapshots.py.
    rendered: dict[str, tuple[object, bytes, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.trips = TripBook(self.limits.max_trips)
        self.chats = self._new_chats()
        self.world.listeners.append(self.trips.drive)
        self.world.horizons.append(lambda after: next_arrival(self.trips, after))

    def _new_chats(self) -> SessionStore:
        return SessionStore(self.limits.max_chat_sessions, self.limits.max_turns_per_session)

    def start_chat(self, vehicle_id: str, profile_id: str | None, locale: Locale) -> Session:
        """A conversation about a car of this world, for a profile of this sandbox (404s)."""
        self.world.vehicle(vehicle_id)
        self.profiles.optional(profile_id)
        return self.chats.create(vehicle_id, profile_id, locale, self.world.now())

    def load_scenario(self, scenario_id: str) -> None:
        self.world.load_scenario(scenario_id)
        self._forget()

    def reset(self) -> None:
        self.world.reset()
        self._forget()

    def _forget(self) -> None:
        """What a fresh start of the world invalidates."""
        self.trips.clear()
        self.chats = self._new_chats()
        self.profiles = self.profile_template.copy()
        self.rendered.clear()
