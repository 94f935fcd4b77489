"""Shared fixtures: the catalog and the app are built once; every test gets fresh sandboxes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from agents.catalog import Catalog, load_catalog
from app.main import create_app
from app.runtime import Runtime
from app.settings import DEFAULT_FIXTURES, Settings
from app.shutdown import ShutdownSignal


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(DEFAULT_FIXTURES)


# What the shared app is built with; a test module that overrides `settings` gets its own app.
TEST_SETTINGS = Settings(fault_timeout_s=0.05)


@pytest.fixture
def settings() -> Settings:
    return TEST_SETTINGS


@pytest.fixture(scope="session")
def shared_app(catalog: Catalog) -> FastAPI:
    return create_app(TEST_SETTINGS, catalog)


@pytest.fixture
def app(settings: Settings, catalog: Catalog, shared_app: FastAPI) -> FastAPI:
    """The app with nothing kept from earlier tests. FastAPI builds an app's routes on its first
    request (about 0.1 s), so the tests share one app and each gets fresh sandboxes and a fresh
    shutdown signal instead of a whole new app."""
    if settings != TEST_SETTINGS:
        return create_app(settings, catalog)
    runtime: Runtime = shared_app.state.runtime
    runtime.sandboxes = Runtime.start(settings, catalog).sandboxes
    shared_app.state.shutdown = ShutdownSignal()
    return shared_app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as c:
        yield c
