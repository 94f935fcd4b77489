"""What the assistant understood: intents, the per-request result and the dialogue context.

The understanding is rule-based and deterministic; these models are its whole contract with the
dialogue manager. Slot names carry their unit where they have one (`temperature_c`, `limit_pct`,
`max_budget_cny`, `min_power_kw`), following DESIGN.md.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agents.text import Locale

# Who speaks (a session's and a message's `seat`) and whose zone a cabin request is for.
from agents.world.cabin import SEATS as SEATS
from agents.world.cabin import Seat as Seat


class Intent(StrEnum):
    # Vehicle status (Car Genius).
    STATUS_RANGE = "status_range"
    STATUS_BATTERY = "status_battery"
    STATUS_CHARGING = "status_charging"
    STATUS_TIRES = "status_tires"
    STATUS_LOCKS = "status_locks"
    STATUS_DOORS_WINDOWS = "status_doors_windows"
    STATUS_CLIMATE = "status_climate"
    STATUS_LOCATION = "status_location"
    STATUS_ODOMETER = "status_odometer"
    STATUS_SERVICE = "status_service"
    STATUS_OVERVIEW = "status_overview"
    EXPLAIN_WARNING_LIGHT = "explain_warning_light"
    # Remote actions (Car Genius).
    LOCK = "lock"
    UNLOCK = "unlock"
    CLIMATE_ON = "climate_on"
    CLIMATE_OFF = "climate_off"
    CHARGE_START = "charge_start"
    CHARGE_STOP = "charge_stop"
    SET_CHARGE_LIMIT = "set_charge_limit"
    FLASH_LIGHTS = "flash_lights"
    HONK = "honk"
    # The cabin, spoken in the car (Car Genius): acts at once for the speaker's seat.
    SEAT_HEATING = "seat_heating"
    SEAT_VENTILATION = "seat_ventilation"
    WINDOW = "window"
    SUNROOF = "sunroof"
    SUNROOF_SHADE = "sunroof_shade"
    TRUNK = "trunk"
    STEERING_WHEEL_HEATING = "steering_wheel_heating"
    DEFROST = "defrost"
    AMBIENT_LIGHT = "ambient_light"
    READING_LIGHT = "reading_light"
    CHILD_LOCK = "child_lock"
    FEELING_COLD = "feeling_cold"
    FEELING_HOT = "feeling_hot"
    # Travel (Travel Companion).
    PLAN_TRIP = "plan_trip"
    ADD_STOP = "add_stop"
    FIND_CHARGER = "find_charger"
    FIND_FOOD = "find_food"
    CAN_REACH = "can_reach"
    SEND_DESTINATION = "send_destination"
    # Follow-ups and conversation (the dialogue decides by context).
    REFINE = "refine"
    SELECT = "select"
    CONFIRM = "confirm"
    DENY = "deny"
    HELP = "help"
    GREETING = "greeting"
    OUT_OF_SCOPE = "out_of_scope"


AgentName = Literal["car_genius", "travel_companion", "assistant"]
ResultsKind = Literal["restaurants", "chargers", "trips"]
SlotValue = str | int | float | bool


class DialogueContext(BaseModel):
    """What the previous turn left behind, so that short answers make sense."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pending_intent: Intent | None = Field(
        default=None, description="The intent still waiting for a slot.", examples=["plan_trip"]
    )
    missing_slot: str | None = Field(
        default=None, description="The slot the assistant just asked for.", examples=["destination"]
    )
    awaiting_confirmation: bool = Field(
        default=False, description="The assistant asked a yes/no question."
    )
    last_results_kind: ResultsKind | None = Field(
        default=None, description="The kind of list the assistant last showed, if any."
    )


class Understanding(BaseModel):
    """One request found in an utterance; an utterance may hold several, answered in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: Intent
    confidence: float = Field(ge=0, le=1, description="Rule-based: exact hits high, inferred low.")
    slots: dict[str, SlotValue] = Field(default_factory=dict)
    missing_slots: list[str] = Field(default_factory=list)
    locale: Locale = Field(description="`zh` when the utterance has CJK characters, else `en`.")
    text: str = Field(description="The fragment of the utterance this request came from.")

    @property
    def agent(self) -> AgentName:
        """The agent the intent's declaration names (agents/conversation/turns/table.py)."""
        return declared_agent(self.intent)


def declared_agent(intent: Intent) -> AgentName:
    # The table imports the dialogue's handlers, which import this package: read it on first use.
    from agents.conversation.turns.table import INTENTS

    return INTENTS[intent].agent


def declared_required_slots(intent: Intent) -> tuple[str, ...]:
    """Slots without which the intent cannot be acted on; the dialogue asks for the first missing
    one. A place slot also counts as present when the user refers to a listed result ("go
    there") and the previous turn left results to refer to."""
    from agents.conversation.turns.table import INTENTS

    return INTENTS[intent].required
