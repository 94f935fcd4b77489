"""Travel Companion's trips: plan one (or ask whether it can be made), add a stop, send it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.conversation import replies as rp
from agents.conversation.nlu import Intent, Understanding
from agents.conversation.turns.actions import propose
from agents.conversation.turns.assistant import ask_slot
from agents.conversation.turns.lists import destination_command, pick
from agents.conversation.turns.models import Reply, TurnState
from agents.errors import NotFound
from agents.text import bi
from agents.travel.trips import Trip

if TYPE_CHECKING:
    from agents.conversation.turns.table import IntentSpec


def waypoints_of(u: Understanding) -> list[str]:
    """ "via Suzhou and Wuxi": `waypoint`, `waypoint_2`... in the order said."""
    return [str(v) for k, v in sorted(u.slots.items()) if k.startswith("waypoint")]


def _current_trip(state: TurnState) -> Trip | None:
    if state.session.trip_id is None:
        return None
    try:
        return state.ctx.sandbox.trips.get(state.session.trip_id)
    except NotFound:
        return None


def _plan(state: TurnState, destination: str, waypoints: list[str]) -> Reply | Trip:
    arguments = {"destination": destination, "waypoints": waypoints}
    trip = state.result_of("plan_trip", arguments, Trip, "travel_companion")
    if isinstance(trip, Reply):
        return trip
    state.session.trip_id = trip.trip_id
    return trip


def _destination_of(state: TurnState, u: Understanding) -> str | None:
    slot = u.slots.get("destination")
    if isinstance(slot, str) and not u.slots.get("refers_to_result"):
        return slot
    picked = pick(state.session, int(u.slots.get("index", 1)))
    return picked.name.zh if picked is not None else (slot if isinstance(slot, str) else None)


def trip(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    destination = _destination_of(state, u)
    if destination is None:
        return ask_slot(
            state, u.model_copy(update={"missing_slots": ["destination"]}), "travel_companion"
        )
    planned = _plan(state, destination, waypoints_of(u))
    if isinstance(planned, Reply):
        return planned
    return _trip_reply(state, planned, reach=u.intent is Intent.CAN_REACH)


def _trip_reply(state: TurnState, trip: Trip, *, reach: bool) -> Reply:
    speech = rp.trip_speech(trip)
    plan = trip.plan
    if reach and plan.status.value == "ok":
        charges = sum(1 for s in plan.stops if s.kind.value == "charge")
        lead = (
            bi("能到。", "Yes, you can make it.")
            if charges == 0
            else bi("不充电到不了，需要途中充电。", "Not without charging on the way.")
        )
        speech = rp.join([lead, speech])
    actions = []
    chips = [bi("途经苏州", "Stop in Suzhou on the way")]
    if plan.status.value == "ok":
        dest = destination_command(
            plan.destination.name, plan.destination.coordinates, state.session.locale
        )
        actions.append(
            rp.Action(
                type="remote_command",
                label=bi("发送到车上", "Send to car"),
                command=dest,
                requires_confirmation=True,
            )
        )
        chips.insert(0, bi("发送到车上", "Send it to the car"))
    return Reply(speech, "travel_companion", [rp.trip_card(trip, state.cap)], actions, chips)


def add_stop(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    current = _current_trip(state)
    waypoint = str(u.slots["waypoint"])
    if current is None or not isinstance(current.request.destination, str):
        return Reply(
            bi("还没有行程。要去哪里？", "There's no trip yet. Where to?"), "travel_companion"
        )
    waypoints = [str(w) for w in current.request.waypoints] + [waypoint]
    planned = _plan(state, current.request.destination, waypoints)
    if isinstance(planned, Reply):
        return planned
    return _trip_reply(state, planned, reach=False)


def send_destination(state: TurnState, u: Understanding, spec: IntentSpec) -> Reply:
    session = state.session
    if u.slots.get("refers_to_result") and session.last_results:
        picked = pick(session, int(u.slots.get("index", 1)))
        if picked is not None:
            command = destination_command(picked.name, picked.coordinates, session.locale)
            return propose(state, command, "travel_companion")
    current = _current_trip(state)
    if current is not None:
        dest = current.plan.destination
        command = destination_command(dest.name, dest.coordinates, session.locale)
        return propose(state, command, "travel_companion")
    destination = u.slots.get("destination")
    place = (
        state.ctx.catalog.travel.graph.places.get(destination)
        if isinstance(destination, str)
        else None
    )
    if place is not None:
        command = destination_command(place.name, place.coordinates, session.locale)
        return propose(state, command, "travel_companion")
    return Reply(bi("要发送哪里到车上？", "Where should I send to the car?"), "travel_companion")
