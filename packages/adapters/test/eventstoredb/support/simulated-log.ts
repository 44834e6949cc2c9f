import { randomUUID } from "node:crypto"
import type {
  LogExpectedRevision,
  LogPosition,
  LogServerFilter,
} from "../../../src/eventstoredb/esdb-client.ts"

/**
 * The in-memory storage behind both stand-ins for an EventStoreDB/KurrentDB server (模拟服务器):
 * `SimulatedServer` serves it behind the store's `EsdbClient` interface, `startGrpcStandIn`
 * over gRPC to the real clients. It follows the server's rules as the server's source states
 * them (KurrentDB, `src/KurrentDB.Core`; each rule names its file), and only those the stores
 * rely on. It is no proof of the server itself: the suite against one (EVENTSTORE_URL) is.
 *
 * - Revisions count from 0 per stream. `$all` positions are byte offsets in the transaction
 *   log, each event in its own record with equal commit and prepare offsets, growing by each
 *   record's size; the log starts with the server's own records (an `$epoch-information` event).
 * - Every event appended is followed by a link event (`$>`, binary) in a `$ce-` stream, as the
 *   server's `$by_category` projection writes them, so `$all` always holds system events.
 * - Event ids are kept as the server keeps them: as GUIDs, so compared and read back lowercase.
 */

/** An event as the log stores it: payloads are bytes, as they travel. */
export interface StoredEvent {
  readonly streamId: string
  readonly id: string
  readonly revision: bigint
  readonly type: string
  readonly isJson: boolean
  readonly data: Uint8Array
  readonly metadata: Uint8Array
  readonly created: Date
  readonly position: LogPosition
}

/** An event proposed by an append. */
export interface ProposedEvent {
  readonly id: string
  readonly type: string
  readonly isJson: boolean
  readonly data: Uint8Array
  readonly metadata: Uint8Array
}

/**
 * What an append comes to. `currentRevision` is the stream's last revision, -1 for a stream
 * without events; `position` is the last event's (absent when nothing was written for a new
 * stream).
 */
export type AppendOutcome =
  | { readonly _tag: "Written"; readonly currentRevision: bigint; readonly position: LogPosition | undefined }
  | { readonly _tag: "WrongExpectedVersion"; readonly currentRevision: bigint }

/** A read of one stream as the gRPC API answers it; `undefined` for a stream never written. */
export interface StreamRead {
  readonly events: ReadonlyArray<StoredEvent>
  /** The stream's last revision. */
  readonly lastRevision: bigint
  /** Set when a forward read found nothing at its start but the stream goes on elsewhere. */
  readonly firstStreamPosition?: bigint
}

/**
 * Events per page of the server's reads, subscriptions and checkpoint windows
 * (`Enumerator.DefaultReadBatchSize`, Services/Transport/Enumerators/Enumerator.cs).
 */
export const READ_BATCH_SIZE = 32

const encoder = new TextEncoder()
const bytes = (text: string) => encoder.encode(text)

/**
 * Which events of `$all` a filtered read or subscription delivers
 * (Services/Storage/ReaderIndex/EventFilter.cs): the `DefaultAllFilter` — every event of a
 * non-system stream; of system streams, all but `$epoch-information` and persistent
 * subscriptions' checkpoints and parked messages — and the client's filter: a prefix of the
 * stream name or event type, or a .NET regular expression matched anywhere in it (JavaScript's
 * `RegExp` agrees on the expressions the stores send).
 */
export const passesFilter = (filter: LogServerFilter, event: StoredEvent): boolean => {
  const system = event.streamId.startsWith("$")
  const allowedByDefault =
    !system ||
    !(
      event.streamId === "$epoch-information" ||
      (event.streamId.startsWith("$persistentsubscription-$all::") &&
        (event.streamId.endsWith("-checkpoint") || event.streamId.endsWith("-parked")))
    )
  const subject = filter.filterOn === "streamName" ? event.streamId : event.type
  return (
    allowedByDefault &&
    ("prefixes" in filter
      ? filter.prefixes.some((prefix) => subject.startsWith(prefix))
      : new RegExp(filter.regex).test(subject))
  )
}

