// A drive-by of the whole client: what a frontend does on start-up and in the assistant panel.
export * from "./chat";
export * from "./client";
export * from "./trips";
export * from "./vehicle";

import { startChat, streamMessage, type ChatEvent } from "./chat";
import { createIncarClient, type Connection } from "./client";
import { planTrip, stopLines } from "./trips";
import { energyLabel, getVehicle } from "./vehicle";

export async function demo(connection: Connection): Promise<string[]> {
  const client = createIncarClient(connection);
  const car = await getVehicle(client, "ix3-shanghai");
  const trip = await planTrip(client, {
    vehicle_id: car.id,
    destination: "北京",
    profile_id: "vegetarian-en",
  });
  const session = await startChat(client, car.id, "en");
  const events: ChatEvent[] = [];
  const turn = await streamMessage(connection, session, "How far can I drive?", (event) => {
    events.push(event);
  });
  return [energyLabel(car), ...stopLines(trip, "en"), `${turn.agent}: ${turn.speech}`];
}
