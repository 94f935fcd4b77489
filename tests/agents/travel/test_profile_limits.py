"""Profiles are things a driver made: a full store refuses rather than forget one."""

from __future__ import annotations

import pytest

from agents.errors import ErrorKind
from agents.limits import ProfileLimit
from agents.travel.profiles import ProfileCreate, ProfileStore


def test_a_full_store_refuses_with_429_until_a_profile_is_deleted() -> None:
    store = ProfileStore(max_profiles=2)
    store.create(ProfileCreate(name="Emma Clarke"))
    store.create(ProfileCreate(name="李伟"))
    with pytest.raises(ProfileLimit) as full:
        store.create(ProfileCreate(name="Tom"))
    error = full.value
    assert (error.kind, error.code) == (ErrorKind.LIMIT, "PROFILE_LIMIT")
    assert error.message.zh == "驾驶者档案数量已达上限。"
    assert error.hint == (
        "The cap is 2 (setting INCAR_MAX_PROFILES). The fixture profiles count too. "
        "DELETE /v1/profiles/{id} to make room."
    )
    assert store.ids() == ["emma-clarke-1", "profile-2"]
    store.delete("profile-2")
    assert store.create(ProfileCreate(name="Tom")).id == "tom-3"  # the counter never goes back


def test_copies_keep_the_cap() -> None:
    template = ProfileStore(max_profiles=1)
    copy = template.copy()
    copy.create(ProfileCreate(name="Tom"))
    with pytest.raises(ProfileLimit):
        copy.create(ProfileCreate(name="Ann"))
    assert len(template) == 0
