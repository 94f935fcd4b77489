"""The agents' tools: one plain function per capability, typed input and output models.

The chat pipeline and the OpenAI-compatible endpoint call these; each calls the same domain
functions the REST endpoints use, so a chat answer and a REST read never disagree. A tool's JSON
schema is its input model's `model_json_schema()`, never written by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, Field, ValidationError

from agents.car_genius.alerts import Alert, derive_alerts
from agents.car_genius.briefing import BriefingTopic
from agents.car_genius.briefing_cache import current_briefing
from agents.car_genius.warning_lights import WarningLight
from agents.conversation.cabin_tools import CabinDone, CabinInput, control_cabin
from agents.conversation.tool_input import ToolInput as ToolInput
from agents.errors import DomainError, InvalidInput
from agents.text import Bilingual, Locale, bi
from agents.travel.chargers import ChargerMatch, search_chargers
from agents.travel.dining import DiningQuery, DiningResult, Exclusion, search_dining
from agents.travel.plan_models import Meal, PlanStatus
from agents.travel.profiles import DietaryRule, Profile
from agents.travel.restaurants import Cuisine
from agents.travel.trip_dining import as_results, suggest_for_trip
from agents.travel.trips import Trip, TripPlanRequest
from agents.world.commands import Command, CommandRequest
from agents.world.models import Coordinates, Vehicle

if TYPE_CHECKING:
    from agents.catalog import Catalog
    from agents.sandbox import Sandbox

ToolAgent = Literal["car_genius", "travel_companion"]

StatusTopic = Literal[
    "overview",
    "range",
    "battery",
    "charging",
    "tires",
    "locks",
    "doors_windows",
    "climate",
    "location",
    "odometer",
    "service",
]

_BRIEFING_TOPIC: dict[StatusTopic, BriefingTopic | None] = {
    "overview": None,
    "range": BriefingTopic.ENERGY,
    "battery": BriefingTopic.ENERGY,
    "charging": BriefingTopic.CHARGING,
    "tires": BriefingTopic.TIRES,
    "locks": BriefingTopic.SECURITY,
    "doors_windows": BriefingTopic.SECURITY,
    "climate": BriefingTopic.CLIMATE,
    "location": BriefingTopic.LOCATION,
    "odometer": BriefingTopic.ODOMETER,
    "service": BriefingTopic.SERVICE,
}


@dataclass
class ToolContext:
    """What a tool may touch: the sandbox (world, trips, profiles), the read-only catalog, and
    the conversation's vehicle, profile and locale."""

    sandbox: Sandbox
    catalog: Catalog
    vehicle_id: str
    profile_id: str | None = None
    locale: Locale = "zh"

    def now(self) -> datetime:
        return self.sandbox.world.sync()

    def vehicle(self) -> Vehicle:
        return self.sandbox.world.vehicle(self.vehicle_id)

    def awake_vehicle(self) -> Vehicle:
        return self.sandbox.world.awake_vehicle(self.vehicle_id)

    def profile(self) -> Profile | None:
        if self.profile_id is None or self.profile_id not in self.sandbox.profiles:
            return None
        return self.sandbox.profiles.get(self.profile_id)

    def vehicle_sources(self) -> list[str]:
        """The fixture files the vehicle's state comes from (its file, then the scenario's)."""
        sources = [f"vehicles/{self.vehicle_id}.json"]
        scenario = self.sandbox.world.scenario_id
        if scenario is not None:
            sources.append(f"scenarios/{scenario}.json")
        return sources


# --- Car Genius -------------------------------------------------------------------------------


class StatusInput(ToolInput):
    topic: StatusTopic = Field(default="overview", description="What about the car to report")


class VehicleStatus(BaseModel):
    vehicle_id: str
    name: Bilingual
    topic: StatusTopic
    text: Bilingual = Field(description="The answer for the topic, from the car's state")
    headline: Bilingual
    speed_kmh: float
    facts: dict[str, float | str | bool | None]
    alerts: list[Alert]
    as_of: AwareDatetime


