"""Liveness."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.deps import RuntimeDep
from app.examples import ok

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    vehicles: int = Field(examples=[5])
    scenarios: int = Field(examples=[10])
    sandboxes: int = Field(examples=[1])


@router.get(
    "/healthz",
    summary="Liveness and what is loaded",
    description=(
        "200 while the process serves requests, with how many vehicles and scenarios the "
        "fixtures hold and how many sandboxes are live. Needs no API key, never touches a "
        "sandbox and is not subject to simulated faults, so it suits load-balancer checks."
    ),
    responses={200: ok("healthz")},
)
async def healthz(runtime: RuntimeDep) -> Health:
    return Health(
        status="ok",
        vehicles=len(runtime.catalog.fleet.vehicles),
        scenarios=len(runtime.catalog.fleet.scenarios),
        sandboxes=len(runtime.sandboxes.list()),
    )
