"""`IncarClient`: the synchronous client, one namespace per API area."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from incar_client import _ops as ops
from incar_client import models as m
from incar_client._ops import Call, ResetTarget, Settled, call, fields, seg
from incar_client.errors import error_for
from incar_client.events import ChatEvent, chat_events
from incar_client.journal import check_called

T = TypeVar("T")


def client_headers(sandbox: str, api_key: str | None) -> dict[str, str]:
    headers = {"X-Sandbox": sandbox}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    return headers


def answer_of(c: Call[T], response: httpx.Response) -> T:
    if response.is_error:
        raise error_for(response)
    if response.status_code == 204 or not response.content:
        return c.answer.validate_python(None)
    return c.answer.validate_json(response.content)


class IncarClient:
    """A client for one sandbox. `http` is the underlying `httpx.Client` (base URL, `X-Sandbox`
    and the API key set) for calls the namespaces do not cover."""

    def __init__(
        self,
        base_url: str,
        *,
        sandbox: str | None = None,
        api_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.sandbox: str = sandbox or "default"
        self.http = httpx.Client(
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

    def run(self, c: Call[T]) -> T:
        """Send one operation and return its typed answer (an `IncarError` for non-2xx)."""
        body = {"json": c.body} if c.has_body else {}
        response = self.http.request(c.method, c.path, params=c.params, **body)
        return answer_of(c, response)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _Namespace:
    def __init__(self, client: IncarClient) -> None:
        self._client = client


class Vehicles(_Namespace):
    def list(self) -> builtins.list[m.VehicleSummary]:
        return self._client.run(call("GET", "/v1/vehicles", builtins.list[m.VehicleSummary]))

    def get(self, vehicle_id: str) -> m.VehicleSnapshot:
        return self._client.run(call("GET", f"/v1/vehicles/{seg(vehicle_id)}", m.VehicleSnapshot))

    def battery(self, vehicle_id: str) -> m.ReadingBattery:
        return self._client.run(ops.reading(vehicle_id, "battery", m.ReadingBattery))

    def fuel(self, vehicle_id: str) -> m.ReadingFuel:
        return self._client.run(ops.reading(vehicle_id, "fuel", m.ReadingFuel))

    def charge(self, vehicle_id: str) -> m.ReadingCharging:
        return self._client.run(ops.reading(vehicle_id, "charge", m.ReadingCharging))

    def tires(self, vehicle_id: str) -> m.ReadingTires:
        return self._client.run(ops.reading(vehicle_id, "tires", m.ReadingTires))

    def security(self, vehicle_id: str) -> m.ReadingSecurity:
        return self._client.run(ops.reading(vehicle_id, "security", m.ReadingSecurity))

    def climate(self, vehicle_id: str) -> m.ReadingClimate:
        return self._client.run(ops.reading(vehicle_id, "climate", m.ReadingClimate))

    def location(self, vehicle_id: str) -> m.ReadingLocation:
        return self._client.run(ops.reading(vehicle_id, "location", m.ReadingLocation))

    def odometer(self, vehicle_id: str) -> m.ReadingOdometerData:
        return self._client.run(ops.reading(vehicle_id, "odometer", m.ReadingOdometerData))

    def service(self, vehicle_id: str) -> m.ReadingServiceData:
        return self._client.run(ops.reading(vehicle_id, "service", m.ReadingServiceData))

    def check_control(self, vehicle_id: str) -> m.ReadingCheckControlData:
        return self._client.run(ops.reading(vehicle_id, "check-control", m.ReadingCheckControlData))

    def alerts(self, vehicle_id: str) -> m.ReadingListAlert:
        return self._client.run(ops.reading(vehicle_id, "alerts", m.ReadingListAlert))

    def signals(
        self, vehicle_id: str, paths: Sequence[str] | None = None
    ) -> builtins.list[m.Signal]:
        return self._client.run(ops.signals(vehicle_id, paths))


class Commands(_Namespace):
    def send(
        self, vehicle_id: str, command: str | Mapping[str, Any], **params: Any
    ) -> m.CommandAccepted:
        """`send("ix3-shanghai", "set_temperature", target_temp_c=21)`, or a whole body dict."""
        return self._client.run(ops.send_command(vehicle_id, command, params))

    def list(self, vehicle_id: str) -> builtins.list[m.Command]:
        path = f"/v1/vehicles/{seg(vehicle_id)}/commands"
        return self._client.run(call("GET", path, builtins.list[m.Command]))

    def get(self, vehicle_id: str, command_id: str) -> m.Command:
        path = f"/v1/vehicles/{seg(vehicle_id)}/commands/{seg(command_id)}"
        return self._client.run(call("GET", path, m.Command))


class Keys(_Namespace):
    def list(self, vehicle_id: str) -> builtins.list[m.DigitalKey]:
        path = f"/v1/vehicles/{seg(vehicle_id)}/keys"
        return self._client.run(call("GET", path, builtins.list[m.DigitalKey]))

    def share(
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
        return self._client.run(call("POST", path, m.DigitalKey, body=body))

    def revoke(self, vehicle_id: str, key_id: str) -> m.DigitalKey:
        path = f"/v1/vehicles/{seg(vehicle_id)}/keys/{seg(key_id)}"
        return self._client.run(call("DELETE", path, m.DigitalKey))


class CarGenius(_Namespace):
    def briefing(self, vehicle_id: str) -> m.Briefing:
        path = f"/v1/car-genius/{seg(vehicle_id)}/briefing"
        return self._client.run(call("GET", path, m.Briefing))

    def warning_lights(self, **filters: Any) -> builtins.list[m.WarningLight]:
        """Filters: `q`, `color`, `severity`, `system`."""
        path = "/v1/car-genius/warning-lights"
        return self._client.run(call("GET", path, builtins.list[m.WarningLight], params=filters))

    def warning_light(self, light_id: str) -> m.WarningLight:
        path = f"/v1/car-genius/warning-lights/{seg(light_id)}"
        return self._client.run(call("GET", path, m.WarningLight))


class Trips(_Namespace):
    def plan(
        self, vehicle_id: str, destination: str | Mapping[str, float], **options: Any
    ) -> m.Trip:
        """Options as in `TripPlanRequest`: `profile_id`, `departure_at`, `start_soc_pct`..."""
        body = fields({"vehicle_id": vehicle_id, "destination": destination, **options})
        return self._client.run(call("POST", "/v1/trips/plan", m.Trip, body=body))

    def list(self, vehicle_id: str | None = None) -> builtins.list[m.Trip]:
        query = {"vehicle_id": vehicle_id}
        return self._client.run(call("GET", "/v1/trips", builtins.list[m.Trip], params=query))

    def get(self, trip_id: str) -> m.Trip:
        return self._client.run(call("GET", f"/v1/trips/{seg(trip_id)}", m.Trip))

    def start(self, trip_id: str) -> m.Trip:
        return self._client.run(call("POST", f"/v1/trips/{seg(trip_id)}/start", m.Trip))

    def replan(self, trip_id: str) -> m.Trip:
        return self._client.run(call("POST", f"/v1/trips/{seg(trip_id)}/replan", m.Trip))


class Chargers(_Namespace):
    def search(self, **query: Any) -> builtins.list[m.ChargerMatch]:
        """`lat`+`lon` or `trip_id`, with `radius_km`, `corridor_km`, `min_power_kw`,
        `connector`, `limit`."""
        return self._client.run(
            call("GET", "/v1/chargers", builtins.list[m.ChargerMatch], params=query)
        )


class Dining(_Namespace):
    def search(self, **query: Any) -> m.DiningResults:
        """`lat`+`lon` or `trip_id` (and `stop_index`), with the filters of `/v1/dining/search`."""
        path = "/v1/dining/search"
        return self._client.run(call("GET", path, m.DiningResults, params=query))


class Profiles(_Namespace):
    def list(self) -> builtins.list[m.ProfileOutput]:
        return self._client.run(call("GET", "/v1/profiles", builtins.list[m.ProfileOutput]))

    def create(self, **profile: Any) -> m.ProfileOutput:
        return self._client.run(call("POST", "/v1/profiles", m.ProfileOutput, body=fields(profile)))

    def get(self, profile_id: str) -> m.ProfileOutput:
        return self._client.run(call("GET", f"/v1/profiles/{seg(profile_id)}", m.ProfileOutput))

    def update(self, profile_id: str, **changes: Any) -> m.ProfileOutput:
        """A merge patch: the fields given replace the stored ones (None sends null)."""
        path = f"/v1/profiles/{seg(profile_id)}"
        return self._client.run(call("PATCH", path, m.ProfileOutput, body=changes))

    def delete(self, profile_id: str) -> m.ProfileOutput:
        return self._client.run(call("DELETE", f"/v1/profiles/{seg(profile_id)}", m.ProfileOutput))


class Chat(_Namespace):
    def start(
        self, vehicle_id: str, *, locale: str | None = None, profile_id: str | None = None
    ) -> m.Session:
        body = fields({"vehicle_id": vehicle_id, "locale": locale, "profile_id": profile_id})
        return self._client.run(call("POST", "/v1/chat/sessions", m.Session, body=body))

    def get(self, session_id: str) -> m.Session:
        path = f"/v1/chat/sessions/{seg(session_id)}"
        return self._client.run(call("GET", path, m.Session))

    def send(self, session_id: str, text: str) -> m.Turn:
        path = f"/v1/chat/sessions/{seg(session_id)}/messages"
        return self._client.run(call("POST", path, m.Turn, body={"text": text}))

    def stream(self, session_id: str, text: str) -> Iterator[ChatEvent]:
        """The turn as typed events, from `turn.start` to `turn.end`, as they arrive."""
        path = f"/v1/chat/sessions/{seg(session_id)}/messages"
        headers = {"Accept": "text/event-stream"}
        with self._client.http.stream(
            "POST", path, json={"text": text}, headers=headers
        ) as response:
            if response.is_error:
                response.read()
                raise error_for(response)
            yield from chat_events(response.iter_lines())


class Faults(_Namespace):
    def get(self) -> m.FaultConfig:
        return self._client.run(call("GET", "/v1/sim/faults", m.FaultConfig))

    def put(self, rules: Sequence[Mapping[str, Any]]) -> m.FaultConfig:
        body = {"rules": [dict(rule) for rule in rules]}
        return self._client.run(call("PUT", "/v1/sim/faults", m.FaultConfig, body=body))

    def clear(self) -> None:
        self._client.run(call("DELETE", "/v1/sim/faults", type(None)))


class Sim(_Namespace):
    def __init__(self, client: IncarClient) -> None:
        super().__init__(client)
        self.faults = Faults(client)

    def scenarios(self) -> builtins.list[m.ScenarioInfo]:
        return self._client.run(call("GET", "/v1/sim/scenarios", builtins.list[m.ScenarioInfo]))

    def scenario(self, name: str) -> m.WorldState:
        body = {"scenario": name}
        return self._client.run(call("POST", "/v1/sim/scenario", m.WorldState, body=body))

    def current(self) -> m.WorldState:
        return self._client.run(call("GET", "/v1/sim/scenario", m.WorldState))

    def reset(self, to: ResetTarget = "scenario") -> m.WorldState:
        """Back to the current scenario's start, or (`"baseline"`) to a brand-new sandbox's."""
        return self._client.run(call("POST", "/v1/sim/reset", m.WorldState, body={"to": to}))

    def clock(
        self,
        *,
        set: datetime | str | None = None,
        advance_s: float | None = None,
        run: bool | None = None,
        speed: float | None = None,
    ) -> m.ClockState:
        """Move or read the clock: with no argument it only reads it."""
        return self._client.run(ops.clock(set, advance_s, run, speed))

    def settle(self) -> Settled:
        """Finish every pending command, advancing the clock exactly as far as that takes."""
        return self._client.run(call("POST", "/v1/sim/settle", Settled))

    def patch_state(self, vehicle_id: str, patch: Mapping[str, Any]) -> m.VehicleSnapshot:
        """A JSON merge patch of the car's state, e.g. `{"battery": {"soc_pct": 9}}`."""
        path = f"/v1/sim/vehicles/{seg(vehicle_id)}/state"
        return self._client.run(call("PATCH", path, m.VehicleSnapshot, body=dict(patch)))


