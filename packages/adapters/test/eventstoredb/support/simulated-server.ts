import { StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from "@eventstore/db-client"
import type {
  EsdbClient,
  LogReadPosition,
  LogRecordedEvent,
  LogResolvedEvent,
  LogServerFilter,
} from "../../../src/eventstoredb/esdb-client.ts"
import { passesFilter, SimulatedLog, type StoredEvent } from "./simulated-log.ts"

/**
 * A stand-in for an EventStoreDB server behind `EsdbClient`, so the store's mapping runs end
 * to end — the whole contract suite included — without a server and without the clients: the
 * `SimulatedLog` it serves follows the server's rules (see there), and this layer does what the
 * clients do with its answers (JSON in and out, the clients' error classes). Subscriptions can
 * be told to drop. The gRPC stand-in (`grpc-stand-in.ts`) serves the same log to the real clients.
 */

interface Fault {
  /** Events a subscription delivers before it stops. */
  readonly after: number
  /** How it stops: ending as if the server closed it, or failing as a lost connection does. */
  readonly ending: "silently" | "unavailable"
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** An event as both clients hand it over (`convertGrpcRecord`, `convertRustRecord`). */
const asRecorded = (event: StoredEvent): LogRecordedEvent => {
  const text = decoder.decode(event.data)
  const parse = (json: string, fallback: unknown) => {
    try {
      return JSON.parse(json) as unknown
    } catch {
      return fallback
    }
  }
  return {
    streamId: event.streamId,
    id: event.id,
    revision: event.revision,
    type: event.type,
    isJson: event.isJson,
    data: event.isJson ? parse(text, text) : event.data,
    metadata: event.metadata.length === 0 ? undefined : parse(decoder.decode(event.metadata), event.metadata),
    position: event.position,
  }
}

export class SimulatedServer {
  readonly log = new SimulatedLog()
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
    appendToStream: async (streamName, events, expected) => {
      const outcome = this.log.append(
        streamName,
        events.map((event) => ({
          id: event.id,
          type: event.type,
          isJson: true,
          data: encoder.encode(JSON.stringify(event.data)),
          metadata: encoder.encode(JSON.stringify(event.metadata)),
        })),
        expected,
      )
      if (outcome._tag === "WrongExpectedVersion") {
        throw new WrongExpectedVersionError(undefined, {
          streamName,
          expected,
          current: outcome.currentRevision < 0n ? "no_stream" : outcome.currentRevision,
        })
      }
      return { nextExpectedRevision: outcome.currentRevision }
    },
    readStream: (streamName, { fromRevision, direction, maxCount }) => {
      const count = BigInt(maxCount)
      const from = fromRevision === "start" ? 0n : fromRevision
      if (direction === "forwards" && from === "end") {
        return this.failing(new Error("the stand-in does not serve forward reads from a stream's end"))
      }
      const read =
        from === "end" || direction === "backwards"
          ? this.log.readStreamBackwards(streamName, from, count)
          : this.log.readStreamForwards(streamName, from, count)
      if (read === undefined) return this.failing(new StreamNotFoundError(undefined, streamName))
      return this.iterate(read.events)
    },
    readAll: ({ fromPosition, maxCount, filter }) =>
      this.iterate(
        this.log.readAllForwards(fromPosition, BigInt(maxCount), this.filtersReadAll ? filter : undefined),
      ),
    subscribeToAll: ({ fromPosition, filter }) => this.subscribe(fromPosition, filter),
  }

  private async *iterate(events: ReadonlyArray<StoredEvent>): AsyncGenerator<LogResolvedEvent> {
    for (const event of events) yield { event: asRecorded(event) }
  }

  private async *failing(error: Error): AsyncGenerator<never> {
    yield* []
    throw error
  }

  private subscribe(fromPosition: LogReadPosition, filter: LogServerFilter) {
    this.subscriptionsOpened++
    const fault = this.faults.shift()
    let open = true
    let stop: () => void = () => {}
    const stopped = new Promise<void>((resolve) => {
      stop = resolve
    })
    const log = this.log
    async function* deliver() {
      let next = 0
      let delivered = 0
      while (open) {
        const event = log.events[next]
        if (event === undefined) {
          await Promise.race([log.nextAppend(), stopped])
          continue
        }
        next++
        if (fromPosition !== "start" && event.position.commit <= fromPosition.commit) continue
        if (!passesFilter(filter, event)) continue
        if (fault !== undefined && delivered === fault.after) {
          if (fault.ending === "silently") return
          throw new UnavailableError(undefined, "connection lost")
        }
        delivered++
        yield { event: asRecorded(event) }
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
