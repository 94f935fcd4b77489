from __future__ import annotations

import pytest

from agents.catalog import Catalog
from agents.world.world import World


class FakeWall:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def world(catalog: Catalog) -> World:
    return World(catalog.fleet, None, FakeWall())
