import { randomBytes } from "node:crypto"
import { EventStoreDBClient } from "@eventstore/db-client"
import { makeEventStoreDbEventStore } from "@gridcase/adapters/eventstoredb"
import { makeKurrentDbEventStore } from "@gridcase/adapters/kurrentdb"
import { describeEventStoreContract, type EventStoreHarness, scopedHarness } from "@gridcase/adapters/testing"
import type { EventStore } from "@gridcase/core"
import { KurrentDBClient } from "@kurrent/kurrentdb-client"
import type { Effect, Scope } from "effect"
import { afterAll, describe } from "vitest"

/**
 * The contract suite against a real EventStoreDB or KurrentDB server, through both clients,
 * when `EVENTSTORE_URL` names one (`esdb://localhost:2113?tls=false`; the README says how to
 * start one). Without it the suite is listed as skipped: no server can run here.
 *
 * Each store gets a fresh namespace on the shared server, so `$all` holds earlier runs' events
 * too; reads through EventStoreDB's client scan `$all` unfiltered, so fewer model runs keep the
 * suite to a few minutes.
 */
const url = process.env.EVENTSTORE_URL
const skipped =
  url === undefined ? " (skipped: set EVENTSTORE_URL to a server, see packages/adapters/README.md)" : ""

/** One client per file, opened on first use and disposed after the file's tests. */
const shared = <C extends { dispose: () => Promise<void> }>(open: () => C) => {
  let client: C | undefined
  afterAll(() => client?.dispose())
  return () => {
    client ??= open()
    return client
  }
}

const harness = (
  make: (namespace: string) => Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope>,
): EventStoreHarness =>
  scopedHarness(() => make(`gridcase-test-${randomBytes(6).toString("hex")}/`), {
    numRuns: 5,
    uniqueEventIdsAcrossStreams: false,
  })

describe.skipIf(url === undefined)(`EventStoreDB-family server${skipped}`, () => {
  // Each client takes its own scheme; the server is the same.
  const esdb = shared(() =>
    EventStoreDBClient.connectionString(url!.replace(/^[a-z]+(\+discover)?:/, "esdb$1:")),
  )
  const kurrent = shared(() =>
    KurrentDBClient.connectionString(url!.replace(/^[a-z]+(\+discover)?:/, "kurrentdb$1:")),
  )
  describeEventStoreContract(
    "eventstoredb",
    harness((namespace) => makeEventStoreDbEventStore({ connection: esdb(), namespace })),
  )
  describeEventStoreContract(
    "kurrentdb",
    harness((namespace) => makeKurrentDbEventStore({ connection: kurrent(), namespace })),
  )
})
