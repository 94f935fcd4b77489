"""An agent loop on the `openai` client, with incar-sim as both the model and the tools.

    python examples/openai_agent_loop.py "How much battery is left?"
    python examples/openai_agent_loop.py --yes "Lock the car"

1. fetch the tools, ready for `tools=`: GET /v1/agents?format=openai
2. send the driver's request to /compatible-mode/v1/chat/completions
3. run each tool call the model makes through incar-sim's MCP server (/mcp)
4. send the results back and print the model's final answer

A command that changes the car comes back from /mcp as "needs confirmation": the loop ends with
that question, or with --yes says yes for the driver (calls again with `confirm: true`).

Settings: --base-url or INCAR_BASE_URL (default http://127.0.0.1:8000), --sandbox or
INCAR_SANDBOX (default `example`), INCAR_API_KEY when the server sets INCAR_API_KEYS. The server
must already be running (`incar serve`); this script starts nothing. Exit 0 on success.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any

import httpx
import httpx2  # the HTTP client the MCP SDK runs on
import openai
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

# The model to ask for. Real Qwen names (qwen-plus) resolve to the same mock assistant on servers
# that have them; incar-auto works on every version.
MODEL = "qwen-plus"
MAX_ROUNDS = 5


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("request", nargs="?", default="How much battery is left?")
    parser.add_argument(
        "--base-url", default=os.environ.get("INCAR_BASE_URL", "http://127.0.0.1:8000")
    )
    parser.add_argument("--sandbox", default=os.environ.get("INCAR_SANDBOX", "example"))
    parser.add_argument("--locale", default="en", help="zh or en: tool descriptions and answers")
    parser.add_argument("--yes", action="store_true", help="confirm remote commands")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> str:
    base = args.base_url.rstrip("/")
    api_key = os.environ.get("INCAR_API_KEY", "no-key-needed")
    headers = {
        "X-Sandbox": args.sandbox,
        "Accept-Language": args.locale,
        "Authorization": f"Bearer {api_key}",
    }
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as rest:
        found = await rest.get("/v1/agents", params={"format": "openai", "locale": args.locale})
        found.raise_for_status()
        tools: list[Any] = found.json()
    print(f"tools: {', '.join(t['function']['name'] for t in tools)}")

    ai = openai.AsyncOpenAI(
        base_url=f"{base}/compatible-mode/v1",
        api_key=api_key,
        default_headers={"X-Sandbox": args.sandbox},
    )
    mcp_http = httpx2.AsyncClient(headers=headers, timeout=30)  # sandbox and key on each call
    messages: list[Any] = [{"role": "user", "content": args.request}]
    print(f"user: {args.request}")
    transport = streamable_http_client(f"{base}/mcp", http_client=mcp_http)
    async with ai, mcp_http, Client(transport) as mcp:
        for _ in range(MAX_ROUNDS):
            reply = await ai.chat.completions.create(
                model=MODEL, messages=messages, tools=tools, extra_body={"locale": args.locale}
            )
            message = reply.choices[0].message
            if not message.tool_calls:
                return message.content or ""
            messages.append(message.model_dump(exclude_none=True))
            for call in message.tool_calls:
                if call.type != "function":
                    continue
                arguments = json.loads(call.function.arguments or "{}")
                print(f"tool call: {call.function.name} {json.dumps(arguments)}")
                result = await mcp.call_tool(call.function.name, arguments)
                content = result.structured_content
                if isinstance(content, dict) and content.get("confirmation_required"):
                    question: str = result.content[0].text  # type: ignore[union-attr]
                    if not args.yes:
                        return question  # the driver answers in the next turn
                    print(f"assistant asks: {question}\ndriver: yes")
                    result = await mcp.call_tool(call.function.name, content["arguments"])
                    content = result.structured_content
                print(f"tool result: {result.content[0].text}")  # type: ignore[union-attr]
                messages.append(
                    {
                        "role": "tool",
                        "tool_call_id": call.id,
                        "content": json.dumps(content, ensure_ascii=False),
                    }
                )
    raise RuntimeError(f"no final answer after {MAX_ROUNDS} rounds")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    answer = asyncio.run(run(args))
    print(f"assistant: {answer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
