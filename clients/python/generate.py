"""Regenerate `src/incar_client/models.py` from the server's OpenAPI document.

    .venv/bin/python clients/python/generate.py           # the document of the app in this repo
    .venv/bin/python clients/python/generate.py --check   # exit 1 if models.py has drifted

The generator is datamodel-code-generator (pinned in the project's `dev` extra); its output is
formatted with the project's ruff settings so the file is byte-for-byte reproducible.
`tests/clients/test_python_client_models.py` runs `render()` and fails when the file differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MODELS = HERE / "src" / "incar_client" / "models.py"
HEADER = (
    "# ruff: noqa: E501\n"
    '"""Models of the incar-sim API, generated from /openapi.json: do not edit.\n\n'
    "Regenerate with `.venv/bin/python clients/python/generate.py`.\n"
    '"""\n'
)
GENERATOR_OPTIONS = [
    "--input-file-type=openapi",
    "--output-model-type=pydantic_v2.BaseModel",
    "--target-python-version=3.11",
    "--use-standard-collections",
    "--use-union-operator",
    "--use-annotated",
    "--field-constraints",
    "--collapse-root-models",
    "--enum-field-as-literal=all",
    "--use-schema-description",
    "--use-double-quotes",
    "--disable-timestamp",
    "--no-formatters",
]


def app_document() -> dict[str, Any]:
    """The document of the app in this repository (the generator runs in the project's venv)."""
    sys.path.insert(0, str(HERE.parents[1]))
    from app.main import create_app
    from app.settings import Settings

    document: dict[str, Any] = create_app(Settings()).openapi()
    return document


# Bounds the server enforces on what it receives and guarantees on what it sends; in the client
# they would only turn each constrained optional field into a wrapper model.
SERVER_SIDE_BOUNDS = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
    }
)


def _normalized(node: Any, *, in_properties: bool = False) -> Any:
    """Drop what only documents (examples, schema titles), the server's value bounds and
    `additionalProperties: false`, so the models accept fields a newer server adds."""
    if isinstance(node, list):
        return [_normalized(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("examples", "example") or (key in SERVER_SIDE_BOUNDS and not in_properties):
            continue
        if key == "additionalProperties" and value is False:
            continue
        if key == "title" and isinstance(value, str) and not in_properties:
            # A schema's own title names nothing the client needs; component names come from keys.
            continue
        result[key] = _normalized(value, in_properties=key == "properties")
    return result


def render(document: dict[str, Any]) -> str:
    """models.py for this document: the generator's output, formatted by the project's ruff."""
    schemas_only = {
        "openapi": document["openapi"],
        "info": document["info"],
        "paths": {},
        "components": {"schemas": _normalized(document["components"]["schemas"])},
    }
    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / "openapi.json", Path(tmp) / "models.py"
        source.write_text(json.dumps(schemas_only, ensure_ascii=False), encoding="utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "datamodel_code_generator",
                f"--input={source}",
                f"--output={output}",
                *GENERATOR_OPTIONS,
            ],
            check=True,
            capture_output=True,
        )
        generated = output.read_text(encoding="utf-8")
    body = generated.split("\n\n", 1)[1]  # the generator's own header names a temporary file
    return _ruff(HEADER + "\n" + body)


def _ruff(source: str) -> str:
    # --stdin-filename makes ruff use the project's settings, as for the file itself.
    for command in (["check", "--fix-only", "--exit-zero"], ["format"]):
        source = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(MODELS), "-"],
            input=source,
            text=True,
            check=True,
            capture_output=True,
        ).stdout
    return source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="read /openapi.json from a running server instead")
    parser.add_argument("--check", action="store_true", help="exit 1 if models.py has drifted")
    args = parser.parse_args()
    if args.url:
        import httpx

        document = httpx.get(args.url, timeout=30).raise_for_status().json()
    else:
        document = app_document()
    text = render(document)
    if args.check:
        if MODELS.read_text(encoding="utf-8") != text:
            print(f"{MODELS} has drifted from the document: run {Path(__file__).name}")
            return 1
        return 0
    MODELS.write_text(text, encoding="utf-8")
    print(f"wrote {MODELS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
