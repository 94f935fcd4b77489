"""The `incar` command: serve, list scenarios, validate fixtures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agents.catalog import load_catalog
from agents.fixtures import FixtureError
from app.settings import DEFAULT_FIXTURES, Settings


def _serve(args: argparse.Namespace) -> int:
    from app.main import create_app
    from app.server import ServeOptions, serve

    overrides: dict[str, object] = {}
    if args.fixtures is not None:
        overrides["fixtures_dir"] = args.fixtures
    if args.scenario is not None:
        overrides["scenario"] = args.scenario
    try:
        app = create_app(Settings(**overrides))  # type: ignore[arg-type]
    except FixtureError as exc:
        _print_problems(exc)
        return 1
    except Exception as exc:  # an unknown --scenario, for instance
        print(f"incar: cannot start: {exc}", file=sys.stderr)
        return 1
    options = ServeOptions(
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
        root_path=args.root_path,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0 if serve(app, options) else 1


def _cluster(args: argparse.Namespace) -> int:
    from app.cluster import run_cluster

    serve_args = ["--log-level", args.log_level]
    serve_args += ["--access-log"] if args.access_log else []
    if args.fixtures is not None:
        serve_args += ["--fixtures", str(args.fixtures)]
    if args.scenario is not None:
        serve_args += ["--scenario", args.scenario]
    return run_cluster(args.host, args.port, args.workers, serve_args, args.print_config)


def _workers(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError("between 1 and 64")
    return value


def _scenarios(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.fixtures or DEFAULT_FIXTURES)
    except FixtureError as exc:
        _print_problems(exc)
        return 1
    for s in catalog.fleet.scenarios.values():
        print(f"{s.id:28} {s.title.en} / {s.title.zh}")
        print(f"{'':28} {s.description.en}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    directory: Path = args.dir or DEFAULT_FIXTURES
    try:
        catalog = load_catalog(directory)
    except FixtureError as exc:
        _print_problems(exc)
        return 1
    print(
        f"ok: {directory}: {len(catalog.fleet.vehicles)} vehicles, "
        f"{len(catalog.fleet.scenarios)} scenarios"
    )
    return 0


def _transcript_record(args: argparse.Namespace) -> int:
    # Lazy: the client package (and PyYAML) are only needed for this command.
    from incar_client.transcripts import TranscriptError, record, write_yaml

    try:
        transcript = record(args.url, args.sandbox, args.session_id, api_key=args.api_key)
        write_yaml(transcript, args.output)
    except (TranscriptError, ImportError, OSError) as exc:
        print(f"incar: cannot record {args.session_id}: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {args.output}: {len(transcript.turns)} turn(s)")
    return 0


def _print_problems(exc: FixtureError) -> None:
    for p in exc.problems:
        print(f"{p.file}: {p.json_path}: {p.reason}", file=sys.stderr)
    print(f"incar: {len(exc.problems)} fixture problem(s)", file=sys.stderr)


def _add_log_flags(parser: argparse.ArgumentParser, whose: str) -> None:
    """uvicorn's logging flags, under uvicorn's names; `whose` log they set."""
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug", "trace"],
        help=f"{whose} log level (default: info)",
    )
    parser.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=False,
        help=f"{whose} log of every request (off by default: it halves the throughput of fast "
        "reads)",
    )


def _add_uvicorn_flags(parser: argparse.ArgumentParser) -> None:
    """uvicorn's own flags, under uvicorn's names, with `incar serve`'s defaults."""
    _add_log_flags(parser, "uvicorn's")
    parser.add_argument(
        "--root-path", default="", help="the path prefix a proxy serves this under (ASGI root_path)"
    )
    parser.add_argument(
        "--proxy-headers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="trust X-Forwarded-For/-Proto from --forwarded-allow-ips (default: on)",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="proxies whose X-Forwarded-* headers are trusted (uvicorn's default: loopback, "
        "or $FORWARDED_ALLOW_IPS)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="incar", description="incar-sim: a simulated car + AI")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--fixtures", type=Path, default=None, help="fixtures directory")
    serve.add_argument("--scenario", default=None, help="scenario every sandbox starts in")
    _add_uvicorn_flags(serve)
    serve.set_defaults(func=_serve)
    cluster = sub.add_parser(
        "cluster", help="N workers behind HAProxy, sharded by sandbox (needs haproxy)"
    )
    cluster.add_argument("--workers", type=_workers, default=2, help="worker processes (1-64)")
    cluster.add_argument("--host", default="127.0.0.1", help="where HAProxy listens")
    cluster.add_argument(
        "--port", type=int, default=8000, help="HAProxy's port; workers take the next N ports"
    )
    cluster.add_argument("--fixtures", type=Path, default=None, help="fixtures directory")
    cluster.add_argument("--scenario", default=None, help="scenario every sandbox starts in")
    _add_log_flags(cluster, "the workers'")
    cluster.add_argument(
        "--print-config", action="store_true", help="print HAProxy's configuration and exit"
    )
    cluster.set_defaults(func=_cluster)
    scenarios = sub.add_parser("scenarios", help="list scenarios")
    scenarios.add_argument("--fixtures", type=Path, default=None)
    scenarios.set_defaults(func=_scenarios)
    validate = sub.add_parser("validate", help="validate a fixtures directory")
    validate.add_argument("dir", nargs="?", type=Path, default=None)
    validate.set_defaults(func=_validate)
    transcript = sub.add_parser("transcript", help="golden transcripts of conversations")
    transcript_sub = transcript.add_subparsers(dest="transcript_command", required=True)
    rec = transcript_sub.add_parser("record", help="save a chat session as a transcript YAML")
    rec.add_argument("session_id", metavar="SESSION_ID", help="e.g. chat-0001")
    rec.add_argument("--sandbox", required=True, help="the sandbox the session lives in")
    rec.add_argument("--url", default="http://127.0.0.1:8000", help="the server's base URL")
    rec.add_argument("--api-key", default=None, help="bearer key, when the server needs one")
    rec.add_argument("-o", "--output", type=Path, required=True, help="file.transcript.yaml")
    rec.set_defaults(func=_transcript_record)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
