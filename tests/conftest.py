"""Shared fixtures: the catalog is loaded once; every test gets a fresh app and client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from agents.catalog import Catalog, load_catalog
from app.main import create_app
from app.settings import DEFAULT_FIXTURES, Settings


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(DEFAULT_FIXTURES)


@pytest.fixture
def settings() -> Settings:
    return Settings(fault_timeout_s=0.05)


@pytest.fixture
def app(settings: Settings, catalog: Catalog) -> FastAPI:
    return create_app(settings, catalog)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as c:
        yield c
