"""What the running service holds: settings, the catalog and the sandboxes."""

from __future__ import annotations

from dataclasses import dataclass

from agents.catalog import Catalog, load_catalog
from agents.limits import SandboxLimits
from agents.sandbox import Sandbox
from agents.world.sandboxes import SandboxRegistry
from app.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    catalog: Catalog
    sandboxes: SandboxRegistry[Sandbox]

    @classmethod
    def start(cls, settings: Settings, catalog: Catalog | None = None) -> Runtime:
        catalog = catalog or load_catalog(settings.fixtures_dir)
        if settings.scenario is not None:
            catalog.fleet.scenario(settings.scenario)  # unknown scenario: fail start-up
        scenario = settings.scenario or catalog.fleet.config.default_scenario
        limits = sandbox_limits(settings)

        def factory() -> Sandbox:
            return catalog.new_sandbox(scenario, limits)

        registry = SandboxRegistry(
            factory, cap=settings.max_sandboxes, idle_ttl_s=settings.sandbox_idle_ttl_s
        )
        return cls(settings=settings, catalog=catalog, sandboxes=registry)


def sandbox_limits(settings: Settings) -> SandboxLimits:
    """The caps of every sandbox, from the settings of the same names."""
    return SandboxLimits(
        max_trips=settings.max_trips,
        max_chat_sessions=settings.max_chat_sessions,
        max_turns_per_session=settings.max_turns_per_session,
        max_proactive_events=settings.max_proactive_events,
        max_commands=settings.max_commands,
        max_keys_per_vehicle=settings.max_keys_per_vehicle,
        max_profiles=settings.max_profiles,
        journal_size=settings.journal_size,
        journal_max_bytes=settings.journal_max_bytes,
    )
