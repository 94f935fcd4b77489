"""Benchmark: the memory of a server whose every sandbox is full to every cap. Not a test.

Fills `max_sandboxes` sandboxes (default settings unless INCAR_* says otherwise) through the domain
objects, in one process, with the biggest things a client can make each store keep: trips
Shanghai→Beijing through 8 waypoints with meal suggestions, chat sessions with the maximum turns of
the longest messages the API accepts (each asking for chargers or restaurants, so every turn keeps
a result list), pending commands, shared keys, profiles, and journal entries whose paths and query
strings are the longest a client can send. Prints RSS (VmRSS) before and after and per item.

    python benchmarks/memory.py [--sandboxes N]

About a minute at the default caps; exits 1 when over budget.

Talking is slow at the longest messages, so one sandbox's sessions are filled by really talking
and the other sandboxes get copies rebuilt from JSON (fresh objects, the same memory).
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from pydantic import TypeAdapter

from agents.catalog import Catalog, load_catalog
from agents.conversation.dialogue import run_turn
from agents.conversation.limits import MAX_MESSAGE_CHARS
from agents.conversation.sessions import Session
from agents.conversation.tools import ToolContext
from agents.errors import DomainError
from agents.sandbox import Sandbox
from agents.travel.profiles import ProfileCreate
from agents.travel.trips import Trip, TripPlanRequest
from agents.world.commands import CommandRequest
from agents.world.keys import ShareKeyRequest
from app.runtime import sandbox_limits
from app.settings import Settings

BUDGET_MB = 512
VEHICLE = "ix3-shanghai"
WAYPOINTS = ["hangzhou", "suzhou", "nanjing", "yangzhou", "xuzhou", "qufu", "jinan", "tianjin"]
# Long, realistic requests that each answer with a list card; cut to the longest message allowed.
MESSAGES = [
    "电量不太够了，帮我找一下附近的快充充电站，功率大一点的，最好是空闲的。",
    "我们在路上开了三个小时了，孩子有点饿，帮我找找附近的餐厅，最好有停车位，不要太辣。",
]
LONGEST_QUERY = 64 * 1024  # about what uvicorn's h11 accepts in a request line
_COMMAND = TypeAdapter(CommandRequest)
_TRIPS = TypeAdapter(list[Trip])


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def longest(text: str) -> str:
    return (text * (MAX_MESSAGE_CHARS // len(text) + 1))[:MAX_MESSAGE_CHARS]


def fill_trips(sandbox: Sandbox, catalog: Catalog, settings: Settings) -> int:
    profile = sandbox.profiles.get(sandbox.profiles.ids()[0])
    request = TripPlanRequest(vehicle_id=VEHICLE, destination="beijing", waypoints=WAYPOINTS)
    for _ in range(settings.max_trips):
        sandbox.trips.plan(sandbox.world, catalog.travel, request, profile)
    return len(sandbox.trips)


def talk(sandbox: Sandbox, catalog: Catalog, settings: Settings) -> list[Session]:
    sessions = []
    for _ in range(settings.max_chat_sessions):
        session = sandbox.start_chat(VEHICLE, None, "zh")
        ctx = ToolContext(sandbox, catalog, VEHICLE, None, "zh")
        for turn in range(settings.max_turns_per_session):
            run_turn(session, longest(MESSAGES[turn % len(MESSAGES)]), ctx)
        sessions.append(session)
    return sessions


def copy_sessions(sandbox: Sandbox, originals: list[Session]) -> int:
    """Sessions like `originals`, rebuilt from JSON so no string or number is shared."""
    for original in originals:
        session = sandbox.start_chat(original.vehicle_id, None, original.locale)
        clone = Session.model_validate(json.loads(original.model_dump_json()))
        for name in Session.model_fields:
            if name != "session_id":
                setattr(session, name, getattr(clone, name))
    return len(sandbox.chats)


def fill_commands(sandbox: Sandbox, settings: Settings) -> int:
    world = sandbox.world
    for i in range(settings.max_commands):
        request = _COMMAND.validate_python(
            {
                "type": "send_destination",
                "destination": {
                    "name": f"{i:04d}" + "目的地" * 38 + "站",
                    "coordinates": {"lat": 31.2 + i / 1e4, "lon": 121.4},
                },
            }
        )
        world.submit_command(VEHICLE, request)
    return len(world.commands)


def fill_keys(sandbox: Sandbox, settings: Settings) -> int:
    world = sandbox.world
    now = world.now()
    shared = 0
    for vehicle_id in world.vehicles:
        for i in range(settings.max_keys_per_vehicle - 1):
            request = ShareKeyRequest(
                holder_name=f"{i:02d}" + "李" * 58,
                valid_from=now,
                valid_until=now + timedelta(days=30),
            )
            try:
                world.share_key(vehicle_id, request)
            except DomainError:
                break  # a car without digital keys
            shared += 1
    return shared


def fill_profiles(sandbox: Sandbox, settings: Settings) -> int:
    body = {
        "name": "王" * 60,
        "dietary": ["vegan", "halal", "no_spicy"],
        "cuisine_preferences": {"sichuan": 3, "cantonese": -1, "hunan": 2},
        "party": {"adults": 2, "children": 3},
        "charging": {"operator_preferences": {}},
        "home": {"lat": 31.23, "lon": 121.47},
    }
    while len(sandbox.profiles) < settings.max_profiles:
        sandbox.profiles.create(ProfileCreate.model_validate(body))
    return len(sandbox.profiles)


def fill_journal(sandbox: Sandbox, settings: Settings) -> int:
    query = ("api_key=sk-" + "x" * 40 + "&q=" + "北" * LONGEST_QUERY)[:LONGEST_QUERY]
    now = sandbox.world.now()
    for i in range(max(settings.journal_size, 1) * 4):
        sandbox.journal.record(
            request_id=f"{i:06d}" + "r" * 122,
            method="GET",
            path="/v1/places/" + "北京" * 2000,
            query=query,
            status=404,
            sim_time=now,
            duration_ms=1.25,
            fault=None,
        )
    return len(sandbox.journal)


def measure(
    label: str, sandboxes: list[Sandbox], fill: Callable[[int, Sandbox], int]
) -> tuple[str, int, float]:
    gc.collect()
    before, started = rss_mb(), time.perf_counter()
    items = sum(fill(i, sandbox) for i, sandbox in enumerate(sandboxes))
    gc.collect()
    grown = rss_mb() - before
    per_item_kb = grown * 1024 / items if items else 0.0
    print(
        f"  {label:<10} {items:>7} items  +{grown:7.1f} MB  {per_item_kb:6.2f} KB/item"
        f"  ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    return label, items, grown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sandboxes", type=int, help="default: the setting max_sandboxes")
    args = parser.parse_args()
    settings = Settings()
    count = args.sandboxes or settings.max_sandboxes
    limits = sandbox_limits(settings)
    print(f"caps: {count} sandboxes, {limits}")
    start = rss_mb()
    catalog = load_catalog(settings.fixtures_dir)
    scenario = catalog.fleet.config.default_scenario
    loaded = rss_mb()
    sandboxes = [catalog.new_sandbox(scenario, limits) for _ in range(count)]
    gc.collect()
    empty = rss_mb()
    print(
        f"RSS: start {start:.1f} MB, catalog loaded {loaded:.1f} MB, {count} empty sandboxes "
        f"{empty:.1f} MB"
    )

    measure("trips", sandboxes, lambda _, s: fill_trips(s, catalog, settings))
    trips_json = len(_TRIPS.dump_json(sandboxes[0].trips.list()))
    talked: list[Session] = []

    def fill_chats(index: int, sandbox: Sandbox) -> int:
        if index == 0:
            talked.extend(talk(sandbox, catalog, settings))
            return len(sandbox.chats)
        return copy_sessions(sandbox, talked)

    measure("chats", sandboxes, fill_chats)
    measure("commands", sandboxes, lambda _, s: fill_commands(s, settings))
    measure("keys", sandboxes, lambda _, s: fill_keys(s, settings))
    measure("profiles", sandboxes, lambda _, s: fill_profiles(s, settings))
    measure("journal", sandboxes, lambda _, s: fill_journal(s, settings))
    gc.collect()
    full = rss_mb()
    journal_kb = sandboxes[0].journal.bytes_used / 1024
    turns = sum(len(s.transcript) for s in talked) // 2
    print(
        f"one sandbox: GET /v1/trips = {trips_json / 1e6:.2f} MB, journal {journal_kb:.0f} KB "
        f"({len(sandboxes[0].journal)} entries), {turns} chat turns kept"
    )
    verdict = "OK" if full < BUDGET_MB else "OVER BUDGET"
    print(f"RSS: empty {empty:.1f} MB -> full {full:.1f} MB (budget {BUDGET_MB} MB): {verdict}")
    return 0 if full < BUDGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
