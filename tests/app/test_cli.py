from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.settings import DEFAULT_FIXTURES


def test_validate_default_fixtures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"ok: {DEFAULT_FIXTURES}: 5 vehicles, ")


def test_validate_reports_every_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = tmp_path / "fx"
    shutil.copytree(DEFAULT_FIXTURES, fixtures)
    (fixtures / "vehicles" / "325li-beijing.json").write_text("{not json", encoding="utf-8")
    scenario = fixtures / "scenarios" / "car-asleep.json"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace('"asleep"', '"comatose"'), encoding="utf-8"
    )
    assert main(["validate", str(fixtures)]) == 1
    err = capsys.readouterr().err
    assert f"{fixtures}/vehicles/325li-beijing.json: $: invalid JSON at line 1 column 2" in err
    assert f"{scenario}: $.vehicles.i5-hangzhou.power_state: Input should be" in err


def test_scenarios_lists_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "low-battery-expressway" in out
    assert "Low battery on the expressway / 高速上电量告急" in out
