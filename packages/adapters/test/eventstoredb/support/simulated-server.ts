import { randomUUID } from "node:crypto"
import { StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from "@eventstore/db-client"
import type {
  EsdbClient,
  LogEventData,
  LogExpectedRevision,
  LogReadPosition,
  LogRecordedEvent,
  LogServerFilter,
} from "../../../src/eventstoredb/esdb-client.ts"

/**
 * An in-memory stand-in for an EventStoreDB server behind `EsdbClient`, so the store's mapping
 * runs end to end — the whole contract suite included — where no server can run. It follows
 * the server's rules as its source states them, and only those the store relies on:
 * - revisions from 0; `$all` positions are byte offsets, equal commit and prepare, growing by
 *   each record's size; the log starts with the server's own records;
 * - appends check the expected revision; a retry whose ids sit where the append would put
 *   them (exact revision) or among the stream's committed ids (`any`, `stream_exists`) succeeds
 *   again without writing; a match of only the first ids is refused as a wrong expected version;
 *   ids are checked within a stream only;
 * - a backwards stream read from revision r returns the revisions in [r - maxCount + 1, r];
 * - reads of `$all` include their start position, subscriptions start after it;
 * - every append is followed by a system link event in a `$ce-` stream (binary, as projections
 *   write them), so the store must never deliver or decode system events.
 * It is no proof of the real server's behaviour: the suite against one (EVENTSTORE_URL) is.
 */

interface Fault {
  /** Events a subscription delivers before it stops. */
  readonly after: number
  /** How it stops: ending as if the server closed it, or failing as a lost connection does. */
  readonly ending: "silently" | "unavailable"
}

const offsetOf = (event: LogRecordedEvent) => event.position!.commit

const passes = (filter: LogServerFilter, event: LogRecordedEvent) => {
  const subject = filter.filterOn === "streamName" ? event.streamId : event.type
  return "prefixes" in filter
    ? filter.prefixes.some((prefix) => subject.startsWith(prefix))
    : new RegExp(filter.regex).test(subject)
}

/** What the wire does to JSON: a fresh copy, `undefined` dropped. */
const overTheWire = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A

export class SimulatedServer {
  private readonly log: Array<LogRecordedEvent> = []
  private readonly streams = new Map<string, Array<LogRecordedEvent>>()
  private offset = 1_000n
  private wake: () => void = () => {}
  private woken: Promise<void> = this.renew()
  private readonly faults: Array<Fault> = []
  /** Subscriptions opened so far, to check that dropped ones were replaced. */
  subscriptionsOpened = 0

  /**
   * @param filtersReadAll whether `readAll` applies its filter on the server (KurrentDB's
   *   client) or reads `$all` unfiltered (EventStoreDB's client 6.x).
   */
  constructor(private readonly filtersReadAll: boolean) {}

  /** The next subscriptions opened stop as `faults` say, one fault each, in order. */
  dropSubscriptions(...faults: ReadonlyArray<Fault>): void {
    this.faults.push(...faults)
  }

  readonly client: EsdbClient = {
    name: "simulated",
    appendToStream: async (streamName, events, expected) => this.append(streamName, events, expected),
    readStream: (streamName, { fromRevision, direction, maxCount }) => {
      const stream = this.streams.get(streamName)
      if (stream === undefined) return this.failing(new StreamNotFoundError(undefined, streamName))
      if (direction === "forwards") {
        const start =
          fromRevision === "start" ? 0 : fromRevision === "end" ? stream.length : Number(fromRevision)
        return this.iterate(stream.slice(start, start + maxCount))
      }
      const end = fromRevision === "end" ? stream.length - 1 : Number(fromRevision)
      return this.iterate(stream.slice(Math.max(0, end - maxCount + 1), end + 1).reverse())
    },
    readAll: ({ fromPosition, maxCount, filter }) =>
      this.iterate(
        this.log
          .filter((event) => fromPosition === "start" || offsetOf(event) >= fromPosition.commit)
          .filter((event) => !this.filtersReadAll || passes(filter, event))
          .slice(0, maxCount),
      ),
    subscribeToAll: ({ fromPosition, filter }) => this.subscribe(fromPosition, filter),
  }

  /**
   * Writes `count` events to `streamName` as one explicit transaction of the legacy TCP API
   * would: each with its own prepare offset, all under the commit record's offset.
   */
  writeLegacyTransaction(streamName: string, count: number): void {
    const stream = this.streams.get(streamName) ?? []
    this.streams.set(streamName, stream)
    const commit = this.offset + BigInt(count * 100)
    for (let index = 0; index < count; index++) {
      const event: LogRecordedEvent = {
        streamId: streamName,
        id: randomUUID(),
        revision: BigInt(stream.length),
        type: "LegacyEvent",
        isJson: true,
        data: {},
        metadata: { eventId: randomUUID(), schemaVersion: 1, recordedAt: 0 },
        position: { commit, prepare: this.offset + BigInt(index * 100) },
      }
      stream.push(event)
      this.log.push(event)
    }
    this.offset = commit + 100n
  }

  private renew(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve
    })
  }

  private async *iterate(events: ReadonlyArray<LogRecordedEvent>) {
    for (const event of events) yield { event }
  }

  private async *failing(error: Error): AsyncGenerator<never> {
    yield* []
    throw error
  }

  private write(
    streamId: string,
    type: string,
    isJson: boolean,
    data: unknown,
    metadata: unknown,
    id: string,
  ) {
    const stream = this.streams.get(streamId) ?? []
    this.streams.set(streamId, stream)
    const event: LogRecordedEvent = {
      streamId,
      id: id.toLowerCase(),
      revision: BigInt(stream.length),
      type,
      isJson,
      data,
      metadata,
      position: { commit: this.offset, prepare: this.offset },
    }
    this.offset += BigInt(100 + JSON.stringify(data ?? null).length)
    stream.push(event)
    this.log.push(event)
  }

  private append(streamName: string, events: ReadonlyArray<LogEventData>, expected: LogExpectedRevision) {
    const stream = this.streams.get(streamName) ?? []
    const current = stream.length - 1
    const refuse = () => {
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected,
        current: current < 0 ? "no_stream" : BigInt(current),
      })
    }
    if (expected === "stream_exists" && current < 0) refuse()
    if (expected === "any" || expected === "stream_exists") {
      const stored = events.map((event) => stream.find((e) => e.id === event.id.toLowerCase()))
      if (stored[0] !== undefined) {
        if (stored.some((event) => event === undefined)) refuse()
        return { nextExpectedRevision: stored.at(-1)!.revision }
      }
    } else {
      const version = expected === "no_stream" ? -1 : Number(expected)
      if (version < current) {
        const matches = events.map(
          (event, index) => stream[version + 1 + index]?.id === event.id.toLowerCase(),
        )
        if (!matches.every(Boolean)) refuse()
        return { nextExpectedRevision: BigInt(version + events.length) }
      }
      if (version > current) refuse()
    }
    for (const event of events) {
      this.write(streamName, event.type, true, overTheWire(event.data), overTheWire(event.metadata), event.id)
      this.write(
        `$ce-${streamName.split("-")[0]}`,
        "$>",
        false,
        null,
        new Uint8Array([1, 2, 3]),
        randomUUID(),
      )
    }
    this.wake()
    this.woken = this.renew()
    return { nextExpectedRevision: BigInt(current + events.length) }
  }

  private subscribe(fromPosition: LogReadPosition, filter: LogServerFilter) {
    this.subscriptionsOpened++
    const fault = this.faults.shift()
    let open = true
    let stop: () => void = () => {}
    const stopped = new Promise<void>((resolve) => {
      stop = resolve
    })
    const server = this
    async function* deliver() {
      let next = 0
      let delivered = 0
      while (open) {
        const event = server.log[next]
        if (event === undefined) {
          await Promise.race([server.woken, stopped])
          continue
        }
        next++
        if (fromPosition !== "start" && offsetOf(event) <= fromPosition.commit) continue
        if (!passes(filter, event)) continue
        if (fault !== undefined && delivered === fault.after) {
          if (fault.ending === "silently") return
          throw new UnavailableError(undefined, "connection lost")
        }
        delivered++
        yield { event }
      }
    }
    return Object.assign(deliver(), {
      unsubscribe: async () => {
        open = false
        stop()
      },
    })
  }
}
