"""Liveness."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.deps import RuntimeDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    vehicles: int = Field(examples=[5])
    scenarios: int = Field(examples=[10])
    sandboxes: int = Field(examples=[1])


@router.get("/healthz", summary="Liveness and what is loaded")
async def healthz(runtime: RuntimeDep) -> Health:
    return Health(
        status="ok",
        vehicles=len(runtime.catalog.fleet.vehicles),
        scenarios=len(runtime.catalog.fleet.scenarios),
        sandboxes=len(runtime.sandboxes.list()),
    )