/** Whether `event` lies at or after `from` in `$all`, which is ordered by commit, then prepare offset. */
const atOrAfter = (event: StoredEvent, from: LogPosition) =>
  event.position.commit > from.commit ||
  (event.position.commit === from.commit && event.position.prepare >= from.prepare)

export class SimulatedLog {
  private readonly all: Array<StoredEvent> = []
  private readonly streams = new Map<string, Array<StoredEvent>>()
  private offset = 256n
  private wake: () => void = () => {}
  private woken: Promise<void> = this.renew()

  constructor() {
    this.write("$epoch-information", "$epoch-information", true, bytes('{"epochNumber":0}'), new Uint8Array())
  }

  /** Every event in `$all`, in order (read only: appends go through `append`). */
  get events(): ReadonlyArray<StoredEvent> {
    return this.all
  }

  /** Resolves at the next append. */
  nextAppend(): Promise<void> {
    return this.woken
  }

  /**
   * Appends `events` to `streamId` if `expected` holds, as the server decides a write
   * (`IndexWriter.CheckCommit`, Services/Storage/ReaderIndex/IndexWriter.cs):
   * - `no_stream` / an exact revision equal to the stream's last: write. Earlier than the last:
   *   a retry when every id sits where the append would have put it (nothing written, the
   *   original's revision and position answered); otherwise — even when only the first ids
   *   match ("corrupted idempotency") — a wrong expected version. Later than the last: refused.
   * - `any` / `stream_exists` (on a stream with events): a retry when every id is among the
   *   stream's written events; when the first is not, write; when only some are, refused. The
   *   server remembers recently written ids in a bounded cache; this log remembers all.
   * - An append of no events only checks the expected revision.
   * The wrong-expected-version answer carries the stream's current revision (-1: no stream).
   */
  append(
    streamId: string,
    events: ReadonlyArray<ProposedEvent>,
    expected: LogExpectedRevision,
  ): AppendOutcome {
    const stream = this.streams.get(streamId) ?? []
    const current = BigInt(stream.length - 1)
    const refused: AppendOutcome = { _tag: "WrongExpectedVersion", currentRevision: current }
    const retried = (last: StoredEvent): AppendOutcome => ({
      _tag: "Written",
      currentRevision: last.revision,
      position: last.position,
    })
    const ids = events.map((event) => event.id.toLowerCase())
    if (expected === "stream_exists" && current < 0n) return refused
    if (expected === "any" || expected === "stream_exists") {
      const stored = ids.map((id) => stream.find((event) => event.id === id))
      if (stored[0] !== undefined) {
        const all = stored.filter((event) => event !== undefined)
        return all.length === stored.length ? retried(all.at(-1)!) : refused
      }
    } else {
      const revision = expected === "no_stream" ? -1n : expected
      if (revision > current) return refused
      if (revision < current) {
        const matches = ids.every((id, index) => stream[Number(revision) + 1 + index]?.id === id)
        return events.length > 0 && matches ? retried(stream[Number(revision) + events.length]!) : refused
      }
    }
    for (const [index, event] of events.entries()) {
      this.write(streamId, event.type, event.isJson, event.data, event.metadata, ids[index]!)
      const linked = this.streams.get(streamId)!.at(-1)!
      this.write(
        `$ce-${streamId.split("-")[0]}`,
        "$>",
        false,
        bytes(`${linked.revision}@${streamId}`),
        new Uint8Array([1, 2, 3]),
      )
    }
    if (events.length > 0) {
      this.wake()
      this.woken = this.renew()
    }
    const last = this.streams.get(streamId)?.at(-1)
    return { _tag: "Written", currentRevision: last?.revision ?? -1n, position: last?.position }
  }

