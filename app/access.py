"""Who may do what: API keys, the admin token, and the one sandbox a request reaches.

Both secrets are optional settings: a laptop runs open, a shared CI server sets them. Keys come as
`Authorization: Bearer <key>`, the header the openai and dashscope clients already send; a browser's
`EventSource` cannot set headers, so GET requests may carry `?api_key=` and `?sandbox=` instead.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl

from agents.text import Bilingual, bi
from agents.world.sandboxes import DEFAULT_SANDBOX, NAME_PATTERN

MAX_REQUEST_ID_CHARS = 128


class AccessDenied(Exception):
    """A request refused before any route runs; `status` and `code` say why."""

    def __init__(self, status: int, code: str, message: Bilingual, hint: str | None = None) -> None:
        super().__init__(message.en)
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Caller:
    sandbox: str
    admin: bool
    # Without INCAR_ADMIN_TOKEN, listing all sandboxes is open (a laptop); deleting another
    # tester's sandbox never is.
    admin_configured: bool

    @property
    def may_list_sandboxes(self) -> bool:
        return self.admin or not self.admin_configured


@dataclass(frozen=True)
class AccessPolicy:
    api_keys: tuple[str, ...] = ()
    admin_token: str | None = None

    def caller(self, headers: dict[bytes, str], query_string: bytes, method: str) -> Caller:
        """Authenticate the request and name its sandbox; raises AccessDenied."""
        query = _query(query_string)
        token = _bearer(headers.get(b"authorization"))
        if token is None and method in ("GET", "HEAD"):
            token = _single(query, "api_key")
        admin = (
            self.admin_token is not None and token is not None and _same(token, self.admin_token)
        )
        if self.api_keys and not admin and not any(_same(token or "", k) for k in self.api_keys):
            raise AccessDenied(
                401,
                "UNAUTHORIZED",
                bi("需要有效的 API 密钥。", "A valid API key is required."),
                "Send Authorization: Bearer <key> (one of INCAR_API_KEYS); browser streams may "
                "use ?api_key=.",
            )
        return _caller(
            _sandbox_name(headers.get(b"x-sandbox"), query), admin, self.admin_token is not None
        )


@lru_cache(maxsize=1024)
def _caller(sandbox: str, admin: bool, admin_configured: bool) -> Caller:
    """Callers are immutable, so the few a process sees are made once (a frozen dataclass costs
    about half a microsecond to build, on every request)."""
    return Caller(sandbox=sandbox, admin=admin, admin_configured=admin_configured)


def _query(query_string: bytes) -> dict[str, list[str]]:
    # Most requests carry neither parameter; don't parse what cannot matter.
    if b"sandbox=" not in query_string and b"api_key=" not in query_string:
        return {}
    found: dict[str, list[str]] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in ("sandbox", "api_key"):
            found.setdefault(name, []).append(value)
    return found


def _single(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    if not values:
        return None
    if len(set(values)) > 1:
        raise AccessDenied(
            400, "INVALID_QUERY", bi(f"参数 {name} 重复。", f"?{name}= is given more than once.")
        )
    return values[0]


def _sandbox_name(header: str | None, query: dict[str, list[str]]) -> str:
    """The one sandbox a request reaches: `X-Sandbox`, or `?sandbox=`; both must agree."""
    from_query = _single(query, "sandbox")
    if header is not None and from_query is not None and header != from_query:
        raise AccessDenied(
            400,
            "SANDBOX_CONFLICT",
            bi(
                "请求头和查询参数指定了不同的沙箱。",
                f"X-Sandbox '{header}' and ?sandbox='{from_query}' name different sandboxes.",
            ),
            "A request reaches exactly one sandbox; name it once.",
        )
    name = header if header is not None else from_query
    if name is None:
        return DEFAULT_SANDBOX
    if not NAME_PATTERN.match(name):
        raise AccessDenied(
            400,
            "INVALID_SANDBOX",
            bi("沙箱名称无效。", "Invalid sandbox name."),
            "X-Sandbox or ?sandbox=: 1-64 characters of letters, digits, '.', '_' or '-', "
            "starting with a letter or digit.",
        )
    return name


def _bearer(header: str | None) -> str | None:
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def valid_request_id(value: str) -> bool:
    """Echoed in a header and kept in the journal: short, printable ASCII."""
    return 0 < len(value) <= MAX_REQUEST_ID_CHARS and value.isascii() and value.isprintable()
