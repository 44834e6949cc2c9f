import { createServer } from "node:net"
import { makeEventStoreDbEventStore } from "@gridcase/adapters/eventstoredb"
import { makeKurrentDbEventStore } from "@gridcase/adapters/kurrentdb"
import type { EventStore } from "@gridcase/core"
import { Effect, Schedule, type Scope, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { newEvents } from "../../src/testing/fixtures.ts"

/**
 * Both subpaths wired to their real clients, with nothing listening: every call goes through
 * the client and gRPC and must come back as `StoreUnavailable` — quickly, and for
 * subscriptions after the resubscriptions the schedule allows.
 */

/** A loopback port nothing listens on (taken, then released). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

type Open = (
  connection: string,
  resubscribe: Schedule.Schedule<unknown>,
) => Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope>

const subpaths: ReadonlyArray<readonly [string, string, Open]> = [
  [
    "eventstoredb",
    "esdb",
    (connection, resubscribe) => makeEventStoreDbEventStore({ connection, namespace: "t/", resubscribe }),
  ],
  [
    "kurrentdb",
    "kurrentdb",
    (connection, resubscribe) => makeKurrentDbEventStore({ connection, namespace: "t/", resubscribe }),
  ],
]

describe.each(subpaths)("%s with no server", (name, scheme, open) => {
  const withStore = <A, E>(use: (store: EventStore.Shape) => Effect.Effect<A, E>) =>
    Effect.promise(closedPort).pipe(
      Effect.flatMap((port) => open(`${scheme}://127.0.0.1:${port}?tls=false`, Schedule.recurs(2))),
      Effect.flatMap(use),
      Effect.scoped,
      Effect.flip,
      Effect.runPromise,
    )

  it("appends and reads fail as StoreUnavailable naming the client", async () => {
    for (const error of [
      await withStore((store) => store.append("case-1", newEvents(1), "noStream")),
      await withStore((store) => store.readStream("case-1")),
      await withStore((store) => store.readAll()),
    ]) {
      expect(error).toMatchObject({ _tag: "StoreUnavailable" })
      expect(error.message).toMatch(new RegExp(`^${name}: .*unavailable`, "i"))
    }
  })

  it("a subscription resubscribes as its schedule allows, then fails as StoreUnavailable", async () => {
    const error = await withStore((store) => store.subscribe().pipe(Stream.runDrain))
    expect(error.message).toMatch(
      new RegExp(`^subscription dropped and not resumed: ${name}: .*unavailable`, "i"),
    )
  })

  it("a connection string the client cannot parse is a StoreUnavailable", async () => {
    const error = await Effect.runPromise(
      Effect.flip(Effect.scoped(open("http://nowhere", Schedule.recurs(0)))),
    )
    expect(error.message).toMatch(new RegExp(`^${name}: bad connection string`))
  })
})
