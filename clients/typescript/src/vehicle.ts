import { ApiError, type IncarClient, type Schemas } from "./client";

export type VehicleSnapshot = Schemas["VehicleSnapshot"];

export async function getVehicle(
  client: IncarClient,
  vehicleId: string,
): Promise<VehicleSnapshot> {
  const { data, error } = await client.GET("/v1/vehicles/{vehicle_id}", {
    params: { path: { vehicle_id: vehicleId } },
  });
  if (error) throw new ApiError(error);
  return data;
}

/** The energy tile: "72% · 310 km" for an EV, the fuel level for a combustion car. */
export function energyLabel({ state }: VehicleSnapshot): string {
  if (state.battery) return `${state.battery.soc_pct}% · ${state.battery.range_km} km`;
  if (state.fuel) return `${state.fuel.level_pct}% · ${state.fuel.range_km} km`;
  return "—";
}