  /**
   * Reads `streamId` forwards from `from`, at most `maxCount` events, as the gRPC API does:
   * pages of the index (`IndexReader.ReadStreamEventsForward`: revisions [from, from + count − 1];
   * past the end, nothing and the next revision after the last) until `maxCount` or the end
   * (`Enumerator.ReadStreamForwards`). `firstStreamPosition` is set when the first page is
   * empty and the stream's next revision is not `from` (sent to clients asking compatibility 1).
   */
  readStreamForwards(streamId: string, from: bigint, maxCount: bigint): StreamRead | undefined {
    const stream = this.streams.get(streamId)
    if (stream === undefined) return undefined
    const last = BigInt(stream.length - 1)
    const events = stream.slice(Number(from), Number(from + maxCount))
    const firstStreamPosition = events.length === 0 && from > last + 1n ? last + 1n : undefined
    return {
      events,
      lastRevision: last,
      ...(firstStreamPosition === undefined ? {} : { firstStreamPosition }),
    }
  }

  /**
   * Reads `streamId` backwards from `from` (`"end"`: its last event), at most `maxCount`
   * events, as the gRPC API does: pages of the index (`IndexReader.ReadStreamEventsBackward`:
   * revisions [from − count + 1, from]; when that range lies past the stream's end, the next
   * page starts at its last event) until `maxCount` or revision 0 (`Enumerator.ReadStreamBackwards`).
   * So a read from past the end answers the stream's last events.
   */
  readStreamBackwards(streamId: string, from: bigint | "end", maxCount: bigint): StreamRead | undefined {
    const stream = this.streams.get(streamId)
    if (stream === undefined) return undefined
    const last = BigInt(stream.length - 1)
    const top = from === "end" || from > last ? last : from
    const bottom = top - maxCount + 1n > 0n ? top - maxCount + 1n : 0n
    return { events: stream.slice(Number(bottom), Number(top) + 1).reverse(), lastRevision: last }
  }

  /**
   * Reads `$all` forwards from `from` (inclusive: the event at `from` comes first), at most
   * `maxCount` events; with a filter, only those `passesFilter` lets through (the unfiltered
   * read delivers every event, system ones too).
   */
  readAllForwards(
    from: "start" | LogPosition,
    maxCount: bigint,
    filter?: LogServerFilter,
  ): ReadonlyArray<StoredEvent> {
    const found: Array<StoredEvent> = []
    for (const event of this.all) {
      if (BigInt(found.length) >= maxCount) break
      if (from !== "start" && !atOrAfter(event, from)) continue
      if (filter === undefined || passesFilter(filter, event)) found.push(event)
    }
    return found
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
      const metadata = { eventId: randomUUID(), schemaVersion: 1, recordedAt: 0 }
      const event: StoredEvent = {
        streamId: streamName,
        id: randomUUID(),
        revision: BigInt(stream.length),
        type: "LegacyEvent",
        isJson: true,
        data: bytes("{}"),
        metadata: bytes(JSON.stringify(metadata)),
        created: new Date(),
        position: { commit, prepare: this.offset + BigInt(index * 100) },
      }
      stream.push(event)
      this.all.push(event)
    }
    this.offset = commit + 100n
    this.wake()
    this.woken = this.renew()
  }

  private renew(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve
    })
  }

  private write(
    streamId: string,
    type: string,
    isJson: boolean,
    data: Uint8Array,
    metadata: Uint8Array,
    id: string = randomUUID(),
  ) {
    const stream = this.streams.get(streamId) ?? []
    this.streams.set(streamId, stream)
    const event: StoredEvent = {
      streamId,
      id,
      revision: BigInt(stream.length),
      type,
      isJson,
      data,
      metadata,
      created: new Date(),
      position: { commit: this.offset, prepare: this.offset },
    }
    this.offset += BigInt(100 + data.length + metadata.length)
    stream.push(event)
    this.all.push(event)
  }
}