def _facts(vehicle: Vehicle, topic: StatusTopic) -> dict[str, float | str | bool | None]:
    s = vehicle.state
    facts: dict[str, float | str | bool | None] = {"speed_kmh": s.motion.speed_kmh}
    if topic in ("overview", "range", "battery", "charging"):
        if s.battery is not None:
            facts["soc_pct"] = s.battery.soc_pct
            facts["range_km"] = s.battery.range_km
        if s.fuel is not None:
            facts["fuel_pct"] = s.fuel.level_pct
            facts["fuel_range_km"] = s.fuel.range_km
        if s.charging is not None:
            facts["charging_status"] = s.charging.status.value
            facts["charge_limit_pct"] = s.charging.limit_pct
    if topic in ("overview", "locks", "doors_windows"):
        facts["locked"] = s.security.locked
    if topic == "climate" and s.climate is not None:
        facts["cabin_temp_c"] = s.climate.cabin_temp_c
        facts["hvac_on"] = s.climate.hvac_on
    if topic == "odometer":
        facts["odometer_km"] = s.motion.odometer_km
    return facts


def get_vehicle_status(ctx: ToolContext, args: StatusInput) -> VehicleStatus:
    """The car's state on one topic, as the briefing (GET /v1/car-genius/{id}/briefing) says."""
    vehicle = ctx.awake_vehicle()
    now = ctx.now()
    briefing = current_briefing(ctx.sandbox.world, vehicle, ctx.catalog.lights, now)
    wanted = _BRIEFING_TOPIC[args.topic]
    item = next((i for i in briefing.items if i.topic is wanted), None)
    text = item.text if item is not None else briefing.headline
    return VehicleStatus(
        vehicle_id=vehicle.id,
        name=vehicle.name,
        topic=args.topic,
        text=text,
        headline=briefing.headline,
        speed_kmh=vehicle.state.motion.speed_kmh,
        facts=_facts(vehicle, args.topic),
        alerts=briefing.alerts,
        as_of=now,
    )


class LightInput(ToolInput):
    description: str = Field(
        min_length=1, max_length=200, examples=["orange engine light", "红色的刹车灯"]
    )
    color: str | None = Field(default=None, examples=["yellow"])
    system: str | None = Field(default=None, examples=["engine"])


# `fail_fast` on result lists: a client's tool result (OpenAI-compatible `tool` messages) is read
# with these models, and a long list of wrong items should fail at the first, not build an error
# per item.


class LightAnswer(BaseModel):
    matches: list[WarningLight] = Field(fail_fast=True)
    active_on_vehicle: list[str] = Field(description="Ids of the matches lit on the car now")


def explain_warning_light(ctx: ToolContext, args: LightInput) -> LightAnswer:
    """What a dashboard light means and what to do (GET /v1/car-genius/warning-lights?q=)."""
    matches = ctx.catalog.lights.match(args.color, args.system, args.description, limit=3)
    vehicle = ctx.sandbox.world.vehicles.get(ctx.vehicle_id)
    lit = {m.light_id for m in vehicle.state.check_control} if vehicle else set()
    return LightAnswer(matches=matches, active_on_vehicle=[m.id for m in matches if m.id in lit])


class AlertsInput(ToolInput):
    pass


class AlertList(BaseModel):
    alerts: list[Alert]


def get_alerts(ctx: ToolContext, _args: AlertsInput) -> AlertList:
    """Alerts derived from the car's state (GET /v1/vehicles/{id}/alerts)."""
    vehicle = ctx.awake_vehicle()
    return AlertList(alerts=derive_alerts(vehicle, ctx.catalog.lights, ctx.now()))


class RemoteCommandInput(ToolInput):
    command: CommandRequest


class CommandSent(BaseModel):
    command_id: str
    vehicle_id: str
    type: str
    status: str


