"""`incar serve`'s uvicorn flags and `incar cluster`'s checks (no server is started here)."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from fastapi import FastAPI

from app import cluster
from app.cli import build_parser, main
from app.server import ServeOptions


def options_from(argv: list[str]) -> ServeOptions:
    args = build_parser().parse_args(["serve", *argv])
    return ServeOptions(
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
        root_path=args.root_path,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )


def test_serve_defaults_keep_the_access_log_off(
    shared_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    options = options_from([])
    assert options == ServeOptions()
    config = options.config(shared_app)
    assert (config.log_level, config.access_log, config.root_path) == ("info", False, "")
    assert config.proxy_headers is True
    assert config.forwarded_allow_ips == "127.0.0.1,::1"  # uvicorn's default: loopback
    assert "`incar serve --access-log` shows every request" in options.banner()
    assert options.banner().startswith("incar-sim ready: console http://127.0.0.1:8000/ ")


def test_serve_passes_uvicorns_flags_through(shared_app: FastAPI) -> None:
    argv = ["--host", "::1", "--port", "9001", "--log-level", "warning", "--access-log"]
    argv += ["--root-path", "/sim", "--no-proxy-headers", "--forwarded-allow-ips", "10.0.0.2"]
    options = options_from(argv)
    config = options.config(shared_app)
    assert (config.host, config.port, config.log_level) == ("::1", 9001, "warning")
    assert (config.access_log, config.root_path, config.proxy_headers) == (True, "/sim", False)
    assert config.forwarded_allow_ips == "10.0.0.2"
    assert options.banner().startswith("incar-sim ready: console http://[::1]:9001/sim/ ")
    assert "access log on" in options.banner()


def test_serve_refuses_an_unknown_log_level(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--log-level", "loud"])
    assert "invalid choice: 'loud'" in capsys.readouterr().err


def test_cluster_prints_its_haproxy_config(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cluster", "--workers", "3", "--port", "9100", "--print-config"]) == 0
    out = capsys.readouterr().out
    assert "    bind 127.0.0.1:9100\n" in out
    servers = [line.strip() for line in out.splitlines() if line.strip().startswith("server ")]
    assert servers == [
        "server w1 127.0.0.1:9101",
        "server w2 127.0.0.1:9102",
        "server w3 127.0.0.1:9103",
    ]
    assert "balance hash var(txn.sandbox)" in out
    assert "hash-type consistent" in out
    assert "$" not in out  # every placeholder filled


@pytest.mark.parametrize("workers", ["0", "65", "two"])
def test_cluster_refuses_a_bad_worker_count(
    workers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["cluster", "--workers", workers])
    assert "--workers" in capsys.readouterr().err


def test_cluster_without_haproxy_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    monkeypatch.setattr(cluster, "HAPROXY_FALLBACKS", ())
    assert main(["cluster", "--workers", "2", "--port", "9200"]) == 2
    assert "needs HAProxy, which is not installed: apt-get install haproxy" in (
        capsys.readouterr().err
    )


def test_cluster_refuses_ports_in_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cluster, "haproxy_path", lambda: "/usr/sbin/haproxy")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["cluster", "--workers", "2", "--port", str(port - 1)]) == 2
    assert f"port(s) {port} already in use" in capsys.readouterr().err


def test_the_template_is_the_shipped_file() -> None:
    assert Path(__file__).resolve().parents[2] / "deploy" / "haproxy.cfg" == cluster.TEMPLATE
