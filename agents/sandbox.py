"""A sandbox: one tester's private copy of everything that changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.conversation.sessions import SessionStore
from agents.faults import Faults
from agents.journal import Journal
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
    trips: TripBook = field(default_factory=TripBook)
    faults: Faults = field(default_factory=Faults)
    chats: SessionStore = field(default_factory=SessionStore)
    # Serialised reads keyed by what they depend on; see app/snapshots.py.
    rendered: dict[str, tuple[object, bytes, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.world.listeners.append(self.trips.drive)

    def load_scenario(self, scenario_id: str) -> None:
        self.world.load_scenario(scenario_id)
        self._forget()

    def reset(self) -> None:
        self.world.reset()
        self._forget()

    def _forget(self) -> None:
        """What a fresh start of the world invalidates."""
        self.trips.clear()
        self.chats = SessionStore()
        self.profiles = self.profile_template.copy()
        self.rendered.clear()
