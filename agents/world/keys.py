"""Digital keys: the owner's keys and keys shared with a named person for a time window."""

from __future__ import annotations

import builtins
from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from agents.errors import NotFound
from agents.limits import KeyLimit, SandboxLimits
from agents.text import bi
from agents.world.clock import SimTime
from agents.world.errors import StateConflict


class KeyRole(StrEnum):
    OWNER = "owner"
    SHARED = "shared"


class KeyPermission(StrEnum):
    DRIVE = "drive"  # unlock and start
    ACCESS = "access"  # unlock only (e.g. a courier putting a parcel in the boot)


class KeyStatus(StrEnum):
    ACTIVE = "active"
    SCHEDULED = "scheduled"
    EXPIRED = "expired"
    REVOKED = "revoked"


class ShareKeyRequest(BaseModel):
    holder_name: str = Field(min_length=1, max_length=60, examples=["李娜"])
    permission: KeyPermission = KeyPermission.DRIVE
    valid_from: SimTime = Field(examples=["2026-06-01T09:00:00+08:00"])
    valid_until: SimTime = Field(
        description="After `valid_from` (422 otherwise) and after the sim clock (409)",
        examples=["2026-06-03T18:00:00+08:00"],
    )

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.valid_until <= self.valid_from:
            raise ValueError("valid_until must be after valid_from")
        return self


class DigitalKey(BaseModel):
    key_id: str = Field(examples=["key-ix3-shanghai-2"])
    vehicle_id: str
    holder_name: str
    role: KeyRole
    permission: KeyPermission
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = None
    revoked_at: AwareDatetime | None = None
    status: KeyStatus = KeyStatus.ACTIVE

    def status_at(self, now: datetime) -> KeyStatus:
        if self.revoked_at is not None:
            return KeyStatus.REVOKED
        if self.valid_from is not None and now < self.valid_from:
            return KeyStatus.SCHEDULED
        if self.valid_until is not None and now >= self.valid_until:
            return KeyStatus.EXPIRED
        return KeyStatus.ACTIVE


class KeyRing:
    """One vehicle's keys. Ids come from a counter, never from wall time."""

    def __init__(self, vehicle_id: str, owner_name: str) -> None:
        self.vehicle_id = vehicle_id
        self._keys: dict[str, DigitalKey] = {}
        self._counter = 0
        self._add(owner_name, KeyRole.OWNER, KeyPermission.DRIVE, None, None)

    def _add(
        self,
        holder: str,
        role: KeyRole,
        permission: KeyPermission,
        start: datetime | None,
        end: datetime | None,
    ) -> DigitalKey:
        self._counter += 1
        key = DigitalKey(
            key_id=f"key-{self.vehicle_id}-{self._counter}",
            vehicle_id=self.vehicle_id,
            holder_name=holder,
            role=role,
            permission=permission,
            valid_from=start,
            valid_until=end,
        )
        self._keys[key.key_id] = key
        return key

    def list(self, now: datetime) -> list[DigitalKey]:
        return [k.model_copy(update={"status": k.status_at(now)}) for k in self._keys.values()]

    def share(
        self,
        request: ShareKeyRequest,
        now: datetime,
        max_keys: int = SandboxLimits.max_keys_per_vehicle,
    ) -> DigitalKey:
        if request.valid_until <= now:
            # Well-formed, but the sim clock has passed it: a conflict with the state, not a 422.
            raise StateConflict(
                "KEY_WINDOW_ENDED",
                bi("钥匙的有效期已经结束。", "That key's time window has already ended."),
            )
        self._make_room(now, max_keys)
        key = self._add(
            request.holder_name,
            KeyRole.SHARED,
            request.permission,
            request.valid_from,
            request.valid_until,
        )
        return key.model_copy(update={"status": key.status_at(now)})

    def _make_room(self, now: datetime, max_keys: int) -> None:
        """At `max_keys` (the owner's included), drop the oldest revoked or expired key; 429 when
        every key may still open the car. Ids keep counting, so none is reused."""
        if len(self._keys) < max_keys:
            return
        for key_id, key in self._keys.items():
            if key.status_at(now) in (KeyStatus.REVOKED, KeyStatus.EXPIRED):
                del self._keys[key_id]
                return
        raise KeyLimit(max_keys, self.vehicle_id)

    def revoke(self, key_id: str, now: datetime) -> DigitalKey:
        key = self._keys.get(key_id)
        if key is None:
            raise NotFound("key", key_id, list(self._keys), code="KEY_NOT_FOUND")
        if key.role is KeyRole.OWNER:
            raise StateConflict(
                "OWNER_KEY", bi("车主钥匙不能被撤销。", "The owner's key can't be revoked.")
            )
        if key.revoked_at is None:
            key.revoked_at = now
        return key.model_copy(update={"status": key.status_at(now)})

    @property
    def counter(self) -> int:
        """The number of the last key made (ids keep counting past evictions)."""
        return self._counter

    def stored(self) -> builtins.list[DigitalKey]:
        """The keys as kept (status as stored, not as of now), oldest first: for an export."""
        return [k.model_copy() for k in self._keys.values()]

    @classmethod
    def restored(cls, vehicle_id: str, keys: builtins.list[DigitalKey], counter: int) -> KeyRing:
        """A ring holding exactly `keys` (an import, checked by agents/sandbox_state.py)."""
        ring = cls.__new__(cls)
        ring.vehicle_id = vehicle_id
        ring._keys = {k.key_id: k.model_copy() for k in keys}
        ring._counter = counter
        return ring

    def copy(self) -> KeyRing:
        twin = KeyRing.__new__(KeyRing)
        twin.vehicle_id = self.vehicle_id
        twin._keys = {k: v.model_copy() for k, v in self._keys.items()}
        twin._counter = self._counter
        return twin
