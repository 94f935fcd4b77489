"""The API surfaces and the error shape each speaks.

`/v1` answers RFC 9457 problem details; `/compatible-mode` answers OpenAI's error object (which
the openai client parses), `/api` DashScope's `{code, message, request_id}`, `/mcp` a JSON-RPC
error (which the MCP SDK's client raises as `MCPError`). Errors raised before
a route runs (authentication, malformed headers, unknown paths) are shaped here, by path, so a
client always gets the shape its SDK understands.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from agents.errors import DomainError
from agents.text import Bilingual, bi
from app.problems import (
    MALFORMED_JSON_HINT,
    MALFORMED_JSON_MESSAGE,
    STATUS_OF_KIND,
    from_domain,
    problem,
    with_retry_after,
)

V1 = "/v1/"
OPENAI = "/compatible-mode/"
DASHSCOPE = "/api/"
MCP = "/mcp"
API_PREFIXES = (V1, OPENAI, DASHSCOPE)

# OpenAI's `code` and DashScope's `code` for our stable problem codes.
_OPENAI_CODES = {
    "UNAUTHORIZED": "invalid_api_key",
    "NOT_FOUND": "unknown_url",
    "RATE_LIMITED": "rate_limit_exceeded",
}
_DASHSCOPE_CODES = {
    "UNAUTHORIZED": "InvalidApiKey",
    "NOT_FOUND": "InvalidURL",
    "METHOD_NOT_ALLOWED": "InvalidURL",
    "PAYLOAD_TOO_LARGE": "InvalidParameter",
    "INVALID_SIM_HEADER": "InvalidParameter",
    "INVALID_SANDBOX": "InvalidParameter",
    "SANDBOX_CONFLICT": "InvalidParameter",
    "SANDBOX_LIMIT": "Throttling.RateQuota",
    "RATE_LIMITED": "Throttling.RateQuota",
    "SIMULATED_FAULT": "InternalError",
    "INTERNAL": "InternalError",
    "SERVICE_UNAVAILABLE": "ServiceUnavailable",
    "GATEWAY_TIMEOUT": "RequestTimeOut",
}


def openai_error_type(status: int, code: str) -> str:
    """OpenAI's error `type` (the openai client picks its exception by status): a rate limit is
    `requests`, as OpenAI's own request-rate limit."""
    if code == "RATE_LIMITED":
        return "requests"
    return "invalid_request_error" if status < 500 else "server_error"


def dashscope_code(code: str, status: int) -> str:
    """DashScope's `code` for one of our stable problem codes."""
    return _DASHSCOPE_CODES.get(code, "InvalidParameter" if status < 500 else "InternalError")


# JSON-RPC error codes (the MCP SDK's client raises the error a non-2xx JSON body carries).
_JSONRPC_INVALID_REQUEST = -32600
_JSONRPC_INTERNAL_ERROR = -32603


def is_mcp_path(path: str) -> bool:
    return path == MCP or path.startswith(MCP + "/")


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES) or is_mcp_path(path)


def error_response(
    path: str,
    status: int,
    code: str,
    detail: str,
    *,
    message: Bilingual,
    hint: str | None = None,
    resolution: str | None = None,
    headers: dict[str, str] | None = None,
    request_id: str | None = None,
) -> Response:
    """An error in the shape of the surface `path` belongs to (`message`, for the driver, is
    in /v1's problem details; every surface sends `Retry-After` with a 429 or 503)."""
    headers = with_retry_after(status, headers)
    if path.startswith(OPENAI):
        body = {
            "error": {
                "message": detail,
                "type": openai_error_type(status, code),
                "param": None,
                "code": _OPENAI_CODES.get(code, code.lower()),
            }
        }
        return JSONResponse(body, status_code=status, headers=headers)
    if path.startswith(DASHSCOPE):
        body_ds = {
            "code": dashscope_code(code, status),
            "message": detail,
            "request_id": request_id or "",
        }
        return JSONResponse(body_ds, status_code=status, headers=headers)
    if is_mcp_path(path):
        data: dict[str, object] = {"code": code, "status": status, "message": message.model_dump()}
        if hint:
            data["hint"] = hint
        error = {
            "code": _JSONRPC_INVALID_REQUEST if status < 500 else _JSONRPC_INTERNAL_ERROR,
            "message": detail,
            "data": data,
        }
        body_rpc = {"jsonrpc": "2.0", "id": None, "error": error}
        return JSONResponse(body_rpc, status_code=status, headers=headers)
    return problem(
        status, code, detail, message=message, hint=hint, resolution=resolution, headers=headers
    )


def domain_error_response(path: str, exc: DomainError, request_id: str | None = None) -> Response:
    """A domain error raised before any route ran (a sandbox cap, say), shaped for `path`."""
    return error_response(
        path,
        STATUS_OF_KIND[exc.kind],
        exc.code,
        exc.message.en,
        message=exc.message,
        hint=exc.hint,
        resolution=exc.resolution,
        request_id=request_id,
    )


_HTTP_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE"}
_HTTP_MESSAGES = {
    404: bi("找不到请求的内容。", "Not found."),
    405: bi("不支持这种请求方法。", "That method is not allowed here."),
    413: bi("请求内容过大。", "The request is too large."),
}
_REQUEST_REFUSED = bi("请求无法处理。", "The request could not be handled.")
_UNEXPECTED = bi("服务出错了，请稍后再试。", "Something went wrong; try again later.")


def _request_id(request: Request) -> str | None:
    request_id: str | None = request.scope.get("state", {}).get("request_id")
    return request_id


async def _on_http(request: Request, exc: Exception) -> Response:
    """Starlette's own HTTP errors (a body cut off by `max_body_size`, a static file that isn't
    there) in the shape of the surface they happened on."""
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else "Error"
    if status == 400 and isinstance(exc.__cause__, RecursionError | ValueError):
        # FastAPI's own body parsing failed: JSON nested too deep to parse, or not UTF-8.
        return error_response(
            request.url.path,
            400,
            "MALFORMED_JSON",
            "The request body is not valid JSON.",
            message=MALFORMED_JSON_MESSAGE,
            hint=MALFORMED_JSON_HINT,
            request_id=_request_id(request),
        )
    return error_response(
        request.url.path,
        status,
        _HTTP_CODES.get(status, "HTTP_ERROR"),
        detail,
        message=_HTTP_MESSAGES.get(status, _REQUEST_REFUSED),
        headers=getattr(exc, "headers", None),
        request_id=_request_id(request),
    )


async def _on_domain(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    path = request.url.path
    if path.startswith((OPENAI, DASHSCOPE)):
        return domain_error_response(path, exc, _request_id(request))
    return from_domain(exc)  # with the problem's `errors` and `known`


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    return error_response(
        request.url.path,
        500,
        "INTERNAL",
        "Unexpected error in the simulator.",
        message=_UNEXPECTED,
        hint=type(exc).__name__,
        request_id=_request_id(request),
    )


def install(app: FastAPI) -> None:
    """Errors that can happen on any surface, answered in that surface's shape (problems.install
    adds the validation errors, which only /v1's declared parameters raise)."""
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(DomainError, _on_domain)
    app.add_exception_handler(Exception, _on_unexpected)
