"""RFC 7396 JSON merge patch: the format of state patches and scenario overlays."""

from __future__ import annotations

from typing import Any


def merge_patch(target: Any, patch: Any) -> Any:
    """Return `target` with `patch` applied; neither argument is mutated.

    Objects merge key by key, `null` deletes a key, anything else replaces the value.
    """
    if not isinstance(patch, dict):
        return patch
    result: dict[str, Any] = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def with_zone_targets(state_patch: dict[str, Any]) -> dict[str, Any]:
    """A climate target patched without zones is set for every zone, as `set_temperature` does;
    without this the zones would keep the old target and disagree with `target_temp_c`."""
    climate = state_patch.get("climate")
    if not isinstance(climate, dict) or "zones" in climate:
        return state_patch
    target = climate.get("target_temp_c")
    if not isinstance(target, int | float) or isinstance(target, bool):
        return state_patch
    zones = {"driver": target, "passenger": target, "rear": target}
    return {**state_patch, "climate": {**climate, "zones": zones}}
