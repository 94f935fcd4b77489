# ruff: noqa: E501
"""Models of the incar-sim API, generated from /openapi.json: do not edit.

Regenerate with `.venv/bin/python clients/python/generate.py`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, RootModel


class ActionRequest(BaseModel):
    confirm: Annotated[
        bool, Field(description="The driver's answer: true acts, false changes nothing")
    ]


class AmbientLight(BaseModel):
    on: bool | None = False
    colour: Annotated[
        Literal["white", "amber", "red", "orange", "green", "blue", "purple", "pink"] | None,
        Field(description="The named colours the ambient light offers."),
    ] = "white"
    brightness_pct: float | None = 60


class ArrivalEvent(BaseModel):
    session_id: str
    kind: Literal["arrival"]


class Battery(BaseModel):
    soc_pct: float
    range_km: float
    updated_at: AwareDatetime


class Bilingual(BaseModel):
    """
    A string in Chinese and English: `{"zh": "...", "en": "..."}`.
    """

    zh: str
    en: str


class ChargeStart(BaseModel):
    type: Literal["charge_start"]


class ChargeStop(BaseModel):
    type: Literal["charge_stop"]


class ChargerBusyEvent(BaseModel):
    session_id: str
    kind: Literal["charger_busy"]
    stop_index: Annotated[
        int | None, Field(description="The trip's stop (default: the next charger)")
    ] = None


class ChargingCurvePoint(BaseModel):
    """
    Charge power available at a state of charge, as a fraction of the car's peak DC power.
    """

    soc_pct: float
    power_fraction: float


class ChargingPreferences(BaseModel):
    """
    What the EV planner should respect for this driver.
    """

    operator_preferences: dict[str, int] | None = None
    comfort_min_soc_pct: float | None = 15
    max_charge_soc_pct: float | None = 80


class CheckControlMessage(BaseModel):
    """
    An active warning light; `light_id` refers to the warning-light knowledge base.
    """

    light_id: str
    since: AwareDatetime


class ClimateStart(BaseModel):
    type: Literal["climate_start"]
    target_temp_c: float | None = None
    zone: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | Literal["all"] | None,
        Field(
            description="The seat whose zone gets the target; `all` (the default) sets every zone"
        ),
    ] = "all"


class ClimateStop(BaseModel):
    type: Literal["climate_stop"]


class ClimateZones(BaseModel):
    """
    Per-zone targets (three-zone climate; both rear seats share `rear`).
    """

    driver: float
    passenger: float
    rear: float


class ClockCommand(BaseModel):
    """
    Any of the actions, applied in the order set, advance, run/pause, all or nothing.

    The clock's legal range is 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive: a `set`
    outside it, or an `advance_s` that would leave it, is a 422 CLOCK_OUT_OF_RANGE and changes
    nothing. A running clock stops at the end of the range. A move of any size answers at once.
    """

    set: Annotated[
        AwareDatetime | None,
        Field(
            description="Jump to this moment (ISO 8601 with offset), within 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive"
        ),
    ] = None
    advance_s: Annotated[
        float | None,
        Field(
            description="Move forward this many sim seconds (after `set`), staying within the range"
        ),
    ] = None
    run: Annotated[bool | None, Field(description="true: run at `speed`; false: pause")] = None
    speed: float | None = 1


class ClockState(BaseModel):
    now: AwareDatetime
    running: bool
    speed: Annotated[float, Field(description="Sim seconds per wall second while running")]


class CommandFailure(BaseModel):
    code: str
    message: Bilingual


class Coordinates(BaseModel):
    lat: float
    lon: float


class Counters(BaseModel):
    """
    Where each kind of id continues counting after an import.
    """

    commands: int
    trips: int
    chats: int
    profiles: Annotated[int, Field(description="The number the next made profile id tries first")]


class Defrost(BaseModel):
    front: bool | None = False
    rear: bool | None = False


class DemoInfo(BaseModel):
    id: str
    title: Bilingual
    description: Bilingual
    scenario: str
    vehicle_id: str
    speed: float


class Destination(BaseModel):
    name: str
    coordinates: Coordinates


class Doors(BaseModel):
    front_left: bool | None = False
    front_right: bool | None = False
    rear_left: bool | None = False
    rear_right: bool | None = False


class Endpoint(BaseModel):
    """
    Where a leg starts or ends: a graph place, or a coordinate with the node it joins.
    """

    place_id: Annotated[str, Field(description="The graph node the endpoint is at or snapped to")]
    name: Bilingual
    coordinates: Coordinates


class FaultRule(BaseModel):
    """
    Applies to requests whose path starts with `path_prefix` (and method, when given).
    """

    path_prefix: str | None = "/v1/"
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] | None = None
    fault: Literal["429", "500", "503", "timeout", "drop-stream"] | None = None
    latency_ms: int | None = 0
    remaining: int | None = None


class FlashLights(BaseModel):
    type: Literal["flash_lights"]


class Fuel(BaseModel):
    level_pct: float
    remaining_l: float
    range_km: float
    updated_at: AwareDatetime


class GenerationFunction(BaseModel):
    name: str
    arguments: Annotated[str, Field(description="The arguments as a JSON document")]


class GenerationToolCall(BaseModel):
    index: int
    id: str
    type: Literal["function"]
    function: GenerationFunction


class Health(BaseModel):
    status: str
    vehicles: int
    scenarios: int
    sandboxes: int


class Honk(BaseModel):
    type: Literal["honk"]


class Infeasibility(BaseModel):
    failing_leg_index: int
    furthest_reachable: Coordinates
    furthest_reachable_km: Annotated[float, Field(description="Route kilometre the car can get to")]
    reason: Bilingual


class IntentInfo(BaseModel):
    name: Literal[
        "status_range",
        "status_battery",
        "status_charging",
        "status_tires",
        "status_locks",
        "status_doors_windows",
        "status_climate",
        "status_location",
        "status_odometer",
        "status_service",
        "status_overview",
        "explain_warning_light",
        "lock",
        "unlock",
        "climate_on",
        "climate_off",
        "charge_start",
        "charge_stop",
        "set_charge_limit",
        "flash_lights",
        "honk",
        "seat_heating",
        "seat_ventilation",
        "window",
        "sunroof",
        "sunroof_shade",
        "trunk",
        "steering_wheel_heating",
        "defrost",
        "ambient_light",
        "reading_light",
        "child_lock",
        "feeling_cold",
        "feeling_hot",
        "plan_trip",
        "add_stop",
        "find_charger",
        "find_food",
        "can_reach",
        "send_destination",
        "refine",
        "select",
        "confirm",
        "deny",
        "help",
        "greeting",
        "out_of_scope",
    ]
    agent: Literal["car_genius", "travel_companion", "assistant"]
    confidence: float
    slots: dict[str, str | int | float | bool]


class JournalEntry(BaseModel):
    seq: int
    request_id: str
    method: str
    path: str
    query: str
    status: int
    sim_time: AwareDatetime
    duration_ms: float
    fault: str | None = None


class LegSummary(BaseModel):
    index: int
    start: Endpoint
    end: Endpoint
    distance_km: float
    drive_time_s: int
    energy_kwh: float | None = None
    fuel_l: float | None = None


class Coordinate(RootModel[tuple[float, float]]):
    root: Annotated[tuple[float, float], Field(max_length=2, min_length=2)]


class LineString(BaseModel):
    """
    GeoJSON LineString; positions are [lon, lat].
    """

    type: Literal["LineString"] = "LineString"
    coordinates: Annotated[list[Coordinate], Field(min_length=1)]


class ListedResult(BaseModel):
    """
    One entry of the last list shown, for "the second one" and "go there".
    """

    kind: Literal["restaurants", "chargers", "trips"]
    index: int
    id: str
    name: Bilingual
    coordinates: Coordinates


class LoadScenario(BaseModel):
    scenario: str


class Location(BaseModel):
    coordinates: Coordinates
    heading_deg: float
    address: Bilingual | None = None
    updated_at: AwareDatetime


class Lock(BaseModel):
    type: Literal["lock"]


class LowSocEvent(BaseModel):
    session_id: str
    kind: Literal["low_soc"]
    soc_pct: Annotated[float | None, Field(description="The SoC to speak of (the car's)")] = None


class Maneuver(BaseModel):
    type: Literal["depart", "merge", "fork", "turn", "off ramp", "continue", "arrive"]
    modifier: (
        Literal[
            "straight",
            "slight right",
            "right",
            "sharp right",
            "uturn",
            "sharp left",
            "left",
            "slight left",
        ]
        | None
    ) = None
    location: Coordinates
    bearing_before: int
    bearing_after: int


class MealStopRef(BaseModel):
    """
    Where a meal is planned, for dining search: the stop, its place and time.
    """

    meal: Literal["lunch", "dinner"]
    stop_index: int
    place_id: str | None
    coordinates: Coordinates
    at: AwareDatetime


class MealTimeEvent(BaseModel):
    session_id: str
    kind: Literal["meal_time"]
    meal: Annotated[
        Literal["lunch", "dinner"] | None, Field(description="Default: lunch before 15:00")
    ] = None


class MessageIn(BaseModel):
    text: Annotated[
        str,
        Field(
            description="What the driver says; up to 5 requests in it are answered, the rest named in a note"
        ),
    ]
    seat: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | None,
        Field(
            description='Who speaks: `driver` (default), `passenger`, `rear_left` or `rear_right`. Cabin requests that name no seat ("open my window", "我有点冷") are for this seat\'s zone. Left out: the session\'s `seat`. For this message only.'
        ),
    ] = None


class Moment(BaseModel):
    kind: Literal[
        "low_soc", "charger_busy", "meal_time", "warning_light", "tire_pressure", "arrival"
    ]
    at: AwareDatetime
    event_id: str


class Motion(BaseModel):
    speed_kmh: float
    odometer_km: float
    updated_at: AwareDatetime


class Navigation(BaseModel):
    """
    Where the car's navigation is heading: a sent destination or an active trip.
    """

    destination_name: str
    destination_label: Bilingual | None = None
    coordinates: Coordinates
    trip_id: str | None = None
    distance_remaining_km: float | None = None
    time_remaining_s: int | None = None
    arrival_at: AwareDatetime | None = None
    predicted_arrival_soc_pct: float | None = None
    updated_at: AwareDatetime


class OdometerData(BaseModel):
    odometer_km: float
    speed_kmh: float


class OpenAIFunction(BaseModel):
    name: str
    description: Annotated[str, Field(description="In the locale asked for")]
    parameters: Annotated[dict[str, Any], Field(description="The tool's input JSON Schema")]


class OpenAITool(BaseModel):
    """
    One entry of the openai client's `tools=`, ready to send as it is.
    """

    type: Literal["function"] = "function"
    function: OpenAIFunction


class OpeningHours(BaseModel):
    """
    Opening ranges per weekday; a day with no ranges is closed.
    """

    mon: list[str] | None = None
    tue: list[str] | None = None
    wed: list[str] | None = None
    thu: list[str] | None = None
    fri: list[str] | None = None
    sat: list[str] | None = None
    sun: list[str] | None = None


class Outlet(BaseModel):
    connector: Annotated[
        Literal["GBT_AC", "GBT_DC", "CCS2", "TYPE2"],
        Field(description="Charging connectors; GB/T is China's standard (AC and DC variants)."),
    ]
    power_kw: float
    stalls: int


class OutputTokensDetails(BaseModel):
    reasoning_tokens: int


class Party(BaseModel):
    adults: int | None = 1
    children: int | None = 0


class PendingAction(BaseModel):
    """
    A remote command waiting for the driver's yes.
    """

    command: dict[str, Any]
    label: Bilingual


class PlannedCharger(BaseModel):
    id: str
    name: Bilingual
    operator: str
    operator_name: Bilingual
    coordinates: Coordinates
    place_id: str | None
    connector: Annotated[
        Literal["GBT_AC", "GBT_DC", "CCS2", "TYPE2"],
        Field(description="Charging connectors; GB/T is China's standard (AC and DC variants)."),
    ]
    power_kw: Annotated[
        float, Field(description="What this car can draw here: min(charger, car peak)")
    ]


class PlayDemo(BaseModel):
    locale: Annotated[
        str | None,
        Field(
            description="The language of the demo's chat; default: the profile's, then `Accept-Language`, then zh"
        ),
    ] = None


class Price(BaseModel):
    period: Literal["peak", "flat", "valley"]
    electricity_cny_per_kwh: float
    service_fee_cny_per_kwh: float
    total_cny_per_kwh: float


class ProactiveAction(BaseModel):
    """
    A button on the event. Each acts on the trip, so it needs the driver's yes first:
    `POST /v1/chat/sessions/{id}/events/{event_id}/actions/{action_id}` with `confirm: true`.
    """

    action_id: str
    type: Literal["add_stop", "replan"]
    label: Bilingual
    trip_id: str
    charger_id: str | None = None
    requires_confirmation: bool | None = True


class Problem(BaseModel):
    """
    The error body of every endpoint (`application/problem+json`).
    """

    type: Annotated[
        str, Field(description="A URI naming the problem: the base URI and `code` in kebab case")
    ]
    title: Annotated[str, Field(description="The status' phrase")]
    status: Annotated[int, Field(description="The HTTP status")]
    detail: Annotated[str, Field(description="What went wrong, for the developer")]
    code: Annotated[
        Literal[
            "ACTION_NOT_FOUND",
            "ADMIN_REQUIRED",
            "CHARGE_LIMIT_REACHED",
            "CHARGING_IN_PROGRESS",
            "CHARGING_PLUG_NOT_CONNECTED",
            "CLOCK_OUT_OF_RANGE",
            "COMMAND_LIMIT",
            "COMMAND_NOT_FOUND",
            "DEMO_NOT_FOUND",
            "DOOR_OPEN",
            "EVENT_NOT_FOUND",
            "GATEWAY_TIMEOUT",
            "HTTP_ERROR",
            "INTERNAL",
            "INVALID",
            "INVALID_HEADER",
            "INVALID_QUERY",
            "INVALID_SANDBOX",
            "INVALID_SIM_HEADER",
            "IN_MOTION",
            "KEY_LIMIT",
            "KEY_NOT_FOUND",
            "KEY_WINDOW_ENDED",
            "LOCATION_UNKNOWN",
            "MALFORMED_JSON",
            "METHOD_NOT_ALLOWED",
            "NOT_CAPABLE",
            "NOT_CHARGING",
            "NOT_FOUND",
            "NOT_YOUR_SANDBOX",
            "NO_ACTIVE_TRIP",
            "NO_CHARGING_STOP",
            "NO_ROUTE",
            "OUTSIDE_ROAD_NETWORK",
            "ORIGIN_NOT_ALLOWED",
            "OWNER_KEY",
            "PAYLOAD_TOO_LARGE",
            "PLACE_NOT_FOUND",
            "PROFILE_LIMIT",
            "PROFILE_NOT_FOUND",
            "RATE_LIMITED",
            "SANDBOX_CONFLICT",
            "SANDBOX_LIMIT",
            "SANDBOX_NOT_FOUND",
            "SCENARIO_NOT_FOUND",
            "SEAT_EMPTY",
            "SERVICE_UNAVAILABLE",
            "SESSION_NOT_FOUND",
            "SIMULATED_FAULT",
            "SPEED_TOO_HIGH",
            "TRIP_INFEASIBLE",
            "TRIP_LIMIT",
            "TRIP_NOT_ACTIVE",
            "TRIP_NOT_FOUND",
            "TRIP_NOT_STARTABLE",
            "TRIP_STALE",
            "UNAUTHORIZED",
            "UNSUPPORTED_LOCALE",
            "VALIDATION_ERROR",
            "VEHICLE_ASLEEP",
            "VEHICLE_NOT_FOUND",
            "WARNING_LIGHT_NOT_FOUND",
        ],
        Field(description="Stable machine code: branch on this, not on `detail` or `title`"),
    ]
    message: Annotated[Bilingual | None, Field(description="Ready-made text for the driver")] = None
    hint: Annotated[str | None, Field(description="How to fix the request")] = None
    resolution: Annotated[
        str | None, Field(description="What the client can do about it (Smartcar style)")
    ] = None
    errors: Annotated[
        list[dict[str, Any]] | None,
        Field(description="Validation errors: `loc`, `msg` and `type` of each"),
    ] = None
    known: Annotated[
        list[str] | None, Field(description="The ids that do exist, when one was not found")
    ] = None


class ProfileInput(BaseModel):
    name: str
    locale: Annotated[
        str | None,
        Field(
            description="The driver's language (any Chinese or English BCP 47 tag; kept as zh or en)"
        ),
    ] = "zh"
    dietary: (
        list[Literal["vegetarian", "vegan", "halal", "no_pork", "no_beef", "no_spicy"]] | None
    ) = None
    cuisine_preferences: (
        dict[
            Literal[
                "sichuan",
                "hunan",
                "cantonese",
                "jiangsu_zhejiang",
                "shanghainese",
                "anhui",
                "beijing",
                "shandong",
                "hotpot",
                "noodles",
                "dumplings",
                "vegetarian",
                "western",
                "steakhouse",
                "japanese",
                "fast_food",
                "halal",
                "xinjiang",
                "cafe",
            ],
            int,
        ]
        | None
    ) = None
    budget_cny_per_person: float | None = 150
    max_spicy_level: int | None = 3
    needs_parking: bool | None = False
    party: Party | None = None
    charging: ChargingPreferences | None = None
    home: Coordinates | None = None
    id: str


class ProfileOutput(BaseModel):
    name: str
    locale: Annotated[
        Literal["zh", "en"] | None,
        Field(
            description="The driver's language (any Chinese or English BCP 47 tag; kept as zh or en)"
        ),
    ] = "zh"
    dietary: (
        list[Literal["vegetarian", "vegan", "halal", "no_pork", "no_beef", "no_spicy"]] | None
    ) = None
    cuisine_preferences: (
        dict[
            Literal[
                "sichuan",
                "hunan",
                "cantonese",
                "jiangsu_zhejiang",
                "shanghainese",
                "anhui",
                "beijing",
                "shandong",
                "hotpot",
                "noodles",
                "dumplings",
                "vegetarian",
                "western",
                "steakhouse",
                "japanese",
                "fast_food",
                "halal",
                "xinjiang",
                "cafe",
            ],
            int,
        ]
        | None
    ) = None
    budget_cny_per_person: float | None = 150
    max_spicy_level: int | None = 3
    needs_parking: bool | None = False
    party: Party | None = None
    charging: ChargingPreferences | None = None
    home: Coordinates | None = None
    id: str


class ProfileCreate(BaseModel):
    """
    The body of `POST /v1/profiles`.
    """

    name: str
    locale: Annotated[
        str | None,
        Field(
            description="The driver's language (any Chinese or English BCP 47 tag; kept as zh or en)"
        ),
    ] = "zh"
    dietary: (
        list[Literal["vegetarian", "vegan", "halal", "no_pork", "no_beef", "no_spicy"]] | None
    ) = None
    cuisine_preferences: (
        dict[
            Literal[
                "sichuan",
                "hunan",
                "cantonese",
                "jiangsu_zhejiang",
                "shanghainese",
                "anhui",
                "beijing",
                "shandong",
                "hotpot",
                "noodles",
                "dumplings",
                "vegetarian",
                "western",
                "steakhouse",
                "japanese",
                "fast_food",
                "halal",
                "xinjiang",
                "cafe",
            ],
            int,
        ]
        | None
    ) = None
    budget_cny_per_person: float | None = 150
    max_spicy_level: int | None = 3
    needs_parking: bool | None = False
    party: Party | None = None
    charging: ChargingPreferences | None = None
    home: Coordinates | None = None


class ProfileUpdate(BaseModel):
    """
    The body of `PATCH /v1/profiles/{id}`: only the fields given change, each replaced whole.

    `home` may be set to null to forget it; the other fields cannot be null.
    """

    name: str | None = None
    locale: Annotated[
        str | None,
        Field(
            description="A BCP 47 language tag: any Chinese tag (`zh`, `zh-CN`, `zh-Hans-CN`; `zh-TW`, `zh-HK` and `zh-Hant` too, as the assistant speaks Simplified Chinese only) means `zh`, any English tag (`en`, `en-US`, `en-GB`) means `en`. Case-insensitive; `zh_CN` is read as `zh-CN`. Another language is refused with the supported tags in the error."
        ),
    ] = None
    dietary: (
        list[Literal["vegetarian", "vegan", "halal", "no_pork", "no_beef", "no_spicy"]] | None
    ) = None
    cuisine_preferences: (
        dict[
            Literal[
                "sichuan",
                "hunan",
                "cantonese",
                "jiangsu_zhejiang",
                "shanghainese",
                "anhui",
                "beijing",
                "shandong",
                "hotpot",
                "noodles",
                "dumplings",
                "vegetarian",
                "western",
                "steakhouse",
                "japanese",
                "fast_food",
                "halal",
                "xinjiang",
                "cafe",
            ],
            int,
        ]
        | None
    ) = None
    budget_cny_per_person: float | None = None
    max_spicy_level: int | None = None
    needs_parking: bool | None = None
    party: Party | None = None
    charging: ChargingPreferences | None = None
    home: Coordinates | None = None


class QuietHours(BaseModel):
    """
    A daily span of local time (+08:00) in which nothing is said; `start` after `end` spans
    midnight (22:00 to 07:00); equal means all day.
    """

    start: Annotated[str, Field(description="HH:MM, local time (+08:00)")]
    end: Annotated[str, Field(description="HH:MM, local time (+08:00)")]


class ReadingBattery(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: Battery


class ReadingFuel(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: Fuel


class ReadingLocation(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: Location


class ReadingOdometerData(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: OdometerData


class ReplanCard(BaseModel):
    """
    A planned charger that will be busy when the car gets there.
    """

    type: Literal["replan"] = "replan"
    trip_id: str
    stop_index: int
    charger_id: str
    name: Bilingual
    arrival_at: AwareDatetime
    available_stalls: int
    total_stalls: int


class ResetRequest(BaseModel):
    to: Annotated[
        Literal["scenario", "baseline"] | None,
        Field(
            description="`scenario`: the current scenario's start. `baseline`: what a brand-new sandbox has (the server's start scenario, the fixture profiles, no fault rules)"
        ),
    ] = "scenario"


class RestaurantAttributes(BaseModel):
    vegetarian_options: bool | None = False
    vegan_options: bool | None = False
    halal: bool | None = False
    kid_friendly: bool | None = False
    parking: bool | None = False
    ev_charging_on_site: bool | None = False
    spicy_level: int | None = 0
    max_party_size: int | None = None


class RestaurantItem(BaseModel):
    index: int
    restaurant_id: str
    name: Bilingual
    cuisine: Bilingual
    coordinates: Coordinates
    rating: float
    avg_spend_cny: float
    distance_km: float
    reasons: list[Bilingual]


class RestaurantListCard(BaseModel):
    type: Literal["restaurant_list"] = "restaurant_list"
    title: Bilingual
    items: list[RestaurantItem]
    total_found: int


class RouteStep(BaseModel):
    distance_km: float
    duration_s: float
    road: Bilingual | None = None
    maneuver: Maneuver
    instruction: Bilingual
    spoken: Annotated[
        Bilingual, Field(description="Text written to be spoken, with the distance to go")
    ]
    geometry: LineString


class SandboxInfo(BaseModel):
    name: str
    idle_s: float
    requests: int


class SavedClock(BaseModel):
    now: Annotated[
        AwareDatetime,
        Field(
            description="ISO 8601 with offset, within 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive"
        ),
    ]
    running: bool
    speed: float


class ScenarioInfo(BaseModel):
    id: str
    title: Bilingual
    description: Bilingual
    clock: AwareDatetime
    focus_vehicle: str


class ScoreBreakdown(BaseModel):
    cuisine: float
    rating: float
    price: float
    detour: float


class SeatState(BaseModel):
    occupied: Annotated[bool | None, Field(description="Someone sits here (the seat's sensor)")] = (
        False
    )
    occupant: Annotated[str | None, Field(description="Who sits here, when known")] = None
    heating_level: int | None = 0
    ventilation_level: int | None = 0
    reading_light_on: bool | None = False


class Seats(BaseModel):
    driver: SeatState | None = None
    passenger: SeatState | None = None
    rear_left: SeatState | None = None
    rear_right: SeatState | None = None


class SendDestination(BaseModel):
    type: Literal["send_destination"]
    destination: Destination


class SessionCreate(BaseModel):
    vehicle_id: str
    profile_id: str | None = None
    locale: Annotated[
        str | None,
        Field(
            description="The language the assistant speaks in this session, as a BCP 47 tag (`zh-CN`, `en-US`, `zh_CN`...; `zh-TW`, `zh-HK` and `zh-Hant` get Simplified Chinese). Left out or null: the profile's `locale`, else the best of `Accept-Language`, else `zh`."
        ),
    ] = None
    seat: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | None,
        Field(
            description='Who speaks: `driver` (default), `passenger`, `rear_left` or `rear_right`. Cabin requests that name no seat ("open my window", "我有点冷") are for this seat\'s zone.'
        ),
    ] = "driver"


class SetAmbientLight(BaseModel):
    type: Literal["ambient_light"]
    on: bool
    colour: Annotated[
        Literal["white", "amber", "red", "orange", "green", "blue", "purple", "pink"] | None,
        Field(description="Unchanged when omitted"),
    ] = None
    brightness_pct: Annotated[int | None, Field(description="Unchanged when omitted")] = None


class SetChargeLimit(BaseModel):
    type: Literal["set_charge_limit"]
    limit_pct: int


class SetChildLock(BaseModel):
    type: Literal["child_lock"]
    on: bool


class SetDefrost(BaseModel):
    type: Literal["defrost"]
    zone: Annotated[
        Literal["front", "rear"], Field(description="Windscreen (front) or rear window")
    ]
    on: bool


class SetReadingLight(BaseModel):
    type: Literal["reading_light"]
    seat: Literal["driver", "passenger", "rear_left", "rear_right"]
    on: bool


class SetSeatHeating(BaseModel):
    type: Literal["seat_heating"]
    seat: Literal["driver", "passenger", "rear_left", "rear_right"]
    level: Annotated[int, Field(description="0 off, 1-3 the heating step")]


class SetSeatVentilation(BaseModel):
    type: Literal["seat_ventilation"]
    seat: Literal["driver", "passenger", "rear_left", "rear_right"]
    level: Annotated[int, Field(description="0 off, 1-3 the ventilation step")]


class SetSteeringWheelHeating(BaseModel):
    type: Literal["steering_wheel_heating"]
    on: bool


class SetSunroof(BaseModel):
    type: Literal["sunroof"]
    position_pct: Annotated[int, Field(description="0 closed, 100 fully open")]


class SetSunroofShade(BaseModel):
    type: Literal["sunroof_shade"]
    position_pct: Annotated[int, Field(description="0 closed, 100 fully open")]


class SetTemperature(BaseModel):
    type: Literal["set_temperature"]
    target_temp_c: float
    zone: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | Literal["all"] | None,
        Field(
            description="The seat whose zone gets the target; `all` (the default) sets every zone"
        ),
    ] = "all"


class SetTrunk(BaseModel):
    """
    The boot; on an SUV the tailgate.
    """

    type: Literal["trunk"]
    open: bool


class SetWindow(BaseModel):
    type: Literal["window"]
    window: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | Literal["all"],
        Field(description="The window beside this seat, or all four"),
    ]
    position_pct: Annotated[int, Field(description="0 closed, 100 fully open")]


class SettingsPatch(BaseModel):
    """
    Fields left out stay as they are; `quiet_hours: null` removes them.
    """

    muted: bool | None = None
    quiet_hours: QuietHours | None = None


class Settled(BaseModel):
    """
    What `POST /v1/sim/settle` did: the clock it moved to and the commands it finished.
    """

    now: AwareDatetime
    settled: Annotated[
        list[str],
        Field(
            description="The commands that reached executed or failed, in the order they were sent"
        ),
    ]


class SeverityCounts(BaseModel):
    critical: int | None = 0
    warning: int | None = 0
    info: int | None = 0


class ShareKeyRequest(BaseModel):
    holder_name: str
    permission: Literal["drive", "access"] | None = "drive"
    valid_from: Annotated[
        AwareDatetime,
        Field(
            description="ISO 8601 with offset, within 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive"
        ),
    ]
    valid_until: Annotated[
        AwareDatetime,
        Field(description="After `valid_from` (422 otherwise) and after the sim clock (409)"),
    ]


class Signal(BaseModel):
    path: str
    value: float | int | bool | str | None
    unit: str | None
    timestamp: AwareDatetime | None


class Skipped(BaseModel):
    clock: ClockState
    moment: Annotated[
        Moment | None, Field(description="The moment skipped to; null: none was ahead")
    ]


class SubRatings(BaseModel):
    """
    The split Chinese review sites use.
    """

    taste: float
    environment: float
    service: float


class Sunroof(BaseModel):
    """
    0 closed, 100 fully open; the shade likewise.
    """

    position_pct: float | None = 0
    shade_position_pct: float | None = 0


class TelemetryFrame(BaseModel):
    vehicle_id: str
    seq: Annotated[int, Field(description="Frame number in this stream, from 1")]
    as_of: AwareDatetime
    power_state: Literal["online", "asleep", "offline"]
    speed_kmh: float
    odometer_km: float
    soc_pct: float | None
    fuel_pct: float | None
    range_km: float | None
    charging_status: (
        Literal[
            "CHARGING",
            "WAITING_FOR_CHARGING",
            "FULLY_CHARGED",
            "FINISHED_NOT_FULL",
            "NOT_CHARGING",
            "PLUGGED_IN",
            "TARGET_REACHED",
            "ERROR",
        ]
        | None
    )
    charge_power_kw: float | None
    coordinates: Coordinates | None
    heading_deg: float | None
    address: Annotated[
        Bilingual | None,
        Field(description="Where the car is, in words (while driving: the nearest place)"),
    ] = None
    cabin_temp_c: float | None
    locked: bool
    trip_id: str | None
    distance_remaining_km: float | None
    time_remaining_s: Annotated[
        int | None,
        Field(description="Time left to the destination in seconds; 0 once the car has arrived"),
    ]


class TextOutput(BaseModel):
    """
    `result_format: "text"` (the default).
    """

    text: str
    finish_reason: Literal["stop", "tool_calls", "length", "null"]


class Tire(BaseModel):
    pressure_kpa: float
    target_kpa: float


class TirePressureEvent(BaseModel):
    session_id: str
    kind: Literal["tire_pressure"]
    tire: Annotated[
        Literal["front_left", "front_right", "rear_left", "rear_right"] | None,
        Field(description="Default: front_left"),
    ] = None
    pressure_kpa: float | None = None


class Tires(BaseModel):
    front_left: Tire
    front_right: Tire
    rear_left: Tire
    rear_right: Tire
    updated_at: AwareDatetime


class ToolInfo(BaseModel):
    name: str
    description: Bilingual
    side_effect: Annotated[
        bool, Field(description="Changes the car; the chat asks for a yes first")
    ]
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]


class TouRates(BaseModel):
    """
    CNY per kWh in each time-of-use period.
    """

    peak: float
    flat: float
    valley: float


class TraceError(BaseModel):
    code: str
    message: Bilingual


class TraceStep(BaseModel):
    tool: str
    agent: str
    arguments: dict[str, Any]
    result: dict[str, Any] | None = None
    error: TraceError | None = None
    sources: Annotated[
        list[str], Field(description="Fixture files (under fixtures/) the answer came from")
    ]


class TrackPoint(BaseModel):
    """
    A corner of the trip's timeline. Between two points everything changes linearly, so
    playback is interpolation. `phase` and `stop_index` describe the interval that starts here.
    """

    t_s: float
    lat: float
    lon: float
    distance_km: float
    soc_pct: float | None
    fuel_pct: float | None
    heading_deg: float
    phase: Literal["driving", "charging", "refueling", "resting", "arrived"]
    stop_index: int | None = None


class TranscriptEntry(BaseModel):
    turn: int
    role: Literal["user", "assistant"]
    text: str
    agent: Literal["car_genius", "travel_companion", "assistant"] | None = None
    intents: (
        list[
            Literal[
                "status_range",
                "status_battery",
                "status_charging",
                "status_tires",
                "status_locks",
                "status_doors_windows",
                "status_climate",
                "status_location",
                "status_odometer",
                "status_service",
                "status_overview",
                "explain_warning_light",
                "lock",
                "unlock",
                "climate_on",
                "climate_off",
                "charge_start",
                "charge_stop",
                "set_charge_limit",
                "flash_lights",
                "honk",
                "seat_heating",
                "seat_ventilation",
                "window",
                "sunroof",
                "sunroof_shade",
                "trunk",
                "steering_wheel_heating",
                "defrost",
                "ambient_light",
                "reading_light",
                "child_lock",
                "feeling_cold",
                "feeling_hot",
                "plan_trip",
                "add_stop",
                "find_charger",
                "find_food",
                "can_reach",
                "send_destination",
                "refine",
                "select",
                "confirm",
                "deny",
                "help",
                "greeting",
                "out_of_scope",
            ]
        ]
        | None
    ) = None


class TripOptions(BaseModel):
    """
    The planner's knobs, named after A Better Route Planner's.
    """

    start_soc_pct: float | None = 80
    min_arrival_soc_pct: Annotated[float | None, Field(description="At every charger")] = 10
    max_charge_soc_pct: Annotated[float | None, Field(description="Never charge above this")] = 80
    destination_soc_pct: float | None = 10
    stop_overhead_s: Annotated[int | None, Field(description="Per charging stop")] = 180
    operator_preferences: Annotated[
        dict[str, int] | None,
        Field(description="-2 never, -1 avoid, 0 neutral, +1/+2 prefer, +3 only these operators"),
    ] = None
    connectors: Annotated[
        list[Literal["GBT_AC", "GBT_DC", "CCS2", "TYPE2"]] | None,
        Field(description="Usable connectors; default: the car's own"),
    ] = None
    min_power_kw: Annotated[float | None, Field(description="Ignore slower chargers")] = 50
    corridor_km: Annotated[float | None, Field(description="How far off the route")] = 5
    outside_temp_c: float | None = 20
    start_fuel_pct: float | None = 100
    min_fuel_pct: Annotated[float | None, Field(description="Reserve kept in the tank")] = 10
    fuel_stop_s: int | None = 600
    plan_meals: bool | None = True


class TripPlanRequest(BaseModel):
    """
    `POST /v1/trips/plan`. Knobs left out come from the profile, then from the car.
    """

    vehicle_id: str
    destination: str | Coordinates
    origin: Annotated[
        str | Coordinates | None, Field(description="Default: the car's location")
    ] = None
    waypoints: Annotated[list[str | Coordinates] | None, Field(max_length=8)] = None
    departure_at: Annotated[
        AwareDatetime | None,
        Field(
            description="Default: sim clock. Within 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive"
        ),
    ] = None
    profile_id: str | None = None
    start_soc_pct: Annotated[float | None, Field(description="Default: the car's SoC")] = None
    min_arrival_soc_pct: float | None = None
    max_charge_soc_pct: float | None = None
    destination_soc_pct: float | None = None
    stop_overhead_s: int | None = None
    operator_preferences: dict[str, int] | None = None
    connectors: list[Literal["GBT_AC", "GBT_DC", "CCS2", "TYPE2"]] | None = None
    min_power_kw: float | None = None
    outside_temp_c: Annotated[
        float | None, Field(description="Default: the car's outside temperature")
    ] = None
    plan_meals: bool | None = True


class TripProgress(BaseModel):
    elapsed_s: float
    coordinates: Coordinates
    heading_deg: float
    speed_kmh: float
    distance_done_km: float
    distance_remaining_km: float
    time_remaining_s: float
    soc_pct: float | None
    fuel_pct: float | None
    phase: Literal["driving", "charging", "refueling", "resting", "arrived"]
    stop_index: Annotated[int | None, Field(description="The stop the car is at, while stopped")]
    next_stop_index: Annotated[int | None, Field(description="The next stop ahead, while driving")]


class TripStop(BaseModel):
    index: int
    kind: Literal["charge", "fuel", "meal"]
    name: Bilingual
    place_id: str | None
    coordinates: Coordinates
    distance_along_km: Annotated[
        float, Field(description="Route kilometre where the car leaves the road")
    ]
    detour_km: Annotated[float, Field(description="There and back, on top of the route")]
    arrival_at: AwareDatetime
    departure_at: AwareDatetime
    duration_s: int
    charger: PlannedCharger | None = None
    arrival_soc_pct: float | None = None
    departure_soc_pct: float | None = None
    energy_added_kwh: float | None = None
    charge_time_s: int | None = None
    charge_time_min: int | None = None
    available_stalls_at_arrival: int | None = None
    price_cny_per_kwh: float | None = None
    arrival_fuel_pct: float | None = None
    departure_fuel_pct: float | None = None
    fuel_added_l: float | None = None
    cost_cny: float | None = 0
    meal: Literal["lunch", "dinner"] | None = None


class TripStopLine(BaseModel):
    index: int
    kind: str
    name: Bilingual
    charge_time_min: int | None
    arrival_soc_pct: float | None


class TripSummaryCard(BaseModel):
    """
    The arrival summary, rounded as it is spoken.
    """

    type: Literal["trip_summary"] = "trip_summary"
    trip_id: str
    destination: Bilingual
    distance_km: int
    energy_kwh: int | None
    cost_cny: int
    charging_min: int
    stops: int


class Unlock(BaseModel):
    type: Literal["unlock"]


class VehicleSpec(BaseModel):
    """
    Static facts about the model: these never change at run time.
    """

    powertrain: Annotated[
        Literal["ELECTRIC", "HYBRID", "COMBUSTION"],
        Field(description="COVESA VSS `Vehicle.Powertrain.Type`."),
    ]
    battery_net_kwh: float | None = None
    tank_l: float | None = None
    consumption_kwh_per_100km: float | None = None
    fuel_l_per_100km: float | None = None
    max_ac_kw: float | None = None
    max_dc_kw: float | None = None
    connectors: list[Literal["GBT_AC", "GBT_DC", "CCS2", "TYPE2"]] | None = None
    charging_curve: list[ChargingCurvePoint] | None = None


class VehicleSummary(BaseModel):
    id: str
    name: Bilingual
    model: str
    plate: str
    powertrain: Annotated[
        Literal["ELECTRIC", "HYBRID", "COMBUSTION"],
        Field(description="COVESA VSS `Vehicle.Powertrain.Type`."),
    ]
    power_state: Literal["online", "asleep", "offline"]
    soc_pct: float | None
    fuel_pct: float | None
    range_km: float | None
    locked: bool
    speed_kmh: float
    address: Bilingual | None


class Wake(BaseModel):
    type: Literal["wake"]


class WarningLight(BaseModel):
    id: str
    color: Literal["red", "yellow", "green", "blue", "white"]
    severity: Literal["info", "warning", "critical"]
    system: Annotated[
        Literal[
            "engine",
            "drivetrain",
            "brake",
            "battery",
            "tire_pressure",
            "oil",
            "coolant",
            "airbag",
            "abs",
            "esc",
            "seatbelt",
            "steering",
            "charging_system",
            "washer",
            "lights",
            "fuel",
            "service",
            "driver_assist",
            "door",
            "weather",
        ],
        Field(description="The part of the car a light reports on."),
    ]
    title: Bilingual
    symbol: Bilingual
    explanation: Bilingual
    safe_to_drive: Literal["yes", "with_care", "no"]
    what_to_do: Bilingual
    keywords: Annotated[list[str], Field(min_length=1)]
    applies_to: Annotated[list[Literal["ELECTRIC", "HYBRID", "COMBUSTION"]], Field(min_length=1)]


class WarningLightCard(BaseModel):
    type: Literal["warning_light"] = "warning_light"
    light_id: str
    title: Bilingual
    color: Literal["red", "yellow", "green", "blue", "white"]
    severity: Literal["info", "warning", "critical"]
    symbol: Bilingual
    explanation: Bilingual
    safe_to_drive: Literal["yes", "with_care", "no"]
    what_to_do: Bilingual
    active_on_vehicle: bool


class WarningLightEvent(BaseModel):
    session_id: str
    kind: Literal["warning_light"]
    light_id: str


class Windows(BaseModel):
    """
    Open position per window: 0 closed, 100 fully open.
    """

    front_left: float | None = 0
    front_right: float | None = 0
    rear_left: float | None = 0
    rear_right: float | None = 0


class WorldState(BaseModel):
    scenario: str | None
    clock: ClockState


class DashScopeError(BaseModel):
    """
    The error body of /api (DashScope's native protocol), as the dashscope SDK parses it.
    """

    code: Annotated[str, Field(description="DashScope's error code")]
    message: str
    request_id: Annotated[str, Field(description="As `X-Request-Id`")]


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ChunkFunction(BaseModel):
    name: Annotated[str | None, Field(description="In the tool call's first chunk")] = None
    arguments: Annotated[str, Field(description="The next piece of the JSON arguments")]


class ChunkToolCall(BaseModel):
    index: int
    id: Annotated[str | None, Field(description="In the tool call's first chunk")] = None
    type: Literal["function"] | None = None
    function: ChunkFunction


class ReasoningTokens(BaseModel):
    reasoning_tokens: Annotated[
        int, Field(description="Of the completion's tokens, the reasoning's")
    ]


class SpeechDelta(BaseModel):
    """
    `speech.delta`: the next piece of the speech; the pieces join to `turn.end`'s `speech`.
    """

    index: Annotated[int, Field(description="The piece's position, from 0")]
    text: str


class ToolCallData(BaseModel):
    """
    `tool_call`: an agent calls one of its tools.
    """

    tool: str
    arguments: dict[str, Any]


class ToolResultData(BaseModel):
    """
    `tool_result`: what the tool answered (`result`), or why it refused (`error`).
    """

    tool: str
    result: dict[str, Any] | None
    error: TraceError | None
    sources: Annotated[
        list[str], Field(description="Fixture files (under fixtures/) the answer came from")
    ]


class TurnStart(BaseModel):
    """
    `turn.start`: the turn has begun.
    """

    session_id: str
    turn: Annotated[int, Field(description="The turn's number in the session, from 1")]
    locale: Literal["zh", "en"]


class Action(BaseModel):
    """
    Something the screen can offer as a button; remote commands need a yes first.
    """

    type: Literal["remote_command", "start_trip"]
    label: Bilingual
    command: dict[str, Any] | None = None
    requires_confirmation: bool


class ActionOutcome(BaseModel):
    event_id: str
    action_id: str
    status: Literal["done", "declined", "infeasible"]
    trip_id: Annotated[
        str | None, Field(description="The trip the car now follows (a new one if changed)")
    ]
    speech: Bilingual


class AgentInfo(BaseModel):
    id: Literal["car_genius", "travel_companion"]
    name: Bilingual
    description: Bilingual
    model: Annotated[str, Field(description="Its model id on /compatible-mode/v1")]
    tools: list[ToolInfo]


class Alert(BaseModel):
    id: str
    severity: Literal["info", "warning", "critical"]
    category: Literal[
        "energy", "charging", "tires", "security", "service", "warning_light", "connectivity"
    ]
    title: Bilingual
    advice: Bilingual
    source: list[str]
    light_id: str | None = None


class AlertLine(BaseModel):
    severity: Literal["info", "warning", "critical"]
    title: Bilingual


class BriefingItem(BaseModel):
    topic: Literal[
        "energy",
        "charging",
        "security",
        "tires",
        "climate",
        "location",
        "odometer",
        "service",
        "connectivity",
    ]
    available: bool
    text: Bilingual
    updated_at: AwareDatetime | None = None
    age_s: int | None = None


class Cabin(BaseModel):
    """
    What the cabin's controls are set to, and who sits where.
    """

    seats: Seats | None = None
    sunroof: Annotated[Sunroof | None, Field(description="None: the model has no sunroof")] = None
    steering_wheel_heating: bool | None = False
    defrost: Defrost | None = None
    ambient_light: AmbientLight | None = None
    child_lock: Annotated[bool | None, Field(description="The rear doors' child lock")] = False
    updated_at: Annotated[
        AwareDatetime | None,
        Field(description="When a cabin control last changed (None: not since the start)"),
    ] = None


class Charger(BaseModel):
    id: str
    name: Bilingual
    operator: str
    coordinates: Coordinates
    place_id: Annotated[str | None, Field(description="The road-graph place it belongs to")] = None
    outlets: Annotated[list[Outlet], Field(min_length=1)]
    tariff: Annotated[str, Field(description="Id of the grid's time-of-use tariff")]
    service_fee_cny_per_kwh: TouRates
    amenities: (
        list[
            Literal[
                "restroom", "convenience_store", "restaurant", "coffee", "wifi", "lounge", "hotel"
            ]
        ]
        | None
    ) = None


class ChargerItem(BaseModel):
    index: Annotated[int, Field(description="1-based, what 'the second one' refers to")]
    charger_id: str
    name: Bilingual
    operator: Bilingual
    coordinates: Coordinates
    distance_km: float
    max_power_kw: float
    available_stalls: int
    total_stalls: int
    price_cny_per_kwh: float


class ChargerListCard(BaseModel):
    type: Literal["charger_list"] = "charger_list"
    title: Bilingual
    items: list[ChargerItem]
    total_found: int


class ChargerMatch(BaseModel):
    charger: Charger
    operator_name: Bilingual
    distance_km: Annotated[
        float, Field(description="From `near`, or along the route for `along` searches")
    ]
    offset_km: Annotated[
        float | None, Field(description="Off the route line, for `along` searches")
    ] = None
    max_power_kw: Annotated[float, Field(description="Best matching outlet")]
    available_stalls: Annotated[
        int, Field(description="Free matching stalls at the requested time")
    ]
    total_stalls: int
    price: Price


class Charging(BaseModel):
    status: Annotated[
        Literal[
            "CHARGING",
            "WAITING_FOR_CHARGING",
            "FULLY_CHARGED",
            "FINISHED_NOT_FULL",
            "NOT_CHARGING",
            "PLUGGED_IN",
            "TARGET_REACHED",
            "ERROR",
        ],
        Field(description="The charging statuses BMW reports."),
    ]
    plug_connected: bool
    power_kw: float
    limit_pct: float | None = 80
    time_to_full_min: int | None = None
    updated_at: AwareDatetime


class CheckControlData(BaseModel):
    messages: list[CheckControlMessage]


class Climate(BaseModel):
    cabin_temp_c: float
    outside_temp_c: float
    hvac_on: bool | None = False
    target_temp_c: Annotated[
        float | None,
        Field(description="The driver zone's target; setting it for all zones sets every zone"),
    ] = 22
    zones: Annotated[
        ClimateZones, Field(description="Each zone's target; absent in input: all at target")
    ]
    remaining_s: int | None = None
    updated_at: AwareDatetime


class Command(BaseModel):
    """
    A command's record, as `GET .../commands/{command_id}` shows it.
    """

    command_id: str
    vehicle_id: str
    request: Annotated[
        Lock
        | Unlock
        | ClimateStart
        | ClimateStop
        | SetTemperature
        | ChargeStart
        | ChargeStop
        | SetChargeLimit
        | FlashLights
        | Honk
        | Wake
        | SendDestination
        | SetWindow
        | SetSunroof
        | SetSunroofShade
        | SetTrunk
        | SetSeatHeating
        | SetSeatVentilation
        | SetSteeringWheelHeating
        | SetDefrost
        | SetAmbientLight
        | SetReadingLight
        | SetChildLock,
        Field(discriminator="type"),
    ]
    origin: Annotated[
        Literal["remote", "in_car"] | None,
        Field(
            description="`remote`: sent from the phone (walks the lifecycle); `in_car`: done at once"
        ),
    ] = "remote"
    seat: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | None,
        Field(description="Who asked, for in-car commands"),
    ] = None
    status: Literal["pending", "delivered", "executed", "failed"]
    created_at: AwareDatetime
    delivered_at: AwareDatetime | None = None
    finished_at: AwareDatetime | None = None
    failure: CommandFailure | None = None


class CommandAccepted(BaseModel):
    command_id: str
    status: Literal["pending", "delivered", "executed", "failed"]


class DemoRun(BaseModel):
    demo: str
    session_id: str
    trip_id: str
    clock: ClockState
    next_moment: Annotated[Moment | None, Field(description="What comes next; null: nothing more")]


class DigitalKey(BaseModel):
    key_id: str
    vehicle_id: str
    holder_name: str
    role: Literal["owner", "shared"]
    permission: Literal["drive", "access"]
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = None
    revoked_at: AwareDatetime | None = None
    status: Literal["active", "scheduled", "expired", "revoked"] | None = "active"


class Dish(BaseModel):
    name: Bilingual
    price_cny: float
    tags: (
        list[
            Literal[
                "vegetarian",
                "vegan",
                "spicy",
                "contains_pork",
                "contains_beef",
                "contains_lamb",
                "contains_poultry",
                "contains_seafood",
                "contains_nuts",
                "kid_favourite",
            ]
        ]
        | None
    ) = None


class FaultConfig(BaseModel):
    rules: Annotated[list[FaultRule] | None, Field(max_length=50)] = None


class GenerationMessage(BaseModel):
    role: Literal["assistant"]
    content: Annotated[
        str, Field(description="The answer (with `incremental_output`, the new piece)")
    ]
    reasoning_content: Annotated[str | None, Field(description="With thinking on")] = None
    tool_calls: list[GenerationToolCall] | None = None


class GenerationUsage(BaseModel):
    input_tokens: int
    output_tokens: Annotated[int, Field(description="The answer's tokens and the reasoning's")]
    total_tokens: int
    output_tokens_details: Annotated[
        OutputTokensDetails | None, Field(description="With thinking on")
    ] = None


class InCarRequest(BaseModel):
    command: Annotated[
        Lock
        | Unlock
        | ClimateStart
        | ClimateStop
        | SetTemperature
        | ChargeStart
        | ChargeStop
        | SetChargeLimit
        | FlashLights
        | Honk
        | Wake
        | SendDestination
        | SetWindow
        | SetSunroof
        | SetSunroofShade
        | SetTrunk
        | SetSeatHeating
        | SetSeatVentilation
        | SetSteeringWheelHeating
        | SetDefrost
        | SetAmbientLight
        | SetReadingLight
        | SetChildLock,
        Field(description="Any command; typically a cabin control", discriminator="type"),
    ]
    seat: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | None,
        Field(description="The seat of whoever asks"),
    ] = "driver"


class ProactiveSettings(BaseModel):
    muted: Annotated[bool | None, Field(description="Say nothing proactively")] = False
    quiet_hours: Annotated[
        QuietHours | None, Field(description="Say nothing in this daily span; null: no quiet hours")
    ] = None


class ReadingCharging(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: Charging


class ReadingCheckControlData(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: CheckControlData


class ReadingClimate(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: Climate


class ReadingTires(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: Tires


class ReadingListAlert(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: list[Alert]


class Restaurant(BaseModel):
    id: str
    name: Bilingual
    cuisines: Annotated[
        list[
            Literal[
                "sichuan",
                "hunan",
                "cantonese",
                "jiangsu_zhejiang",
                "shanghainese",
                "anhui",
                "beijing",
                "shandong",
                "hotpot",
                "noodles",
                "dumplings",
                "vegetarian",
                "western",
                "steakhouse",
                "japanese",
                "fast_food",
                "halal",
                "xinjiang",
                "cafe",
            ]
        ],
        Field(max_length=4, min_length=1),
    ]
    coordinates: Coordinates
    place_id: str
    at_service_area: bool | None = False
    rating: float
    sub_ratings: SubRatings
    avg_spend_cny: float
    opening_hours: OpeningHours
    attributes: RestaurantAttributes
    signature_dishes: Annotated[list[Dish], Field(max_length=8, min_length=1)]


class RouteLeg(BaseModel):
    start: Endpoint
    end: Endpoint
    distance_km: float
    duration_s: float
    steps: list[RouteStep]
    geometry: LineString


class SavedKeyRing(BaseModel):
    counter: Annotated[int, Field(description="The number of the last key made for this car")]
    keys: Annotated[list[DigitalKey], Field(description="The car's keys as kept, oldest first")]


class Security(BaseModel):
    locked: bool
    doors_open: Doors | None = None
    windows_open_pct: Windows | None = None
    trunk_open: bool | None = False
    hood_open: bool | None = False
    sunroof_open: bool | None = None
    updated_at: AwareDatetime


class ServiceItem(BaseModel):
    """
    A condition-based service item, like BMW's `requiredServices`.
    """

    type: Literal[
        "OIL",
        "BRAKE_FLUID",
        "VEHICLE_CHECK",
        "CABIN_FILTER",
        "BRAKE_PADS_FRONT",
        "BRAKE_PADS_REAR",
        "TIRE_ROTATION",
        "HIGH_VOLTAGE_CHECK",
    ]
    status: Literal["OK", "PENDING", "OVERDUE"]
    due_date: AwareDatetime | None = None
    due_km: float | None = None


class StatusCard(BaseModel):
    type: Literal["status"] = "status"
    vehicle_id: str
    title: Bilingual
    text: Bilingual
    facts: dict[str, float | str | bool | None]
    alerts: list[AlertLine]
    as_of: AwareDatetime


class TripCard(BaseModel):
    type: Literal["trip"] = "trip"
    trip_id: str
    status: str
    feasible: bool
    origin: Bilingual
    destination: Bilingual
    distance_km: float
    total_time_s: int
    arrival_at: AwareDatetime | None
    arrival_soc_pct: float | None
    stops: list[TripStopLine]
    total_cost_cny: float


class VehicleState(BaseModel):
    """
    Everything the car reports. Sections the car cannot report are None.
    """

    power_state: Literal["online", "asleep", "offline"] | None = "online"
    battery: Battery | None = None
    fuel: Fuel | None = None
    charging: Charging | None = None
    motion: Motion
    tires: Tires | None = None
    security: Security
    climate: Climate | None = None
    location: Location | None = None
    check_control: Annotated[list[CheckControlMessage] | None, Field(max_length=50)] = None
    service: Annotated[list[ServiceItem] | None, Field(max_length=20)] = None
    navigation: Navigation | None = None
    cabin: Cabin | None = None
    software_version: str
    last_seen_at: AwareDatetime


class OpenAIError(BaseModel):
    """
    The error body of /compatible-mode, in the shape the openai clients parse.
    """

    error: OpenAIErrorDetail


class ChunkDelta(BaseModel):
    role: Annotated[Literal["assistant"] | None, Field(description="In the first chunk")] = None
    content: Annotated[str | None, Field(description="The next piece of the answer")] = None
    reasoning_content: Annotated[
        str | None,
        Field(description="The next piece of the reasoning (thinking), before `content`"),
    ] = None
    tool_calls: list[ChunkToolCall] | None = None


class ChunkUsage(BaseModel):
    prompt_tokens: int
    completion_tokens: Annotated[int, Field(description="The answer's tokens and the reasoning's")]
    total_tokens: int
    completion_tokens_details: Annotated[
        ReasoningTokens | None, Field(description="With thinking on")
    ] = None


class StreamReady(BaseModel):
    """
    The stream's first event: whose events follow, and how the session is set.
    """

    session_id: str
    vehicle_id: str
    told: Annotated[int, Field(description="Events told so far (the newest `seq`)")]
    settings: ProactiveSettings


class Answer(BaseModel):
    """
    The reply to one request of the utterance.
    """

    agent: Literal["car_genius", "travel_companion", "assistant"]
    intent: IntentInfo
    speech: Bilingual
    cards: (
        list[
            Annotated[
                StatusCard | WarningLightCard | ChargerListCard | RestaurantListCard | TripCard,
                Field(discriminator="type"),
            ]
        ]
        | None
    ) = None
    actions: list[Action] | None = None


class Briefing(BaseModel):
    vehicle_id: str
    name: Bilingual
    generated_at: AwareDatetime
    power_state: Literal["online", "asleep", "offline"]
    headline: Bilingual
    items: list[BriefingItem]
    unavailable: list[str]
    alerts: list[Alert]
    counts: SeverityCounts


class DiningResult(BaseModel):
    restaurant: Restaurant
    score: float
    score_breakdown: ScoreBreakdown
    distance_km: float
    detour_min: float
    along_route_km: float | None = None
    open_until: AwareDatetime | None = None
    open_24h: bool
    reasons: list[Bilingual]


class DiningResults(BaseModel):
    results: list[DiningResult]
    examined: int
    excluded: dict[
        Literal[
            "cuisine",
            "dietary",
            "spice",
            "kid_friendly",
            "parking",
            "capacity",
            "budget",
            "detour",
            "closed",
        ],
        int,
    ]
    exhaustive: bool


class GenerationChoice(BaseModel):
    finish_reason: Annotated[
        Literal["stop", "tool_calls", "length", "null"],
        Field(description='"null" (a string) while streaming'),
    ]
    message: GenerationMessage


class MealSuggestions(BaseModel):
    """
    Where to eat at a planned meal stop, found when the trip is planned.
    """

    meal: Literal["lunch", "dinner"]
    stop_index: int
    at: AwareDatetime
    results: list[DiningResult]
    excluded: dict[
        Literal[
            "cuisine",
            "dietary",
            "spice",
            "kid_friendly",
            "parking",
            "capacity",
            "budget",
            "detour",
            "closed",
        ],
        int,
    ]


class MessageOutput(BaseModel):
    """
    `result_format: "message"` (and whenever tools are offered or thinking is on).
    """

    choices: Annotated[list[GenerationChoice], Field(max_length=1, min_length=1)]


class ProactiveEvent(BaseModel):
    """
    Something the assistant says without being asked.
    """

    seq: Annotated[int, Field(description="Counts this session's events from 1; the SSE `id`")]
    event_id: Annotated[
        str, Field(description="Names the occurrence (trigger, car, trip, stop, moment): told once")
    ]
    kind: Literal[
        "low_soc", "charger_busy", "meal_time", "warning_light", "tire_pressure", "arrival"
    ]
    at: Annotated[AwareDatetime, Field(description="The sim moment it happened")]
    agent: Literal["car_genius", "travel_companion"]
    vehicle_id: str
    trip_id: str | None = None
    injected: Annotated[bool | None, Field(description="Made by POST /v1/sim/events")] = False
    title: Bilingual
    speech: Bilingual
    card: (
        ChargerListCard
        | RestaurantListCard
        | WarningLightCard
        | StatusCard
        | TripSummaryCard
        | ReplanCard
        | None
    ) = None
    actions: list[ProactiveAction] | None = None


class ProactiveInbox(BaseModel):
    """
    A session's proactive side: its settings, the newest events (INCAR_MAX_PROACTIVE_EVENTS)
    and how many it was told in all.
    """

    settings: ProactiveSettings | None = None
    told: Annotated[int | None, Field(description="Events so far, including any forgotten")] = 0
    silenced: Annotated[int | None, Field(description="Occurrences muted or in quiet hours")] = 0
    events: list[ProactiveEvent] | None = None


class ReadingSecurity(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: Security


class Route(BaseModel):
    origin: Endpoint
    destination: Endpoint
    waypoints: list[Endpoint] | None = None
    distance_km: float
    duration_s: float
    legs: list[RouteLeg]
    geometry: LineString


class SavedWorld(BaseModel):
    scenario: Annotated[
        str | None,
        Field(
            description="The scenario the world was staged from (null: the fixtures' base world)"
        ),
    ]
    clock: SavedClock
    vehicles: Annotated[
        dict[str, VehicleState],
        Field(
            description="Every car of the fleet by id, each with its state (nothing else changes)"
        ),
    ]
    commands: Annotated[
        list[Command], Field(description="Commands kept, in the order they were sent")
    ]
    keys: Annotated[
        dict[str, SavedKeyRing], Field(description="Every car's digital keys, by car id")
    ]


class ServiceData(BaseModel):
    items: list[ServiceItem]
    software_version: str


class Session(BaseModel):
    session_id: str
    vehicle_id: str
    profile_id: str | None = None
    locale: Annotated[
        Literal["zh", "en"] | None,
        Field(
            description="The language the assistant speaks in this session: `zh` (Simplified Chinese) or `en`, whichever tag chose it (`zh-TW` and `zh-CN` are both `zh`, `en-GB` is `en`). Answers in it carry `Content-Language: zh-CN` or `en`."
        ),
    ] = "zh"
    seat: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | None,
        Field(
            description='Who speaks: `driver`, `passenger`, `rear_left` or `rear_right`. Cabin requests without a named seat ("open my window", "我有点冷") are for this seat\'s zone; a message may name another `seat` for itself.'
        ),
    ] = "driver"
    created_at: AwareDatetime
    turns: Annotated[
        int | None, Field(description="Turns so far, including any the transcript forgot")
    ] = 0
    transcript: Annotated[
        list[TranscriptEntry] | None,
        Field(description="The newest turns (INCAR_MAX_TURNS_PER_SESSION), oldest first"),
    ] = None
    pending_intent: (
        Literal[
            "status_range",
            "status_battery",
            "status_charging",
            "status_tires",
            "status_locks",
            "status_doors_windows",
            "status_climate",
            "status_location",
            "status_odometer",
            "status_service",
            "status_overview",
            "explain_warning_light",
            "lock",
            "unlock",
            "climate_on",
            "climate_off",
            "charge_start",
            "charge_stop",
            "set_charge_limit",
            "flash_lights",
            "honk",
            "seat_heating",
            "seat_ventilation",
            "window",
            "sunroof",
            "sunroof_shade",
            "trunk",
            "steering_wheel_heating",
            "defrost",
            "ambient_light",
            "reading_light",
            "child_lock",
            "feeling_cold",
            "feeling_hot",
            "plan_trip",
            "add_stop",
            "find_charger",
            "find_food",
            "can_reach",
            "send_destination",
            "refine",
            "select",
            "confirm",
            "deny",
            "help",
            "greeting",
            "out_of_scope",
        ]
        | None
    ) = None
    missing_slot: str | None = None
    pending_slots: dict[str, str | int | float | bool] | None = None
    pending_action: PendingAction | None = None
    last_results_kind: Literal["restaurants", "chargers", "trips"] | None = None
    last_results: list[ListedResult] | None = None
    last_query: dict[str, Any] | None = None
    trip_id: str | None = None
    open_commands: list[str] | None = None
    proactive: Annotated[
        ProactiveInbox | None,
        Field(
            description="What the assistant said unasked (GET .../events streams it) and its settings"
        ),
    ] = None


class TripPlan(BaseModel):
    status: Literal["ok", "infeasible"]
    origin: Endpoint
    destination: Endpoint
    waypoints: list[Endpoint] | None = None
    departure_at: AwareDatetime
    arrival_at: AwareDatetime | None
    distance_km: Annotated[float, Field(description="Route plus charger detours")]
    drive_time_s: int
    charge_time_s: int
    stop_time_s: Annotated[
        int, Field(description="All time parked: charging, overheads, fuel, meals")
    ]
    total_time_s: int
    arrival_soc_pct: float | None
    arrival_fuel_pct: float | None
    energy_used_kwh: float | None
    fuel_used_l: float | None
    total_cost_cny: float
    stops: list[TripStop]
    legs: list[LegSummary]
    meal_stops: list[MealStopRef] | None = None
    infeasible: Infeasibility | None = None
    options: TripOptions
    route: Route
    track: Annotated[
        list[TrackPoint] | None, Field(description="The timeline trip playback interpolates")
    ] = None


class Turn(BaseModel):
    session_id: str
    turn: int
    locale: Literal["zh", "en"]
    seat: Annotated[
        Literal["driver", "passenger", "rear_left", "rear_right"] | None,
        Field(description="The seat that spoke this turn"),
    ] = "driver"
    agent: Annotated[
        Literal["car_genius", "travel_companion", "assistant"],
        Field(description="The agent that answered (the first request's)"),
    ]
    intent: IntentInfo
    answers: list[Answer]
    speech: Annotated[str, Field(description="In the session's language")]
    speech_text: Annotated[Bilingual, Field(description="Both languages")]
    cards: list[
        Annotated[
            StatusCard | WarningLightCard | ChargerListCard | RestaurantListCard | TripCard,
            Field(discriminator="type"),
        ]
    ]
    actions: list[Action]
    suggestions: list[str]
    trace: list[TraceStep]


class VehicleSnapshot(BaseModel):
    """
    The full vehicle with the freshness of its last report.
    """

    id: str
    vin: str
    name: Bilingual
    make: str
    model: str
    model_year: int
    body: Literal["SUV", "sedan", "hatchback", "wagon"]
    plate: str
    spec: VehicleSpec
    capabilities: list[
        Literal[
            "remote_lock",
            "remote_climate",
            "remote_charging",
            "charge_limit",
            "flash_lights",
            "honk",
            "send_destination",
            "digital_key",
            "tire_pressure",
            "window_state",
            "climate_state",
            "service_data",
            "location",
            "window_control",
            "sunroof",
            "power_tailgate",
            "seat_heating",
            "rear_seat_heating",
            "seat_ventilation",
            "rear_seat_ventilation",
            "steering_wheel_heating",
            "defrost",
            "ambient_light",
            "reading_lights",
            "child_lock",
        ]
    ]
    state: VehicleState
    as_of: AwareDatetime
    age_s: Annotated[float, Field(description="Seconds since the car last reported")]
    ux_restriction: Annotated[
        Literal["parked", "idling", "moving"],
        Field(
            description="What the driver may be shown or asked now (Android's CarUxRestrictions)"
        ),
    ]


class ChunkChoice(BaseModel):
    index: int
    delta: ChunkDelta
    finish_reason: Literal["stop", "tool_calls"] | None


class GenerationAnswer(BaseModel):
    """
    A text-generation answer, or one event of a streamed one.
    """

    request_id: Annotated[str, Field(description="As `X-Request-Id`")]
    output: MessageOutput | TextOutput
    usage: GenerationUsage


class Injected(BaseModel):
    delivered: Annotated[
        bool, Field(description="false: the session is muted or in its quiet hours")
    ]
    event: ProactiveEvent | None


class ReadingServiceData(BaseModel):
    vehicle_id: str
    as_of: Annotated[AwareDatetime, Field(description="The sim clock when this was read")]
    updated_at: Annotated[AwareDatetime | None, Field(description="When the car last reported it")]
    age_s: Annotated[float | None, Field(description="as_of - updated_at, in seconds")]
    data: ServiceData


class Trip(BaseModel):
    trip_id: str
    vehicle_id: str
    profile_id: str | None
    status: Literal["planned", "active", "arrived", "superseded", "cancelled"]
    request: TripPlanRequest
    plan: TripPlan
    planned_at: AwareDatetime
    started_at: AwareDatetime | None = None
    start_odometer_km: float | None = None
    replanned_from: str | None = None
    replaced_by: str | None = None
    meals: list[MealSuggestions] | None = None
    progress: TripProgress | None = None


class ChatCompletionChunk(BaseModel):
    """
    One event of a streamed chat completion, as OpenAI sends them.
    """

    id: str
    object: Literal["chat.completion.chunk"]
    created: int
    model: str
    choices: Annotated[
        list[ChunkChoice],
        Field(description="One choice; none in the last chunk, which then has `usage`"),
    ]
    usage: Annotated[
        ChunkUsage | None,
        Field(description='Only with `"stream_options": {"include_usage": true}`'),
    ] = None


class SandboxDocumentInput(BaseModel):
    """
    `GET /v1/sim/sandboxes/{name}/export` answers it, `PUT .../import` takes it back.
    """

    format: Annotated[Literal["incar-sandbox"], Field(description="Always `incar-sandbox`")]
    version: Annotated[Literal[1], Field(description="The document's format version")]
    name: Annotated[
        str, Field(description="The sandbox it was exported from (an import may go to any name)")
    ]
    exported_at_sim: Annotated[
        AwareDatetime, Field(description="The sandbox's sim time at the export")
    ]
    world: SavedWorld
    trips: Annotated[list[Trip], Field(description="Trips kept, oldest first")]
    chats: Annotated[list[Session], Field(description="Chat sessions, least recently used first")]
    profiles: Annotated[list[ProfileInput], Field(description="Driver profiles, by id")]
    faults: FaultConfig
    counters: Counters


class SandboxDocumentOutput(BaseModel):
    """
    `GET /v1/sim/sandboxes/{name}/export` answers it, `PUT .../import` takes it back.
    """

    format: Annotated[Literal["incar-sandbox"], Field(description="Always `incar-sandbox`")]
    version: Annotated[Literal[1], Field(description="The document's format version")]
    name: Annotated[
        str, Field(description="The sandbox it was exported from (an import may go to any name)")
    ]
    exported_at_sim: Annotated[
        AwareDatetime, Field(description="The sandbox's sim time at the export")
    ]
    world: SavedWorld
    trips: Annotated[list[Trip], Field(description="Trips kept, oldest first")]
    chats: Annotated[list[Session], Field(description="Chat sessions, least recently used first")]
    profiles: Annotated[list[ProfileOutput], Field(description="Driver profiles, by id")]
    faults: FaultConfig
    counters: Counters
