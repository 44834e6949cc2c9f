import { makeKurrentDbEventStore } from "@gridcase/adapters/kurrentdb"
import { KurrentDBClient } from "@kurrent/kurrentdb-client"
import { describeOnRealServer, withScheme } from "./support/real-server.ts"

/** The contract suite through `@kurrent/kurrentdb-client` against the server `EVENTSTORE_URL` names. */
describeOnRealServer(
  "kurrentdb",
  (url) => KurrentDBClient.connectionString(withScheme(url, "kurrentdb")),
  (connection, namespace) => makeKurrentDbEventStore({ connection, namespace }),
)