def send_remote_command(ctx: ToolContext, args: RemoteCommandInput) -> CommandSent:
    """Send a remote command (POST /v1/vehicles/{id}/commands); refusals raise."""
    command = ctx.sandbox.world.submit_command(ctx.vehicle_id, args.command)
    return CommandSent(
        command_id=command.command_id,
        vehicle_id=command.vehicle_id,
        type=command.request.type,
        status=command.status.value,
    )


class CommandStatusInput(ToolInput):
    command_id: str = Field(min_length=1, max_length=40, examples=["cmd-0001"])


def get_command_status(ctx: ToolContext, args: CommandStatusInput) -> Command:
    """A command's progress (GET /v1/vehicles/{id}/commands/{command_id})."""
    return ctx.sandbox.world.command(ctx.vehicle_id, args.command_id)


# --- Travel Companion -------------------------------------------------------------------------


class ChargerSearchInput(ToolInput):
    near: Coordinates | None = Field(default=None, description="Default: where the car is")
    radius_km: float = Field(default=15, gt=0, le=100)
    min_power_kw: float = Field(default=0, ge=0, le=800)
    limit: int = Field(default=5, ge=1, le=20)
    sort: Literal["distance", "power", "price"] = "distance"


class ChargerList(BaseModel):
    near: Coordinates
    results: list[ChargerMatch] = Field(fail_fast=True)


def _car_position(ctx: ToolContext) -> Coordinates:
    location = ctx.vehicle().state.location
    if location is None:
        raise InvalidInput(
            bi("不知道车辆的位置。", "The car's location is unknown."), code="LOCATION_UNKNOWN"
        )
    return location.coordinates


# How many chargers to look at before sorting by something other than distance.
_CHARGER_POOL = 30


def find_chargers(ctx: ToolContext, args: ChargerSearchInput) -> ChargerList:
    """Chargers near the car (GET /v1/chargers), nearest, most powerful or cheapest first."""
    near = args.near or _car_position(ctx)
    pool = search_chargers(
        ctx.catalog.travel.chargers,
        near=near,
        radius_km=args.radius_km,
        min_power_kw=args.min_power_kw,
        at=ctx.now(),
        limit=_CHARGER_POOL,
    )
    if args.sort == "power":
        pool.sort(key=lambda m: (-m.max_power_kw, m.distance_km))
    elif args.sort == "price":
        pool.sort(key=lambda m: (m.price.total_cny_per_kwh, m.distance_km))
    return ChargerList(near=near, results=pool[: args.limit])


class RestaurantSearchInput(ToolInput):
    near: Coordinates | None = Field(default=None, description="Default: where the car is")
    radius_km: float = Field(default=10, gt=0, le=50)
    cuisines: list[Cuisine] | None = None
    dietary: list[DietaryRule] | None = None
    max_budget_cny: float | None = Field(default=None, gt=0, le=5000)
    sort: Literal["score", "price", "distance", "rating"] = "score"
    limit: int = Field(default=5, ge=1, le=20)
    trip_id: str | None = Field(
        default=None, max_length=64, description="With `meal`: eat at this trip's meal stop"
    )
    meal: Meal | None = Field(
        default=None, description="With `trip_id`: near the stop nearest this meal's time"
    )


class RestaurantList(BaseModel):
    near: Coordinates
    results: list[DiningResult] = Field(fail_fast=True)
    excluded: dict[Exclusion, int]


