"""The MCP server: the agents' tools and two resources over streamable HTTP, on the official SDK.

Stateless, JSON answers: every POST to /mcp stands alone, so it belongs to the one sandbox its
`X-Sandbox` (or `?sandbox=`) names, like any other request, and SimMiddleware has already checked
its API key, applied its faults and resolved that sandbox before this runs. Tools, schemas and
descriptions come from the registry (agents/conversation/tool_specs.py); the language of
descriptions and speech from `Accept-Language`.

Imported only when /mcp is first used (app/mcp/__init__.py): the SDK takes longer to import than
the rest of the service.
"""

from __future__ import annotations

import json
import re
from typing import Any

import mcp_types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel.server import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from agents.conversation.tool_specs import (
    client_call,
    mcp_input_schema,
    mcp_output_schema,
    run_for_client,
    tool_named,
)
from agents.conversation.tools import TOOLS, ToolContext
from agents.errors import DomainError
from agents.locales import negotiate
from agents.sandbox import Sandbox
from agents.text import Locale
from app.routes.sim import ScenarioInfo
from app.runtime import Runtime
from app.snapshots import rendered_snapshot

SCENARIOS_URI = "incar://scenarios"
VEHICLE_URI_TEMPLATE = "incar://vehicles/{vehicle_id}"
_VEHICLE_URI = re.compile(r"incar://vehicles/(?P<vehicle_id>[^/?#]{1,64})")
# The MCP specification's code for a resource that does not exist.
RESOURCE_NOT_FOUND = -32002
JSON = "application/json"


def _request(ctx: ServerRequestContext[Any, Any]) -> Request:
    request = ctx.request
    assert isinstance(request, Request), "served over HTTP only"
    return request


def _sandbox(ctx: ServerRequestContext[Any, Any]) -> Sandbox:
    sandbox: Sandbox = _request(ctx).scope["state"]["sandbox"]
    return sandbox


def _locale(ctx: ServerRequestContext[Any, Any]) -> Locale:
    return negotiate(_request(ctx).headers.get("accept-language"))


def _jsonable(value: Any) -> Any:
    """Error details as plain JSON (pydantic's error contexts may hold exception objects)."""
    return json.loads(json.dumps(value, default=str))


def mcp_error(exc: DomainError, code: int = INVALID_PARAMS) -> MCPError:
    """A domain error as an MCP error: the stable `code`, both languages and the hint in data."""
    data: dict[str, Any] = {"code": exc.code, "message": exc.message.model_dump()}
    if exc.hint:
        data["hint"] = exc.hint
    for key in ("known", "errors"):
        if key in exc.extra:
            data[key] = _jsonable(exc.extra[key])
    return MCPError(code, exc.message.en, data)


def build_server(runtime: Runtime) -> Server[Any]:
    """The low-level Server: its handlers read the request's sandbox from the HTTP scope."""

    async def list_tools(
        ctx: ServerRequestContext[Any, Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        locale = _locale(ctx)
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=tool.name,
                    description=tool.description.pick(locale),
                    input_schema=mcp_input_schema(tool),
                    output_schema=mcp_output_schema(tool),
                    annotations=types.ToolAnnotations(
                        read_only_hint=not tool.side_effect,
                        destructive_hint=False,
                        open_world_hint=False,  # a simulated world, nothing outside it
                    ),
                )
                for tool in TOOLS.values()
            ]
        )

    async def call_tool(
        ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        tool = tool_named(params.name)
        if tool is None:
            raise MCPError(
                INVALID_PARAMS,
                f"Unknown tool '{params.name}'.",
                {"code": "TOOL_NOT_FOUND", "known": list(TOOLS)},
            )
        sandbox = _sandbox(ctx)
        try:
            call = client_call(tool, params.arguments)
            vehicle_id = call.vehicle_id or sandbox.world.focus_vehicle()
            sandbox.world.vehicle(vehicle_id)  # an unknown car is the caller's mistake
            context = ToolContext(sandbox, runtime.catalog, vehicle_id, locale=_locale(ctx))
            report = run_for_client(context, call)
        except DomainError as exc:
            raise mcp_error(exc) from None
        return types.CallToolResult(
            content=[types.TextContent(text=report.speech.pick(_locale(ctx)))],
            structured_content=report.structured,
            is_error=report.failed,
        )

    async def list_resources(
        ctx: ServerRequestContext[Any, Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        locale = _locale(ctx)
        world = _sandbox(ctx).world
        vehicles = [
            types.Resource(
                uri=VEHICLE_URI_TEMPLATE.format(vehicle_id=vehicle_id),
                name=vehicle_id,
                title=world.vehicles[vehicle_id].name.pick(locale),
                description="The car's snapshot, as GET /v1/vehicles/{vehicle_id} answers",
                mime_type=JSON,
            )
            for vehicle_id in sorted(world.vehicles)
        ]
        scenarios = types.Resource(
            uri=SCENARIOS_URI,
            name="scenarios",
            description="The scenarios to load (POST /v1/sim/scenario), as GET /v1/sim/scenarios",
            mime_type=JSON,
        )
        return types.ListResourcesResult(resources=[scenarios, *vehicles])

    async def list_resource_templates(
        _ctx: ServerRequestContext[Any, Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(
            resource_templates=[
                types.ResourceTemplate(
                    uri_template=VEHICLE_URI_TEMPLATE,
                    name="vehicle",
                    description="A car's snapshot, as GET /v1/vehicles/{vehicle_id} answers",
                    mime_type=JSON,
                )
            ]
        )

    async def read_resource(
        ctx: ServerRequestContext[Any, Any], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        if uri == SCENARIOS_URI:
            text = json.dumps(
                [
                    ScenarioInfo.model_validate(s, from_attributes=True).model_dump(mode="json")
                    for s in runtime.catalog.fleet.scenarios.values()
                ],
                ensure_ascii=False,
            )
        else:
            found = _VEHICLE_URI.fullmatch(uri)
            if found is None:
                raise MCPError(
                    RESOURCE_NOT_FOUND,
                    f"No resource '{uri[:200]}'.",
                    {"uri": uri[:200], "templates": [SCENARIOS_URI, VEHICLE_URI_TEMPLATE]},
                )
            try:
                body, _etag = rendered_snapshot(_sandbox(ctx), found["vehicle_id"])
            except DomainError as exc:
                code = RESOURCE_NOT_FOUND if exc.code == "VEHICLE_NOT_FOUND" else INVALID_PARAMS
                raise mcp_error(exc, code) from None
            text = body.decode()
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=uri, mime_type=JSON, text=text)]
        )

    return Server(
        "incar-sim",
        version="0.1.0",
        title="incar-sim: Car Genius and Travel Companion",
        instructions=(
            "A simulated car and its assistants. Tools act on the sandbox named by X-Sandbox; "
            "send_remote_command sends nothing until called with confirm: true."
        ),
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_list_resource_templates=list_resource_templates,
        on_read_resource=read_resource,
    )


class MCPEndpoint:
    """POST /mcp. A stateless manager per request: no session outlives its request, and the
    manager's task group is the request's own, so nothing needs the app's lifespan."""

    def __init__(self, runtime: Runtime) -> None:
        self.server = build_server(runtime)
        self.max_body_bytes = runtime.settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        manager = StreamableHTTPSessionManager(
            app=self.server,
            json_response=True,
            stateless=True,
            max_request_body_size=self.max_body_bytes,
        )
        async with manager.run():
            await manager.handle_request(scope, receive, send)
