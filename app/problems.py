"""RFC 9457 problem details: the one error shape, and the single place errors become HTTP."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from agents.errors import DomainError, ErrorKind
from agents.text import Bilingual, bi

PROBLEM_TYPE_BASE = "https://incar-sim.dev/problems/"
MEDIA_TYPE = "application/problem+json"
# Seconds a client should wait before trying a 429 or 503 again. Sandboxes idle out and stores
# make room as items finish, so a retry can succeed; clients that honour the header (the openai
# client does) wait this long rather than hammering the server.
RETRY_AFTER_S = 5

STATUS_OF_KIND: dict[ErrorKind, int] = {
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.ASLEEP: 408,
    ErrorKind.NOT_CAPABLE: 501,
    ErrorKind.INVALID: 422,
    ErrorKind.LIMIT: 429,
    ErrorKind.FORBIDDEN: 403,
}
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Vehicle Asleep",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


# Every stable `code` a problem can carry, for clients to branch on (the OpenAPI enum).
PROBLEM_CODES = (
    "ACTION_NOT_FOUND",
    "ADMIN_REQUIRED",
    "CHARGE_LIMIT_REACHED",
    "CHARGING_IN_PROGRESS",
    "CHARGING_PLUG_NOT_CONNECTED",
    "CLOCK_OUT_OF_RANGE",
    "COMMAND_LIMIT",
    "COMMAND_NOT_FOUND",
    "DEMO_NOT_FOUND",
    "DOOR_OPEN",
    "EVENT_NOT_FOUND",
    "GATEWAY_TIMEOUT",
    "HTTP_ERROR",
    "INTERNAL",
    "INVALID",
    "INVALID_HEADER",
    "INVALID_QUERY",
    "INVALID_SANDBOX",
    "INVALID_SIM_HEADER",
    "IN_MOTION",
    "KEY_LIMIT",
    "KEY_NOT_FOUND",
    "KEY_WINDOW_ENDED",
    "LOCATION_UNKNOWN",
    "MALFORMED_JSON",
    "METHOD_NOT_ALLOWED",
    "NOT_CAPABLE",
    "NOT_CHARGING",
    "NOT_FOUND",
    "NOT_YOUR_SANDBOX",
    "NO_ACTIVE_TRIP",
    "NO_CHARGING_STOP",
    "NO_ROUTE",
    "OUTSIDE_ROAD_NETWORK",
    "ORIGIN_NOT_ALLOWED",
    "OWNER_KEY",
    "PAYLOAD_TOO_LARGE",
    "PLACE_NOT_FOUND",
    "PROFILE_LIMIT",
    "PROFILE_NOT_FOUND",
    "RATE_LIMITED",
    "SANDBOX_CONFLICT",
    "SANDBOX_LIMIT",
    "SANDBOX_NOT_FOUND",
    "SCENARIO_NOT_FOUND",
    "SEAT_EMPTY",
    "SERVICE_UNAVAILABLE",
    "SESSION_NOT_FOUND",
    "SIMULATED_FAULT",
    "SPEED_TOO_HIGH",
    "TRIP_INFEASIBLE",
    "TRIP_LIMIT",
    "TRIP_NOT_ACTIVE",
    "TRIP_NOT_FOUND",
    "TRIP_NOT_STARTABLE",
    "TRIP_STALE",
    "UNAUTHORIZED",
    "UNSUPPORTED_LOCALE",
    "VALIDATION_ERROR",
    "VEHICLE_ASLEEP",
    "VEHICLE_NOT_FOUND",
    "WARNING_LIGHT_NOT_FOUND",
)


class Problem(BaseModel):
    """The error body of every endpoint (`application/problem+json`)."""

    type: str = Field(
        description="A URI naming the problem: the base URI and `code` in kebab case",
        examples=[PROBLEM_TYPE_BASE + "vehicle-not-found"],
    )
    title: str = Field(description="The status' phrase", examples=["Not Found"])
    status: int = Field(ge=400, le=599, description="The HTTP status", examples=[404])
    detail: str = Field(
        description="What went wrong, for the developer", examples=["No vehicle 'ix9'"]
    )
    code: str = Field(
        description="Stable machine code: branch on this, not on `detail` or `title`",
        examples=["VEHICLE_NOT_FOUND"],
        # Documented as an enum, not validated as one: a code missing here must not turn an
        # error into a crash. tests/app/test_problem_codes.py keeps the list complete.
        json_schema_extra={"enum": list(PROBLEM_CODES)},
    )
    message: Bilingual | None = Field(default=None, description="Ready-made text for the driver")
    hint: str | None = Field(
        default=None,
        description="How to fix the request",
        examples=["Known vehicle ids: i5-hangzhou, ..."],
    )
    resolution: str | None = Field(
        default=None,
        description="What the client can do about it (Smartcar style)",
        examples=["WAKE_VEHICLE"],
    )
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Validation errors: `loc`, `msg` and `type` of each"
    )
    known: list[str] | None = Field(
        default=None, description="The ids that do exist, when one was not found"
    )


def with_retry_after(status: int, headers: dict[str, str] | None) -> dict[str, str] | None:
    """The headers, with `Retry-After` on a 429 or 503 (every surface sends it on both)."""
    if status not in (429, 503) or any(k.lower() == "retry-after" for k in headers or {}):
        return headers
    return {**(headers or {}), "Retry-After": str(RETRY_AFTER_S)}


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    message: Bilingual,
    hint: str | None = None,
    resolution: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    known: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_TYPE_BASE + code.lower().replace("_", "-"),
        title=TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        code=code,
        message=message,
        hint=hint,
        resolution=resolution,
        errors=errors,
        known=known,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=with_retry_after(status, headers),
    )


def from_domain(exc: DomainError) -> JSONResponse:
    extra = dict(exc.extra)
    return problem(
        STATUS_OF_KIND[exc.kind],
        exc.code,
        exc.message.en,
        message=exc.message,
        hint=exc.hint,
        resolution=exc.resolution,
        errors=extra.pop("errors", None),
        known=extra.pop("known", None),
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    # A lone surrogate escape ("\ud800") is JSON no UTF-8 parser can read: malformed too.
    if any(e["type"] in ("json_invalid", "string_unicode") for e in errors):
        return malformed_json(errors)
    # A validator may say how to fix the value (agents/locales.py lists the supported tags).
    hints = (e.get("ctx", {}).get("hint") for e in exc.errors())
    return invalid(errors, hint=next((h for h in hints if isinstance(h, str)), None))


async def _on_model_validation(_: Request, exc: Exception) -> JSONResponse:
    """A model built inside a handler from valid-looking input still failed validation."""
    assert isinstance(exc, ValidationError)
    return invalid(
        [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    )


# Where a request's value came from; the driver-facing message names the field, not these.
_LOCATIONS = ("body", "query", "path", "header", "cookie")


def invalid(errors: list[dict[str, Any]], hint: str | None = None) -> JSONResponse:
    """422 `VALIDATION_ERROR`: every error in `errors`; `detail` and `message` name the first."""
    first = errors[0] if errors else {"loc": [], "msg": "invalid"}
    loc = [str(p) for p in first["loc"]]
    where = ".".join(loc)
    field = ".".join(loc[1:] if len(loc) > 1 and loc[0] in _LOCATIONS else loc) or "body"
    return problem(
        422,
        "VALIDATION_ERROR",
        f"{where}: {first['msg']}" if where else str(first["msg"]),
        message=bi(f"请求参数无效：{field}", f"Invalid request: {field}"),
        hint=hint,
        errors=errors,
    )


MALFORMED_JSON_HINT = (
    "Send a JSON document with Content-Type: application/json, in UTF-8, nested at most a few "
    "hundred levels deep, with no unpaired surrogate escapes (\\ud800-\\udfff)."
)


MALFORMED_JSON_MESSAGE = bi("请求内容不是有效的 JSON。", "The request body is not valid JSON.")


def malformed_json(errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    return problem(
        400,
        "MALFORMED_JSON",
        "The request body is not valid JSON.",
        message=MALFORMED_JSON_MESSAGE,
        errors=errors,
        hint=MALFORMED_JSON_HINT,
    )


def install(app: FastAPI) -> None:
    """The handlers that only ever answer problem details. app/surfaces.py adds those that
    answer in the shape of the surface the error happened on (HTTP errors, domain errors,
    crashes)."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(ValidationError, _on_model_validation)


# For `responses=` on routes: the statuses a route's own logic answers. app/openapi.py adds the
# ones every route shares (malformed JSON, validation, the middleware's) and the Problem schema.
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        s: {"model": Problem, "description": TITLES.get(s, "Error"), "content": {MEDIA_TYPE: {}}}
        for s in statuses
    }