def find_restaurants(ctx: ToolContext, args: RestaurantSearchInput) -> RestaurantList:
    """Restaurants near the car for the driver's party (GET /v1/dining/search)."""
    profile = ctx.profile()
    if args.trip_id is not None and args.meal is not None:
        trip = ctx.sandbox.trips.get(args.trip_id)
        found_on_trip = suggest_for_trip(
            ctx.catalog.travel.dining,
            trip.plan,
            profile,
            meal=args.meal,
            dietary=args.dietary,
            cuisines=args.cuisines,
            limit=args.limit,
        )
        return RestaurantList(
            near=found_on_trip.place.coordinates,
            results=as_results(found_on_trip),
            excluded=found_on_trip.excluded,
        )
    near = args.near or _car_position(ctx)
    query = DiningQuery(
        near=near,
        radius_km=args.radius_km,
        open_at=ctx.now(),
        cuisines=args.cuisines,
        dietary=_with_profile_rules(args.dietary, profile),
        max_budget_cny=args.max_budget_cny,
        limit=20 if args.sort != "score" else args.limit,
    )
    found = search_dining(ctx.catalog.travel.dining, query, profile)
    results = found.results
    if args.sort == "price":
        results.sort(key=lambda r: (r.restaurant.avg_spend_cny, -r.score))
    elif args.sort == "distance":
        results.sort(key=lambda r: (r.distance_km, -r.score))
    elif args.sort == "rating":
        results.sort(key=lambda r: (-r.restaurant.rating, -r.score))
    return RestaurantList(near=near, results=results[: args.limit], excluded=found.excluded)


def _with_profile_rules(
    asked: list[DietaryRule] | None, profile: Profile | None
) -> list[DietaryRule] | None:
    """A rule asked for in the conversation adds to the profile's own, never replaces them."""
    if asked is None:
        return None
    base = list(profile.dietary) if profile is not None else []
    return base + [rule for rule in asked if rule not in base]


class TripInput(ToolInput):
    destination: str = Field(min_length=1, max_length=120, examples=["杭州", "Suzhou"])
    waypoints: list[str] = Field(default_factory=list, max_length=8)


def plan_trip(ctx: ToolContext, args: TripInput) -> Trip:
    """Plan a trip for the car from where it is (POST /v1/trips/plan)."""
    request = TripPlanRequest(
        vehicle_id=ctx.vehicle_id,
        destination=args.destination,
        waypoints=list(args.waypoints),
        profile_id=ctx.profile_id if ctx.profile() is not None else None,
    )
    return ctx.sandbox.trips.plan(ctx.sandbox.world, ctx.catalog.travel, request, ctx.profile())


def trip_is_feasible(trip: Trip) -> bool:
    return trip.plan.status is PlanStatus.OK


# --- the registry -----------------------------------------------------------------------------

In = TypeVar("In", bound=ToolInput)
Out = TypeVar("Out", bound=BaseModel)


@dataclass(frozen=True)
class Tool(Generic[In, Out]):
    name: str
    agent: ToolAgent
    description: Bilingual
    input_model: type[In]
    output_model: type[Out]
    run: Callable[[ToolContext, In], Out]
    sources: Callable[[ToolContext], list[str]]
    side_effect: bool = False

    def json_schema(self) -> dict[str, Any]:
        return self.input_model.model_json_schema()

    def call(self, ctx: ToolContext, arguments: dict[str, Any]) -> Out:
        """Validate raw arguments and run; invalid arguments raise InvalidInput."""
        return self.run(ctx, self.parse(arguments))

    def parse(self, arguments: dict[str, Any]) -> In:
        try:
            return self.input_model.model_validate(arguments)
        except ValidationError as exc:
            raise InvalidInput(
                bi("工具参数无效。", f"Invalid arguments for {self.name}."),
                hint=str(exc),
                extra={"errors": exc.errors(include_url=False)},
            ) from exc


def _lights_source(_ctx: ToolContext) -> list[str]:
    return ["warning_lights.json"]


def _chargers_source(_ctx: ToolContext) -> list[str]:
    return ["travel/chargers.json"]


def _dining_source(ctx: ToolContext) -> list[str]:
    return [*ctx.vehicle_sources(), "travel/restaurants.json", "travel/profiles.json"]


def _trip_source(ctx: ToolContext) -> list[str]:
    return [*ctx.vehicle_sources(), "travel/places.json", "travel/roads.json"]


