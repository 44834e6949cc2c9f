import type { EsdbStoreOptions } from "@gridcase/adapters/eventstoredb"
import { describeEventStoreContract, scopedHarness } from "@gridcase/adapters/testing"
import type { EventStore } from "@gridcase/core"
import { Effect, Fiber, Schedule, type Scope, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { newEvents } from "../../../src/testing/fixtures.ts"
import type { ClientPackage } from "./grpc-protocol.ts"
import { type GrpcStandIn, startGrpcStandIn } from "./grpc-stand-in.ts"

/** Opens a store on the subpath under test, with its own client, from a connection string. */
export type OpenStore = (
  connection: string,
  options: EsdbStoreOptions,
) => Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope>

/** A stand-in for the scope, closed with it (after the store's client, opened later, is disposed). */
const standIn = (client: ClientPackage, serverFeatures = true) =>
  Effect.acquireRelease(
    Effect.promise(() => startGrpcStandIn(client, { serverFeatures })),
    (server) => Effect.promise(server.close),
  )

/**
 * KurrentDB's Rust reader waits its discovery interval (500 ms by default) before it first
 * connects, even to a single node; the stand-in answers at once.
 */
const connectionFor = (client: ClientPackage, server: GrpcStandIn) =>
  client === "kurrentdb" ? `${server.connectionString}&discoveryInterval=1` : server.connectionString

/** Runs `use` on a store opened by `open` on a fresh stand-in; everything closes afterwards. */
const withStandIn = <A, E>(
  client: ClientPackage,
  open: OpenStore,
  use: (store: EventStore.Shape, server: GrpcStandIn) => Effect.Effect<A, E>,
  { serverFeatures = true, options = {} }: { serverFeatures?: boolean; options?: EsdbStoreOptions } = {},
): Promise<A> =>
  Effect.runPromise(
    standIn(client, serverFeatures).pipe(
      Effect.flatMap((server) =>
        open(connectionFor(client, server), options).pipe(Effect.flatMap((store) => use(store, server))),
      ),
      Effect.scoped,
    ),
  )

/**
 * The store on `client`'s real client, over gRPC to the stand-in (`grpc-stand-in.ts`): the
 * whole contract suite, then what the client hands the store when the server answers badly or
 * not at all. Call it from a test file that loads only this client (`grpc-protocol.ts` says why).
 * `refused` is the client's own error class for a refusal of access.
 */
export const describeClientOverGrpc = (
  client: ClientPackage,
  open: OpenStore,
  refused: abstract new (...args: never) => Error,
): void => {
  describeEventStoreContract(
    `${client} client over gRPC (stand-in server)`,
    scopedHarness(
      () => standIn(client).pipe(Effect.flatMap((server) => open(connectionFor(client, server), {}))),
      { uniqueEventIdsAcrossStreams: false },
    ),
  )

  describe(`${client} client over gRPC: the server's answers as the client hands them over`, () => {
    it("takes the actual version of a conflict from the server's answer, so a server that misreports it is caught", async () => {
      const [honest, lying] = await withStandIn(client, open, (store, server) =>
        Effect.gen(function* () {
          yield* store.append("case-1", newEvents(2), "noStream")
          const honest = yield* Effect.flip(store.append("case-1", newEvents(1), "noStream"))
          server.faults.answerAppend = (outcome) =>
            outcome._tag === "WrongExpectedVersion"
              ? { ...outcome, currentRevision: outcome.currentRevision + 5n }
              : outcome
          const lying = yield* Effect.flip(store.append("case-1", newEvents(1), "noStream"))
          return [honest, lying] as const
        }),
      )
      // The contract's check (`actual: 2` after two events) holds for the honest answer only.
      expect(honest).toMatchObject({ _tag: "WrongExpectedVersion", actual: 2 })
      expect(lying).toMatchObject({ _tag: "WrongExpectedVersion", actual: 7 })
    })

    it("a refused read reaches the store as the client's access-denied error, as StoreUnavailable", async () => {
      const errors = await withStandIn(client, open, (store, server) =>
        Effect.gen(function* () {
          yield* store.append("case-1", newEvents(1), "noStream")
          server.faults.refuseReads = true
          return [yield* Effect.flip(store.readStream("case-1")), yield* Effect.flip(store.readAll())]
        }),
      )
      for (const error of errors) {
        expect(error).toMatchObject({ _tag: "StoreUnavailable" })
        expect(error.cause).toBeInstanceOf(refused)
        expect(error.message).toMatch(new RegExp(`^${client}: access-denied`))
      }
    })

    it("a subscription the server drops with UNAVAILABLE is resumed after its last event", async () => {
      const [seen, stored, opened] = await withStandIn(
        client,
        open,
        (store, server) =>
          Effect.gen(function* () {
            yield* store.append("case-1", newEvents(4), "noStream")
            server.faults.dropSubscriptionsAfter = [2, 0, 1]
            const fiber = yield* Effect.forkChild(store.subscribe().pipe(Stream.take(7), Stream.runCollect))
            yield* store.append("case-2", newEvents(3), "noStream")
            const seen = yield* Fiber.join(fiber)
            return [seen, yield* store.readAll(), server.subscriptionsOpened()] as const
          }),
        { options: { resubscribe: Schedule.spaced("5 millis") } },
      )
      expect(seen).toEqual(stored)
      expect(opened).toBe(4)
    })

    it("on a server without ServerFeatures (before 21.10) the client appends with Append, and conflicts and retries hold", async () => {
      await withStandIn(
        client,
        open,
        (store) =>
          Effect.gen(function* () {
            const events = newEvents(2)
            const first = yield* store.append("case-1", events, "noStream")
            expect(yield* store.append("case-1", events, "noStream")).toEqual(first)
            expect(yield* Effect.flip(store.append("case-1", newEvents(1), 1))).toMatchObject({
              _tag: "WrongExpectedVersion",
              actual: 2,
            })
            expect(yield* Effect.flip(store.append("case-2", newEvents(1), "exists"))).toMatchObject({
              _tag: "WrongExpectedVersion",
              actual: 0,
            })
            expect((yield* store.readStream("case-1")).map((event) => event.metadata.eventId)).toEqual(
              events.map((event) => event.metadata.eventId),
            )
          }),
        { serverFeatures: false },
      )
    })
  })
}
