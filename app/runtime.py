"""What the running service holds: settings, the catalog and the sandboxes."""

from __future__ import annotations

from dataclasses import dataclass

from agents.catalog import Catalog, load_catalog
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

        def factory() -> Sandbox:
            return catalog.new_sandbox(scenario, settings.journal_size)

        registry = SandboxRegistry(
            factory, cap=settings.max_sandboxes, idle_ttl_s=settings.sandbox_idle_ttl_s
        )
        return cls(settings=settings, catalog=catalog, sandboxes=registry)
