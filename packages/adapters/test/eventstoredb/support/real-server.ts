import { randomBytes } from "node:crypto"
import { describeEventStoreContract, scopedHarness } from "@gridcase/adapters/testing"
import type { EventStore } from "@gridcase/core"
import type { Effect, Scope } from "effect"
import { afterAll, describe } from "vitest"

/**
 * The contract suite against a real EventStoreDB or KurrentDB server, through one client, when
 * `EVENTSTORE_URL` names one (`esdb://localhost:2113?tls=false`; the README says how to start
 * one). Without it the suite is listed as skipped: no server can run here. Each client has its
 * own test file, since the two cannot share a process (see `grpc-protocol.ts`).
 *
 * Each store gets a fresh namespace on the shared server, so `$all` holds earlier runs' events
 * too; reads through EventStoreDB's client scan `$all` unfiltered, so fewer model runs keep the
 * suite to a few minutes.
 */
export const describeOnRealServer = <C extends { dispose: () => Promise<void> }>(
  name: string,
  /** The client, from `url` with the scheme it expects (`esdb` or `kurrentdb`). */
  connect: (url: string) => C,
  open: (
    client: C,
    namespace: string,
  ) => Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope>,
): void => {
  const url = process.env.EVENTSTORE_URL
  const skipped =
    url === undefined ? " (skipped: set EVENTSTORE_URL to a server, see packages/adapters/README.md)" : ""
  describe.skipIf(url === undefined)(`${name} on an EventStoreDB-family server${skipped}`, () => {
    // One client per file, opened on first use and disposed after the file's tests.
    let client: C | undefined
    afterAll(() => client?.dispose())
    describeEventStoreContract(
      name,
      scopedHarness(
        () => {
          client ??= connect(url!)
          return open(client, `gridcase-test-${randomBytes(6).toString("hex")}/`)
        },
        { numRuns: 5, uniqueEventIdsAcrossStreams: false },
      ),
    )
  })
}

/** `url` with the scheme a client expects; the server is the same. */
export const withScheme = (url: string, scheme: "esdb" | "kurrentdb"): string =>
  url.replace(/^[a-z]+(\+discover)?:/, `${scheme}$1:`)