class Journal(_Namespace):
    def entries(self, since: int = 0, limit: int = 100) -> builtins.list[m.JournalEntry]:
        return self._client.run(ops.journal(since, limit))

    def assert_called(
        self, method: str, path: str, *, times: int | None = None
    ) -> builtins.list[m.JournalEntry]:
        """The journal's calls matching `method` and `path` (`{placeholders}` match one path
        segment each); AssertionError listing every call when none match or not `times`."""
        entries = self.entries(0, ops.JOURNAL_CAPACITY)
        return check_called(entries, method, path, times, self._client.sandbox)


class Sandboxes(_Namespace):
    def list(self) -> builtins.list[m.SandboxInfo]:
        return self._client.run(call("GET", "/v1/sim/sandboxes", builtins.list[m.SandboxInfo]))

    def delete(self, name: str | None = None) -> None:
        """Delete a sandbox: this client's own unless `name` (another needs the admin token)."""
        path = f"/v1/sim/sandboxes/{seg(name or self._client.sandbox)}"
        self._client.run(call("DELETE", path, type(None)))

    def export(self, name: str | None = None) -> dict[str, Any]:
        """The sandbox's whole state as a JSON document, for `import_`."""
        return self._client.run(ops.export(name or self._client.sandbox))

    def import_(self, doc: Mapping[str, Any], name: str | None = None) -> m.WorldState:
        """Restore an exported document (a 422 `ValidationFailed` changes nothing)."""
        return self._client.run(ops.import_(name or self._client.sandbox, doc))
