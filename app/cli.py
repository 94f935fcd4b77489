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
    from app.server import serve

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
    return 0 if serve(app, args.host, args.port) else 1


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


def _print_problems(exc: FixtureError) -> None:
    for p in exc.problems:
        print(f"{p.file}: {p.json_path}: {p.reason}", file=sys.stderr)
    print(f"incar: {len(exc.problems)} fixture problem(s)", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="incar", description="incar-sim: a simulated car + AI")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--fixtures", type=Path, default=None, help="fixtures directory")
    serve.add_argument("--scenario", default=None, help="scenario every sandbox starts in")
    serve.set_defaults(func=_serve)
    scenarios = sub.add_parser("scenarios", help="list scenarios")
    scenarios.add_argument("--fixtures", type=Path, default=None)
    scenarios.set_defaults(func=_scenarios)
    validate = sub.add_parser("validate", help="validate a fixtures directory")
    validate.add_argument("dir", nargs="?", type=Path, default=None)
    validate.set_defaults(func=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
