"""Commands and digital keys are bounded: finished ones make room, else 429."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from agents.catalog import Catalog
from agents.errors import ErrorKind
from agents.limits import CommandLimit, KeyLimit, SandboxLimits
from agents.world.commands import CommandStatus, FlashLights
from agents.world.keys import KeyRing, KeyStatus, ShareKeyRequest
from agents.world.world import World

NOW = datetime.fromisoformat("2026-06-01T08:00:00+08:00")
FLASH = FlashLights(type="flash_lights")


@pytest.fixture
def world(catalog: Catalog) -> World:
    return World(catalog.fleet, None, lambda: 0.0, limits=SandboxLimits(max_commands=3))


def test_a_full_command_list_drops_the_oldest_finished_command(world: World) -> None:
    first, second, third = (world.submit_command("ix3-shanghai", FLASH) for _ in range(3))
    third.status = CommandStatus.FAILED
    second.status = CommandStatus.EXECUTED
    assert world.submit_command("ix3-shanghai", FLASH).command_id == "cmd-0004"
    assert list(world.commands) == ["cmd-0001", "cmd-0003", "cmd-0004"]
    assert world.submit_command("ix3-shanghai", FLASH).command_id == "cmd-0005"
    assert list(world.commands) == ["cmd-0001", "cmd-0004", "cmd-0005"]
    assert first.status is CommandStatus.PENDING


def test_all_commands_on_their_way_is_a_429_that_changes_nothing(world: World) -> None:
    for _ in range(3):
        world.submit_command("ix3-shanghai", FLASH)
    with pytest.raises(CommandLimit) as full:
        world.submit_command("ix3-shanghai", FLASH)
    error = full.value
    assert (error.kind, error.code) == (ErrorKind.LIMIT, "COMMAND_LIMIT")
    assert error.message.zh == "待执行的指令太多，请稍后再试。"
    assert error.hint == (
        "The cap is 3 (setting INCAR_MAX_COMMANDS). Executed and failed commands make room by "
        "themselves; wait for pending ones to finish (or advance the sim clock), then retry."
    )
    assert list(world.commands) == ["cmd-0001", "cmd-0002", "cmd-0003"]
    world.commands["cmd-0002"].status = CommandStatus.EXECUTED
    assert world.submit_command("ix3-shanghai", FLASH).command_id == "cmd-0004"


def share(ring: KeyRing, holder: str, now: datetime, hours: int = 24) -> str:
    request = ShareKeyRequest(
        holder_name=holder, valid_from=NOW, valid_until=NOW + timedelta(hours=hours)
    )
    return ring.share(request, now, max_keys=3).key_id


def test_a_full_key_ring_drops_the_oldest_revoked_or_expired_key() -> None:
    ring = KeyRing("ix3-shanghai", "王磊")  # the owner's key is key-ix3-shanghai-1
    assert share(ring, "李娜", NOW, hours=1) == "key-ix3-shanghai-2"
    assert share(ring, "Tom", NOW) == "key-ix3-shanghai-3"
    ring.revoke("key-ix3-shanghai-3", NOW)
    # Two hours on, key 2 has expired and key 3 was revoked: the older one (2) makes room.
    later = NOW + timedelta(hours=2)
    assert share(ring, "张伟", later) == "key-ix3-shanghai-4"
    assert [(k.key_id, k.status) for k in ring.list(later)] == [
        ("key-ix3-shanghai-1", KeyStatus.ACTIVE),
        ("key-ix3-shanghai-3", KeyStatus.REVOKED),
        ("key-ix3-shanghai-4", KeyStatus.ACTIVE),
    ]


def test_a_key_ring_of_valid_keys_is_a_429_that_changes_nothing() -> None:
    ring = KeyRing("ix3-shanghai", "王磊")
    share(ring, "李娜", NOW)
    share(ring, "Tom", NOW)
    with pytest.raises(KeyLimit) as full:
        share(ring, "张伟", NOW)
    error = full.value
    assert (error.kind, error.code) == (ErrorKind.LIMIT, "KEY_LIMIT")
    assert error.message.en == "This car has too many digital keys."
    assert error.hint == (
        "The cap is 3 (setting INCAR_MAX_KEYS_PER_VEHICLE). The owner's key counts; revoked and "
        "expired keys make room by themselves. DELETE /v1/vehicles/ix3-shanghai/keys/{key_id} to "
        "revoke a shared key."
    )
    assert [k.key_id for k in ring.list(NOW)] == [
        "key-ix3-shanghai-1",
        "key-ix3-shanghai-2",
        "key-ix3-shanghai-3",
    ]


def test_the_world_shares_keys_within_its_cap(catalog: Catalog) -> None:
    world = World(catalog.fleet, None, lambda: 0.0, limits=SandboxLimits(max_keys_per_vehicle=2))
    request = ShareKeyRequest(
        holder_name="李娜", valid_from=NOW, valid_until=NOW + timedelta(hours=1)
    )
    assert world.share_key("ix3-shanghai", request).key_id == "key-ix3-shanghai-2"
    with pytest.raises(KeyLimit):
        world.share_key("ix3-shanghai", request)
