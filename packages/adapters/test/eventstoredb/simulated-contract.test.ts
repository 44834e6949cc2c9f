import { describeEventStoreContract } from "@gridcase/adapters/testing"
import { Effect } from "effect"
import { makeEsdbEventStore } from "../../src/eventstoredb/esdb-event-store.ts"
import { SimulatedServer } from "./support/simulated-server.ts"

/**
 * The whole contract suite through the EventStoreDB/KurrentDB mapping, against a simulated
 * server (no server can run here). Both ways `$all` can be read: unfiltered, as EventStoreDB's
 * client 6.x does, and filtered on the server, as KurrentDB's does. Each store gets a fresh
 * server, so `$all` holds nothing but its events and the server's own.
 */
for (const filtersReadAll of [false, true]) {
  describeEventStoreContract(
    `esdb mapping (simulated server, ${filtersReadAll ? "filtered" : "unfiltered"} $all reads)`,
    {
      make: () => Effect.runPromise(makeEsdbEventStore(new SimulatedServer(filtersReadAll).client)),
      uniqueEventIdsAcrossStreams: false,
    },
  )
}
