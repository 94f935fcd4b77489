"""A sandbox: one tester's private copy of everything that changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.faults import Faults
from agents.journal import Journal
from agents.world.world import World


@dataclass
class Sandbox:
    world: World
    journal: Journal
    faults: Faults = field(default_factory=Faults)
    # Serialised reads keyed by what they depend on; see app/snapshots.py.
    rendered: dict[str, tuple[object, bytes, str]] = field(default_factory=dict)
