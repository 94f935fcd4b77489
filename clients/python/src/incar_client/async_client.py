"""`AsyncIncarClient`: the asynchronous client, the same namespaces as `IncarClient`."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from incar_client import _ops as ops
from incar_client import models as m
from incar_client._ops import Call, ResetTarget, Settled, call, fields, seg
from incar_client.client import answer_of, client_headers
from incar_client.errors import error_for
from incar_client.events import ChatEvent, achat_events
from incar_client.journal import check_called

T = TypeVar("T")


class AsyncIncarClient:
    """A client for one sandbox, for asyncio and trio (AnyIO). `http` is the underlying
    `httpx.AsyncClient` (base URL, `X-Sandbox` and the API key set) for raw calls."""

    def __init__(
        self,
        base_url: str,
        *,
        sandbox: str | None = None,
        api_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.sandbox: str = sandbox or "default"
        self.http = httpx.AsyncClient(
            base_url=base_url,
            headers=client_headers(self.sandbox, api_key),
            timeout=timeout,
            transport=transport,
        )
        self.vehicles = Vehicles(self)
        self.commands = Commands(self)
        self.keys = Keys(self)
        self.car_genius = CarGenius(self)
        self.trips = Trips(self)
        self.chargers = Chargers(self)
        self.dining = Dining(self)
        self.profiles = Profiles(self)
        self.chat = Chat(self)
        self.sim = Sim(self)
        self.journal = Journal(self)
        self.sandboxes = Sandboxes(self)

    async def run(self, c: Call[T]) -> T:
        """Send one operation and return its typed answer (an `IncarError` for non-2xx)."""
        body = {"json": c.body} if c.has_body else {}
        response = await self.http.request(c.method, c.path, params=c.params, **body)
        return answer_of(c, response)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


class _Namespace:
    def __init__(self, client: AsyncIncarClient) -> None:
        self._client = client


class Vehicles(_Namespace):
    async def list(self) -> builtins.list[m.VehicleSummary]:
        return await self._client.run(call("GET", "/v1/vehicles", builtins.list[m.VehicleSummary]))

    async def get(self, vehicle_id: str) -> m.VehicleSnapshot:
        return await self._client.run(
            call("GET", f"/v1/vehicles/{seg(vehicle_id)}", m.VehicleSnapshot)
        )

    async def battery(self, vehicle_id: str) -> m.ReadingBattery:
        return await self._client.run(ops.reading(vehicle_id, "battery", m.ReadingBattery))

    async def fuel(self, vehicle_id: str) -> m.ReadingFuel:
        return await self._client.run(ops.reading(vehicle_id, "fuel", m.ReadingFuel))

    async def charge(self, vehicle_id: str) -> m.ReadingCharging:
        return await self._client.run(ops.reading(vehicle_id, "charge", m.ReadingCharging))

    async def tires(self, vehicle_id: str) -> m.ReadingTires:
        return await self._client.run(ops.reading(vehicle_id, "tires", m.ReadingTires))

    async def security(self, vehicle_id: str) -> m.ReadingSecurity:
        return await self._client.run(ops.reading(vehicle_id, "security", m.ReadingSecurity))

    async def climate(self, vehicle_id: str) -> m.ReadingClimate:
        return await self._client.run(ops.reading(vehicle_id, "climate", m.ReadingClimate))

    async def location(self, vehicle_id: str) -> m.ReadingLocation:
        return await self._client.run(ops.reading(vehicle_id, "location", m.ReadingLocation))

    async def odometer(self, vehicle_id: str) -> m.ReadingOdometerData:
        return await self._client.run(ops.reading(vehicle_id, "odometer", m.ReadingOdometerData))

    async def service(self, vehicle_id: str) -> m.ReadingServiceData:
        return await self._client.run(ops.reading(vehicle_id, "service", m.ReadingServiceData))

    async def check_control(self, vehicle_id: str) -> m.ReadingCheckControlData:
        return await self._client.run(
            ops.reading(vehicle_id, "check-control", m.ReadingCheckControlData)
        )

    async def alerts(self, vehicle_id: str) -> m.ReadingListAlert:
        return await self._client.run(ops.reading(vehicle_id, "alerts", m.ReadingListAlert))

    async def signals(
        self, vehicle_id: str, paths: Sequence[str] | None = None
    ) -> builtins.list[m.Signal]:
        return await self._client.run(ops.signals(vehicle_id, paths))


class Commands(_Namespace):
    async def send(
        self, vehicle_id: str, command: str | Mapping[str, Any], **params: Any
    ) -> m.CommandAccepted:
        """`send("ix3-shanghai", "set_temperature", target_temp_c=21)`, or a whole body dict."""
        return await self._client.run(ops.send_command(vehicle_id, command, params))

    async def list(self, vehicle_id: str) -> builtins.list[m.Command]:
        path = f"/v1/vehicles/{seg(vehicle_id)}/commands"
        return await self._client.run(call("GET", path, builtins.list[m.Command]))

    async def get(self, vehicle_id: str, command_id: str) -> m.Command:
        path = f"/v1/vehicles/{seg(vehicle_id)}/commands/{seg(command_id)}"
        return await self._client.run(call("GET", path, m.Command))


class Keys(_Namespace):
    async def list(self, vehicle_id: str) -> builtins.list[m.DigitalKey]:
        path = f"/v1/vehicles/{seg(vehicle_id)}/keys"
        return await self._client.run(call("GET", path, builtins.list[m.DigitalKey]))

    async def share(
        self,
        vehicle_id: str,
        *,
        holder_name: str,
        valid_from: datetime | str,
        valid_until: datetime | str,
        permission: str | None = None,
    ) -> m.DigitalKey:
        body = fields(
            {
                "holder_name": holder_name,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "permission": permission,
            }
        )
        path = f"/v1/vehicles/{seg(vehicle_id)}/keys"
        return await self._client.run(call("POST", path, m.DigitalKey, body=body))

    async def revoke(self, vehicle_id: str, key_id: str) -> m.DigitalKey:
        path = f"/v1/vehicles/{seg(vehicle_id)}/keys/{seg(key_id)}"
        return await self._client.run(call("DELETE", path, m.DigitalKey))


class CarGenius(_Namespace):
    async def briefing(self, vehicle_id: str) -> m.Briefing:
        path = f"/v1/car-genius/{seg(vehicle_id)}/briefing"
        return await self._client.run(call("GET", path, m.Briefing))

    async def warning_lights(self, **filters: Any) -> builtins.list[m.WarningLight]:
        """Filters: `q`, `color`, `severity`, `system`."""
        path = "/v1/car-genius/warning-lights"
        return await self._client.run(
            call("GET", path, builtins.list[m.WarningLight], params=filters)
        )

    async def warning_light(self, light_id: str) -> m.WarningLight:
        path = f"/v1/car-genius/warning-lights/{seg(light_id)}"
        return await self._client.run(call("GET", path, m.WarningLight))


class Trips(_Namespace):
    async def plan(
        self, vehicle_id: str, destination: str | Mapping[str, float], **options: Any
    ) -> m.Trip:
        """Options as in `TripPlanRequest`: `profile_id`, `departure_at`, `start_soc_pct`..."""
        body = fields({"vehicle_id": vehicle_id, "destination": destination, **options})
        return await self._client.run(call("POST", "/v1/trips/plan", m.Trip, body=body))

    async def list(self, vehicle_id: str | None = None) -> builtins.list[m.Trip]:
        query = {"vehicle_id": vehicle_id}
        return await self._client.run(call("GET", "/v1/trips", builtins.list[m.Trip], params=query))

    async def get(self, trip_id: str) -> m.Trip:
        return await self._client.run(call("GET", f"/v1/trips/{seg(trip_id)}", m.Trip))

    async def start(self, trip_id: str) -> m.Trip:
        return await self._client.run(call("POST", f"/v1/trips/{seg(trip_id)}/start", m.Trip))

    async def replan(self, trip_id: str) -> m.Trip:
        return await self._client.run(call("POST", f"/v1/trips/{seg(trip_id)}/replan", m.Trip))


class Chargers(_Namespace):
    async def search(self, **query: Any) -> builtins.list[m.ChargerMatch]:
        """`lat`+`lon` or `trip_id`, with `radius_km`, `corridor_km`, `min_power_kw`,
        `connector`, `limit`."""
        return await self._client.run(
            call("GET", "/v1/chargers", builtins.list[m.ChargerMatch], params=query)
        )


class Dining(_Namespace):
    async def search(self, **query: Any) -> m.DiningResults:
        """`lat`+`lon` or `trip_id` (and `stop_index`), with the filters of `/v1/dining/search`."""
        path = "/v1/dining/search"
        return await self._client.run(call("GET", path, m.DiningResults, params=query))


class Profiles(_Namespace):
    async def list(self) -> builtins.list[m.ProfileOutput]:
        return await self._client.run(call("GET", "/v1/profiles", builtins.list[m.ProfileOutput]))

    async def create(self, **profile: Any) -> m.ProfileOutput:
        return await self._client.run(
            call("POST", "/v1/profiles", m.ProfileOutput, body=fields(profile))
        )

    async def get(self, profile_id: str) -> m.ProfileOutput:
        return await self._client.run(
            call("GET", f"/v1/profiles/{seg(profile_id)}", m.ProfileOutput)
        )

    async def update(self, profile_id: str, **changes: Any) -> m.ProfileOutput:
        """A merge patch: the fields given replace the stored ones (None sends null)."""
        path = f"/v1/profiles/{seg(profile_id)}"
        return await self._client.run(call("PATCH", path, m.ProfileOutput, body=changes))

    async def delete(self, profile_id: str) -> m.ProfileOutput:
        return await self._client.run(
            call("DELETE", f"/v1/profiles/{seg(profile_id)}", m.ProfileOutput)
        )


class Chat(_Namespace):
    async def start(
        self, vehicle_id: str, *, locale: str | None = None, profile_id: str | None = None
    ) -> m.Session:
        body = fields({"vehicle_id": vehicle_id, "locale": locale, "profile_id": profile_id})
        return await self._client.run(call("POST", "/v1/chat/sessions", m.Session, body=body))

    async def get(self, session_id: str) -> m.Session:
        path = f"/v1/chat/sessions/{seg(session_id)}"
        return await self._client.run(call("GET", path, m.Session))

    async def send(self, session_id: str, text: str) -> m.Turn:
        path = f"/v1/chat/sessions/{seg(session_id)}/messages"
        return await self._client.run(call("POST", path, m.Turn, body={"text": text}))

    async def stream(self, session_id: str, text: str) -> AsyncIterator[ChatEvent]:
        """The turn as typed events, from `turn.start` to `turn.end`, as they arrive."""
        path = f"/v1/chat/sessions/{seg(session_id)}/messages"
        headers = {"Accept": "text/event-stream"}
        async with self._client.http.stream(
            "POST", path, json={"text": text}, headers=headers
        ) as response:
            if response.is_error:
                await response.aread()
                raise error_for(response)
            async for event in achat_events(response.aiter_lines()):
                yield event


class Faults(_Namespace):
    async def get(self) -> m.FaultConfig:
        return await self._client.run(call("GET", "/v1/sim/faults", m.FaultConfig))

    async def put(self, rules: Sequence[Mapping[str, Any]]) -> m.FaultConfig:
        body = {"rules": [dict(rule) for rule in rules]}
        return await self._client.run(call("PUT", "/v1/sim/faults", m.FaultConfig, body=body))

    async def clear(self) -> None:
        await self._client.run(call("DELETE", "/v1/sim/faults", type(None)))


class Sim(_Namespace):
    def __init__(self, client: AsyncIncarClient) -> None:
        super().__init__(client)
        self.faults = Faults(client)

    async def scenarios(self) -> builtins.list[m.ScenarioInfo]:
        return await self._client.run(
            call("GET", "/v1/sim/scenarios", builtins.list[m.ScenarioInfo])
        )

    async def scenario(self, name: str) -> m.WorldState:
        body = {"scenario": name}
        return await self._client.run(call("POST", "/v1/sim/scenario", m.WorldState, body=body))

    async def current(self) -> m.WorldState:
        return await self._client.run(call("GET", "/v1/sim/scenario", m.WorldState))

    async def reset(self, to: ResetTarget = "scenario") -> m.WorldState:
        """Back to the current scenario's start, or (`"baseline"`) to a brand-new sandbox's."""
        return await self._client.run(call("POST", "/v1/sim/reset", m.WorldState, body={"to": to}))

    async def clock(
        self,
        *,
        set: datetime | str | None = None,
        advance_s: float | None = None,
        run: bool | None = None,
        speed: float | None = None,
    ) -> m.ClockState:
        """Move or read the clock: with no argument it only reads it."""
        return await self._client.run(ops.clock(set, advance_s, run, speed))

    async def settle(self) -> Settled:
        """Finish every pending command, advancing the clock exactly as far as that takes."""
        return await self._client.run(call("POST", "/v1/sim/settle", Settled))

    async def patch_state(self, vehicle_id: str, patch: Mapping[str, Any]) -> m.VehicleSnapshot:
        """A JSON merge patch of the car's state, e.g. `{"battery": {"soc_pct": 9}}`."""
        path = f"/v1/sim/vehicles/{seg(vehicle_id)}/state"
        return await self._client.run(call("PATCH", path, m.VehicleSnapshot, body=dict(patch)))


