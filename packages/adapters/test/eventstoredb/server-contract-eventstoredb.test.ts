import { EventStoreDBClient } from "@eventstore/db-client"
import { makeEventStoreDbEventStore } from "@gridcase/adapters/eventstoredb"
import { describeOnRealServer, withScheme } from "./support/real-server.ts"

/** The contract suite through `@eventstore/db-client` against the server `EVENTSTORE_URL` names. */
describeOnRealServer(
  "eventstoredb",
  (url) => EventStoreDBClient.connectionString(withScheme(url, "esdb")),
  (connection, namespace) => makeEventStoreDbEventStore({ connection, namespace }),
)
