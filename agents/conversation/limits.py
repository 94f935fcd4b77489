"""What one conversation request may carry: the same maximums on every surface that talks to the
agents (the chat API, the OpenAI-compatible endpoint, and later DashScope and MCP).

Each surface enforces these when it parses its input and states them in its OpenAPI schema. They
also bound the work one request can cause: with them, no message holds the event loop for more
than a few tens of milliseconds (see benchmarks/conversation_inputs.py).
"""

from __future__ import annotations

# --- text -------------------------------------------------------------------------------------

MAX_MESSAGE_CHARS = 2000
"""What the driver says in one message: a chat turn's `text`, an OpenAI `user` message."""

MAX_CONTEXT_CHARS = 8000
"""A `system` / `developer` prompt or an `assistant` message sent back as history."""

MAX_TOOL_RESULT_CHARS = 16_000
"""A `tool` message: the JSON a client's tool returned."""

MAX_REQUEST_CHARS = 64_000
"""All message text of one request together."""

MAX_ID_CHARS = 64
"""Ids: vehicle, profile, sandbox, session, tool call."""

MAX_NAME_CHARS = 64
"""Names: a model, a function (OpenAI's own limit), a message's `name`."""

MAX_DESCRIPTION_CHARS = 1024
"""A tool's description."""

MAX_ARGUMENTS_CHARS = 8000
"""The JSON arguments of one tool call sent back in an `assistant` message."""

# --- lists ------------------------------------------------------------------------------------

MAX_MESSAGES = 100
"""Messages in one OpenAI-compatible request (at least one)."""

MAX_CONTENT_PARTS = 32
"""Parts of one message's `content` when it is a list."""

MAX_TOOLS = 32
"""Tools offered in one request."""

MAX_TOOL_CALLS = 16
"""Tool calls in one `assistant` message."""

# --- work -------------------------------------------------------------------------------------

MAX_REQUESTS_PER_MESSAGE = 5
"""Requests answered from one message ("lock the car, then find a charger and plan a trip" is
three); the rest are named in a note asking to say them again."""

HISTORY_CHARS_REPLAYED = 600
HISTORY_REQUESTS_REPLAYED = 3
"""An OpenAI-compatible request without `tools` replays the earlier user messages to rebuild
what the conversation left (a question waiting for a yes, the last list shown, the trip): the
most recent ones, holding at most this many characters and requests together (a trip planned
again costs milliseconds)."""