TOOLS: dict[str, Tool[Any, Any]] = {
    tool.name: tool
    for tool in (
        Tool(
            "get_vehicle_status",
            "car_genius",
            bi("查询车辆状态：电量、续航、充电、胎压、门锁、空调、位置、里程、保养。",
               "Read the car's state: battery, range, charging, tyres, locks, climate, "
               "location, odometer, service."),
            StatusInput,
            VehicleStatus,
            get_vehicle_status,
            lambda ctx: ctx.vehicle_sources(),
        ),
        Tool(
            "get_alerts",
            "car_genius",
            bi("列出车辆当前需要注意的提醒。", "List what about the car needs attention now."),
            AlertsInput,
            AlertList,
            get_alerts,
            lambda ctx: [*ctx.vehicle_sources(), "warning_lights.json"],
        ),
        Tool(
            "explain_warning_light",
            "car_genius",
            bi("解释仪表盘警示灯的含义和处理方法。",
               "Explain what a dashboard warning light means and what to do."),
            LightInput,
            LightAnswer,
            explain_warning_light,
            _lights_source,
        ),
        Tool(
            "send_remote_command",
            "car_genius",
            bi("向车辆发送远程指令：上锁、解锁、空调、充电、闪灯、鸣笛、发送目的地。",
               "Send a remote command to the car: lock, unlock, climate, charging, flash "
               "lights, honk, send a destination."),
            RemoteCommandInput,
            CommandSent,
            send_remote_command,
            lambda ctx: ctx.vehicle_sources(),
            side_effect=True,
        ),
        Tool(
            "control_cabin",
            "car_genius",
            bi("在车内立即操作座舱：车窗、天窗、后备箱、座椅加热通风、方向盘加热、除雾、"
               "氛围灯、阅读灯、儿童锁、分区温度。",
               "Operate the cabin at once from inside the car: windows, sunroof, boot, seat "
               "heating and ventilation, wheel heat, defrost, lights, child lock, zone climate."),
            CabinInput,
            CabinDone,
            control_cabin,
            lambda ctx: ctx.vehicle_sources(),
            side_effect=True,
        ),
        Tool(
            "get_command_status",
            "car_genius",
            bi("查询远程指令的执行进度。", "Check the progress of a remote command."),
            CommandStatusInput,
            Command,
            get_command_status,
            lambda ctx: ctx.vehicle_sources(),
        ),
        Tool(
            "find_chargers",
            "travel_companion",
            bi("查找车辆附近的充电站。", "Find charging stations near the car."),
            ChargerSearchInput,
            ChargerList,
            find_chargers,
            _chargers_source,
        ),
        Tool(
            "find_restaurants",
            "travel_companion",
            bi("按口味、预算和饮食限制查找附近的餐厅。",
               "Find restaurants nearby for the driver's tastes, budget and dietary rules."),
            RestaurantSearchInput,
            RestaurantList,
            find_restaurants,
            _dining_source,
        ),
        Tool(
            "plan_trip",
            "travel_companion",
            bi("规划到目的地的电动车行程，包含充电和用餐停靠。",
               "Plan an EV trip to a destination, with charging and meal stops."),
            TripInput,
            Trip,
            plan_trip,
            _trip_source,
        ),
    )
}  # fmt: skip


def tools_of(agent: ToolAgent | None) -> list[Tool[Any, Any]]:
    return [t for t in TOOLS.values() if agent is None or t.agent == agent]


@dataclass(frozen=True)
class ToolOutcome:
    """One tool call as the trace shows it: the result, or the refusal the domain raised."""

    tool: str
    agent: ToolAgent
    arguments: dict[str, Any]
    result: BaseModel | None
    error: DomainError | None
    sources: list[str]


def run_tool(ctx: ToolContext, name: str, arguments: dict[str, Any]) -> ToolOutcome:
    """Call a tool by name; domain refusals are captured, not raised (the reply reports them)."""
    tool = TOOLS[name]
    try:
        result: BaseModel | None = tool.call(ctx, arguments)
        error: DomainError | None = None
    except DomainError as exc:
        result, error = None, exc
    return ToolOutcome(name, tool.agent, arguments, result, error, tool.sources(ctx))
