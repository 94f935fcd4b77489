"""Unknown paths under the API prefixes answer in the API's own error shape.

The console is mounted at `/` and would otherwise claim every path the routes don't: a POST to a
mistyped API path got the static files' `405 Allow: GET, HEAD`. These catch-all routes sit between
the API and the console: a path no route knows is a 404, a known path with the wrong method is a
405 naming the methods it does take.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount, Route

from agents.text import bi
from app.head import is_head
from app.surfaces import error_response

PREFIXES = ("/v1", "/compatible-mode", "/api", "/mcp")
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# The methods routes declare; HEAD goes wherever GET does (app/head.py).
ROUTE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def routes() -> list[BaseRoute]:
    return [
        route
        for prefix in PREFIXES
        for route in (
            Route(prefix, _unmatched, methods=METHODS, include_in_schema=False),
            Route(prefix + "/{rest:path}", _unmatched, methods=METHODS, include_in_schema=False),
        )
    ]


async def _unmatched(request: Request) -> Response:
    path = request.url.path
    allowed = _methods_for(request, path)
    request_id = request.scope.get("state", {}).get("request_id")
    method = "HEAD" if is_head(request.scope) else request.method
    if allowed:
        return error_response(
            path,
            405,
            "METHOD_NOT_ALLOWED",
            f"{method} is not allowed on {path}; use {', '.join(allowed)}.",
            message=bi("不支持这种请求方法。", "That method is not allowed here."),
            headers={"Allow": ", ".join(allowed)},
            request_id=request_id,
        )
    return error_response(
        path,
        404,
        "NOT_FOUND",
        f"No API operation at {path}.",
        message=bi("找不到这个接口。", "There is no such API endpoint."),
        hint="See /docs for the operations (OpenAPI at /openapi.json).",
        request_id=request_id,
    )


def _methods_for(request: Request, path: str) -> list[str]:
    """The methods the app's real routes take on this path (asked of the router itself, since
    included routers keep their routes to themselves), and HEAD wherever GET."""
    found: list[str] = []
    for method in ROUTE_METHODS:
        scope = {**request.scope, "method": method, "path": path}
        for route in request.app.router.routes:
            if isinstance(route, Mount) or getattr(route, "endpoint", None) is _unmatched:
                continue
            if route.matches(scope)[0] is Match.FULL:
                found += ["GET", "HEAD"] if method == "GET" else [method]
                break
    return found
