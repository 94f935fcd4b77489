"""Serialise a vehicle's snapshot once per state change, not once per request.

Polling UIs hit `GET /v1/vehicles/{id}` constantly; between changes the bytes and the ETag are
reused, and `If-None-Match` answers 304 without a body.
"""

from __future__ import annotations

import hashlib

from pydantic import TypeAdapter
from starlette.requests import Request
from starlette.responses import Response

from agents.sandbox import Sandbox
from agents.world.views import VehicleSnapshot, snapshot

_SNAPSHOT = TypeAdapter(VehicleSnapshot)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def rendered_snapshot(sandbox: Sandbox, vehicle_id: str) -> tuple[bytes, str]:
    world = sandbox.world
    now = world.sync()
    key = (world.version, now)
    cached = sandbox.rendered.get(vehicle_id)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    body = _SNAPSHOT.dump_json(snapshot(world.awake_vehicle(vehicle_id), now))
    etag = etag_of(body)
    sandbox.rendered[vehicle_id] = (key, body, etag)
    return body, etag


def conditional(request: Request, body: bytes, etag: str) -> Response:
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
