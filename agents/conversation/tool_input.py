"""The base of every tool's input model, apart from the registry so tool modules can share it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ToolInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
