"""What one sandbox may keep, so a single tester can never exhaust a shared server's memory.

Every store of a sandbox is bounded. When a cap is reached a store either evicts its oldest
*finished* items (nobody can still act on them) or, when nothing is finished, refuses with a 429
`LimitReached` problem naming the cap, its setting and how to free room:

- trips (max_trips): drop the oldest finished trip (arrived, superseded, cancelled), else the
  oldest planned one; 429 TRIP_LIMIT only when every trip is under way.
- chat sessions (max_chat_sessions): drop the least recently used session.
- turns of a chat (max_turns_per_session): the transcript keeps the newest turns.
- proactive events of a chat (max_proactive_events): the session keeps the newest events.
- commands (max_commands): drop the oldest executed or failed command, else 429 COMMAND_LIMIT.
- keys per vehicle (max_keys_per_vehicle, the owner's included): drop the oldest revoked or
  expired key, else 429 KEY_LIMIT.
- profiles (max_profiles, the fixture ones included): 429 PROFILE_LIMIT.
- journal (journal_size entries, journal_max_bytes): drop the oldest entries.

Ids keep counting up after an eviction, so an id never names two different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.errors import DomainError, ErrorKind
from agents.text import Bilingual, bi


@dataclass(frozen=True)
class SandboxLimits:
    """The caps of one sandbox. Defaults equal app/settings.py's (a test keeps them in step)."""

    max_trips: int = 8
    max_chat_sessions: int = 10
    max_turns_per_session: int = 20
    max_proactive_events: int = 50
    max_commands: int = 100
    max_keys_per_vehicle: int = 20
    max_profiles: int = 50
    journal_size: int = 500  # entries; 0 means bounded by bytes only
    journal_max_bytes: int = 256 * 1024


class LimitReached(DomainError):
    """A sandbox store is full of things still in use: 429 with the cap and how to free room."""

    kind = ErrorKind.LIMIT

    def __init__(self, code: str, message: Bilingual, *, cap: int, setting: str, free: str) -> None:
        self.code = code
        super().__init__(
            message,
            hint=f"The cap is {cap} (setting INCAR_{setting.upper()}). {free}",
            extra={"limit": cap, "setting": setting},
        )


class TripLimit(LimitReached):
    def __init__(self, cap: int) -> None:
        super().__init__(
            "TRIP_LIMIT",
            bi("行程数量已达上限，且都在进行中。", "Too many trips under way in this sandbox."),
            cap=cap,
            setting="max_trips",
            free="Finished and planned trips make room by themselves, but every trip kept is "
            "under way: let one arrive (advance the sim clock) or POST /v1/sim/reset.",
        )


class CommandLimit(LimitReached):
    def __init__(self, cap: int) -> None:
        super().__init__(
            "COMMAND_LIMIT",
            bi("待执行的指令太多，请稍后再试。", "Too many commands are still on their way."),
            cap=cap,
            setting="max_commands",
            free="Executed and failed commands make room by themselves; wait for pending ones "
            "to finish (or advance the sim clock), then retry.",
        )


class KeyLimit(LimitReached):
    def __init__(self, cap: int, vehicle_id: str) -> None:
        super().__init__(
            "KEY_LIMIT",
            bi("这辆车的数字钥匙已达上限。", "This car has too many digital keys."),
            cap=cap,
            setting="max_keys_per_vehicle",
            free=f"The owner's key counts; revoked and expired keys make room by themselves. "
            f"DELETE /v1/vehicles/{vehicle_id}/keys/{{key_id}} to revoke a shared key.",
        )


class ProfileLimit(LimitReached):
    def __init__(self, cap: int) -> None:
        super().__init__(
            "PROFILE_LIMIT",
            bi("驾驶者档案数量已达上限。", "Too many driver profiles in this sandbox."),
            cap=cap,
            setting="max_profiles",
            free="The fixture profiles count too. DELETE /v1/profiles/{id} to make room.",
        )
