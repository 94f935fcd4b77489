"""Service settings, read from the environment (`INCAR_*`) or passed to `create_app`."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INCAR_", extra="ignore")

    fixtures_dir: Path = DEFAULT_FIXTURES
    scenario: str | None = Field(default=None, description="Scenario every new sandbox starts in")
    max_sandboxes: int = Field(default=64, ge=1, le=10_000)
    sandbox_idle_ttl_s: float = Field(default=1800, gt=0)
    # How long `X-Sim-Fault: timeout` holds a request before answering 504.
    fault_timeout_s: float = Field(default=30, ge=0, le=600)
    max_latency_ms: int = Field(default=60_000, ge=0)
    cors_origins: list[str] = Field(default_factory=lambda: ["*"])
    # Serve cached vehicle snapshots straight from ASGI (see app/fastpath.py).
    snapshot_fast_path: bool = True
    journal_size: int = Field(default=500, ge=0, le=100_000)
    # Streamed answers (chat SSE, compatible mode): delay before the first piece of text, then
    # text at this many characters per second. 0 streams at once (tests).
    stream_first_token_ms: int = Field(default=400, ge=0, le=60_000)
    stream_chars_per_s: float = Field(default=40, ge=0, le=100_000)
