import { UnavailableError } from "@eventstore/db-client"
import type { EventStore } from "@gridcase/core"
import { Effect, Schedule, Stream } from "effect"
import { describe, expect, it } from "vitest"
import type { EsdbClient } from "../../src/eventstoredb/esdb-client.ts"
import { type EsdbStoreOptions, makeEsdbEventStore } from "../../src/eventstoredb/esdb-event-store.ts"
import { newEvent, newEvents, run, runFailure } from "../../src/testing/fixtures.ts"
import { SimulatedServer } from "./support/simulated-server.ts"

const storeOn = (client: EsdbClient, options: EsdbStoreOptions = {}): Promise<EventStore.Shape> =>
  Effect.runPromise(makeEsdbEventStore(client, options))

describe("the EventStoreDB mapping, on a simulated server", () => {
  it("keeps each namespace's streams to itself and hands stream ids back without it", async () => {
    const server = new SimulatedServer(false)
    const district = await storeOn(server.client, { namespace: "xiuying/" })
    const other = await storeOn(server.client, { namespace: "longhua/" })
    await run(district.append("case-1", newEvents(2), "noStream"))
    await run(other.append("case-1", newEvents(3), "noStream"))
    const mine = await run(district.readAll())
    expect(mine.map((event) => [event.streamId, event.revision])).toEqual([
      ["case-1", 1],
      ["case-1", 2],
    ])
    expect(await run(other.readStream("case-1"))).toHaveLength(3)
    const live = await run(district.subscribe().pipe(Stream.take(2), Stream.runCollect))
    expect(live).toEqual(mine)
  })

  it("reads past other clients' legacy transactions, and refuses loudly to number its own", async () => {
    const server = new SimulatedServer(false)
    const store = await storeOn(server.client, { namespace: "ours/" })
    const theirs = await storeOn(server.client, { namespace: "theirs/" })
    await run(store.append("case-1", newEvents(1), "noStream"))
    server.log.writeLegacyTransaction("theirs/case-9", 3)
    await run(store.append("case-1", newEvents(1), 1))
    expect((await run(store.readAll())).map((event) => event.revision)).toEqual([1, 2])
    const error = await runFailure(theirs.readAll())
    expect(error.message).toMatch(/explicit \(legacy TCP\) transaction/)
  })

  it("refuses a namespace in the server's system space", async () => {
    const error = await runFailure(
      makeEsdbEventStore(new SimulatedServer(false).client, { namespace: "$gridcase" }),
    )
    expect(error).toMatchObject({ _tag: "StoreUnavailable" })
    expect(error.message).toMatch(/starts with \$/)
  })

  it("refuses event ids that are not UUIDs, writing nothing", async () => {
    const store = await storeOn(new SimulatedServer(false).client)
    const error = await runFailure(
      store.append("case-1", [newEvent("CaseNoted", {}, { eventId: "case-1-event-1" })], "any"),
    )
    expect(error).toMatchObject({ _tag: "StoreUnavailable" })
    expect(error.message).toMatch(/"case-1-event-1" is not a UUID/)
    expect(await run(store.readAll())).toEqual([])
  })

  it("reads backwards from past a stream's end as from its last event", async () => {
    const store = await storeOn(new SimulatedServer(false).client)
    await run(store.append("case-1", newEvents(4), "noStream"))
    const read = await run(
      store.readStream("case-1", { direction: "backwards", fromRevision: 9, maxCount: 2 }),
    )
    expect(read.map((event) => event.revision)).toEqual([4, 3])
  })

  it("takes odd numbers in read options as the port's other stores do, without defects", async () => {
    const store = await storeOn(new SimulatedServer(false).client)
    await run(store.append("case-1", newEvents(3), "noStream"))
    const revisions = async (options: EventStore.ReadStreamOptions) =>
      (await run(store.readStream("case-1", options))).map((event) => event.revision)
    expect(await revisions({ maxCount: Number.NaN })).toEqual([])
    expect(await revisions({ fromRevision: 1.5 })).toEqual([2, 3])
    expect(await revisions({ fromRevision: Number.POSITIVE_INFINITY })).toEqual([])
    expect(await revisions({ direction: "backwards", fromRevision: 2.5 })).toEqual([2, 1])
    expect(await revisions({ direction: "backwards", fromRevision: Number.POSITIVE_INFINITY })).toEqual([
      3, 2, 1,
    ])
    expect(await revisions({ direction: "backwards", fromRevision: Number.NaN })).toEqual([])
    expect(await run(store.readAll({ after: 0.5, maxCount: 1.7 }))).toHaveLength(1)
  })

  it("a subscription that drops, silently or with an error, resumes after its last event", async () => {
    const server = new SimulatedServer(true)
    const store = await storeOn(server.client, { resubscribe: Schedule.spaced("1 millis") })
    await run(store.append("case-1", newEvents(5), "noStream"))
    server.dropSubscriptions(
      { after: 2, ending: "silently" },
      { after: 0, ending: "unavailable" },
      { after: 2, ending: "unavailable" },
    )
    const subscription = Effect.runPromise(store.subscribe().pipe(Stream.take(8), Stream.runCollect))
    await run(store.append("case-2", newEvents(3), "noStream"))
    const seen = await subscription
    expect(seen).toEqual(await run(store.readAll()))
    expect(server.subscriptionsOpened).toBe(4)
  })

  it("a server that cannot be reached surfaces as StoreUnavailable", async () => {
    const lost = new UnavailableError(undefined, "14 UNAVAILABLE: No connection established")
    const unreachable: EsdbClient = {
      ...new SimulatedServer(false).client,
      name: "eventstoredb",
      appendToStream: () => Promise.reject(lost),
    }
    const store = await storeOn(unreachable)
    const error = await runFailure(store.append("case-1", newEvents(1), "any"))
    expect(error).toMatchObject({ _tag: "StoreUnavailable", cause: lost })
    expect(error.message).toBe("eventstoredb: unavailable: 14 UNAVAILABLE: No connection established")
  })
})
