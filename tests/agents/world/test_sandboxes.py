from __future__ import annotations

import pytest

from agents.errors import DomainError
from agents.world.sandboxes import SandboxRegistry


class FakeWall:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_idle_sandboxes_expire_and_free_their_place() -> None:
    wall = FakeWall()
    made: list[int] = []

    def factory() -> int:
        made.append(len(made))
        return made[-1]

    registry = SandboxRegistry(factory, cap=2, idle_ttl_s=60, wall=wall)
    assert (registry.get("a"), registry.get("b"), registry.get("a")) == (0, 1, 0)
    wall.t = 30
    registry.get("b")  # b stays busy, a goes idle
    with pytest.raises(DomainError) as info:
        registry.get("c")
    assert info.value.code == "SANDBOX_LIMIT"
    wall.t = 61  # a idle for 61 s: dropped when room is needed
    assert registry.get("c") == 2
    assert [s.name for s in registry.list()] == ["b", "c"]


def test_a_returning_sandbox_starts_fresh_after_expiry() -> None:
    wall = FakeWall()
    counter = iter(range(10))
    registry = SandboxRegistry(lambda: next(counter), cap=5, idle_ttl_s=10, wall=wall)
    assert registry.get("x") == 0
    wall.t = 11
    assert registry.expire() == ["x"]
    assert registry.get("x") == 1
