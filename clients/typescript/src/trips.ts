import { ApiError, type IncarClient, type Locale, type Schemas } from "./client";

export type TripPlanRequest = Schemas["TripPlanRequest"];
export type Trip = Schemas["Trip"];

export async function planTrip(client: IncarClient, request: TripPlanRequest): Promise<Trip> {
  const { data, error } = await client.POST("/v1/trips/plan", { body: request });
  if (error) throw new ApiError(error);
  return data;
}

/** One line per stop, e.g. "charge 嘉兴服务区 at 11:20, 23% → 80%". */
export function stopLines(trip: Trip, locale: Locale): string[] {
  return trip.plan.stops.map((stop) => {
    const at = new Date(stop.arrival_at).toLocaleTimeString(locale, { timeStyle: "short" });
    const soc =
      stop.kind === "charge" ? `, ${stop.arrival_soc_pct}% → ${stop.departure_soc_pct}%` : "";
    return `${stop.kind} ${stop.name[locale]} at ${at}${soc}`;
  });
}

/** What to tell the driver when no plan reaches the destination. */
export function infeasibleReason(trip: Trip, locale: Locale): string | null {
  if (trip.plan.status !== "infeasible" || !trip.plan.infeasible) return null;
  return trip.plan.infeasible.reason[locale];
}