class Journal(_Namespace):
    async def entries(self, since: int = 0, limit: int = 100) -> builtins.list[m.JournalEntry]:
        return await self._client.run(ops.journal(since, limit))

    async def assert_called(
        self, method: str, path: str, *, times: int | None = None
    ) -> builtins.list[m.JournalEntry]:
        """The journal's calls matching `method` and `path` (`{placeholders}` match one path
        segment each); AssertionError listing every call when none match or not `times`."""
        entries = await self.entries(0, ops.JOURNAL_CAPACITY)
        return check_called(entries, method, path, times, self._client.sandbox)


class Sandboxes(_Namespace):
    async def list(self) -> builtins.list[m.SandboxInfo]:
        return await self._client.run(
            call("GET", "/v1/sim/sandboxes", builtins.list[m.SandboxInfo])
        )

    async def delete(self, name: str | None = None) -> None:
        """Delete a sandbox: this client's own unless `name` (another needs the admin token)."""
        path = f"/v1/sim/sandboxes/{seg(name or self._client.sandbox)}"
        await self._client.run(call("DELETE", path, type(None)))

    async def export(self, name: str | None = None) -> dict[str, Any]:
        """The sandbox's whole state as a JSON document, for `import_`."""
        return await self._client.run(ops.export(name or self._client.sandbox))

    async def import_(self, doc: Mapping[str, Any], name: str | None = None) -> m.WorldState:
        """Restore an exported document (a 422 `ValidationFailed` changes nothing)."""
        return await self._client.run(ops.import_(name or self._client.sandbox, doc))
