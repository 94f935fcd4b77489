"""Problems as exceptions: every non-2xx answer raises an `IncarError` subclass by status."""

from __future__ import annotations

from typing import Any

import httpx


class IncarError(Exception):
    """An answer outside 2xx. `code` is the stable machine code (branch on it), `message` the
    bilingual `{"zh", "en"}` text for the driver, `problem` the whole problem+json body."""

    def __init__(
        self,
        status: int,
        code: str | None,
        message: dict[str, str] | None,
        problem: dict[str, Any] | None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.problem = problem
        detail = (problem or {}).get("detail") or (message or {}).get("en") or ""
        super().__init__(f"{status} {code or 'error'}: {detail}".rstrip(": "))


class Unauthorized(IncarError):
    """401: the API key is missing or wrong."""


class Forbidden(IncarError):
    """403: e.g. another tester's sandbox without the admin token."""


class NotFound(IncarError):
    """404: no such vehicle, trip, session, sandbox..."""


class Conflict(IncarError):
    """409: the request contradicts the current state."""


class ValidationFailed(IncarError):
    """422: the request names the first bad field in `problem["errors"]`."""


class RateLimited(IncarError):
    """429: a store is full; `retry_after` holds the `Retry-After` seconds when given."""

    retry_after: float | None = None


class ServerError(IncarError):
    """5xx, including injected faults (`X-Sim-Fault`)."""


_BY_STATUS: dict[int, type[IncarError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: ValidationFailed,
    429: RateLimited,
}


def error_for(response: httpx.Response) -> IncarError:
    """The exception for a non-2xx answer whose body has been read."""
    problem = _json_object(response)
    code = problem.get("code") if problem else None
    message = problem.get("message") if problem else None
    kind = _BY_STATUS.get(response.status_code)
    if kind is None:
        kind = ServerError if response.status_code >= 500 else IncarError
    error = kind(
        response.status_code,
        code if isinstance(code, str) else None,
        message if isinstance(message, dict) else None,
        problem,
    )
    if isinstance(error, RateLimited):
        error.retry_after = _seconds(response.headers.get("Retry-After"))
    return error


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:  # not JSON, e.g. a proxy's HTML page
        return None
    return body if isinstance(body, dict) else None


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:  # an HTTP date: the server never sends one
        return None
