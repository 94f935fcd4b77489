"""Service settings, read from the environment (`INCAR_*`) or passed to `create_app`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Browsers on the tester's own machine; `INCAR_CORS_ORIGINS` widens it.
LOOPBACK_ORIGIN_REGEX = r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$"

CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INCAR_", extra="ignore")

    fixtures_dir: Path = DEFAULT_FIXTURES
    scenario: str | None = Field(default=None, description="Scenario every new sandbox starts in")
    max_sandboxes: int = Field(default=64, ge=1, le=10_000)
    sandbox_idle_ttl_s: float = Field(default=1800, gt=0)
    # How long `X-Sim-Fault: timeout` holds a request before answering 504.
    fault_timeout_s: float = Field(default=30, ge=0, le=600)
    max_latency_ms: int = Field(default=60_000, ge=0)
    # Extra allowed origins besides loopback (comma-separated in the environment; "*" for any).
    cors_origins: CommaList = Field(default_factory=list)
    # Serve cached vehicle snapshots straight from ASGI (see app/fastpath.py).
    snapshot_fast_path: bool = True
    # Answer a chat turn said again from the session's kept turn straight from ASGI (see
    # app/turn_fastpath.py); off, the route answers it (from the same kept turn).
    turn_fast_path: bool = True
    # Serve compatible-mode and DashScope answers kept by app/answer_cache.py straight from
    # ASGI (see app/completion_fastpath.py); off, the routes serve them.
    completion_fast_path: bool = True
    # FastAPI's native OpenTelemetry (traces, metrics, logs to the globally configured providers).
    # Off by default: while on, every request looks the providers up again, which costs about as
    # much as serving a cached snapshot.
    otel: bool = False
    journal_size: int = Field(default=500, ge=0, le=100_000)
    # Streamed answers (chat SSE, compatible mode): delay before the first piece of text, then
    # text at this many characters per second. 0 streams at once (tests).
    stream_first_token_ms: int = Field(default=400, ge=0, le=60_000)
    stream_chars_per_s: int = Field(default=40, ge=0, le=100_000)

    # -- security (all optional; off by default for a laptop) --------------------------------
    # Bearer keys every request but health, console and docs must carry (comma-separated).
    api_keys: CommaList = Field(default_factory=list)
    # Bearer token for cross-sandbox administration (list all, delete another's).
    admin_token: str | None = None

    # -- limits: what one request may send, what one sandbox may keep ----------------------
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=256 * 1024 * 1024)
    # Defaults keep 64 full sandboxes under 512 MB RSS (benchmarks/memory.py); agents/limits.py
    # says what each store does when full.
    max_trips: int = Field(
        default=8,
        ge=1,
        le=10_000,
        description="Trips kept per sandbox; a new plan drops the oldest finished trip, else the "
        "oldest planned one; 429 TRIP_LIMIT only when all are under way (~0.4 MB per trip)",
    )
    max_chat_sessions: int = Field(
        default=10,
        ge=1,
        le=10_000,
        description="Chat sessions kept per sandbox; a new one drops the least recently used",
    )
    max_turns_per_session: int = Field(
        default=20, ge=1, le=10_000, description="Turns a session's transcript keeps (the newest)"
    )
    max_proactive_events: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="Proactive events a chat session keeps (the newest)",
    )
    max_commands: int = Field(
        default=100,
        ge=1,
        le=100_000,
        description="Commands kept per sandbox; a new one drops the oldest executed or failed "
        "command; 429 COMMAND_LIMIT when all are still pending",
    )
    max_keys_per_vehicle: int = Field(
        default=20,
        ge=1,
        le=1_000,
        description="Digital keys per vehicle, the owner's included; sharing one more drops the "
        "oldest revoked or expired key; 429 KEY_LIMIT when all are valid",
    )
    max_profiles: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="Driver profiles per sandbox, fixture ones included; 429 PROFILE_LIMIT",
    )
    journal_max_bytes: int = Field(
        default=256 * 1024,
        ge=1024,
        le=256 * 1024 * 1024,
        description="Memory the request journal may take per sandbox; the oldest entries go",
    )

    @field_validator("cors_origins", "api_keys", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value
