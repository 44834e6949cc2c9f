import { EventStore } from "@gridcase/core"
import { Effect, Stream } from "effect"
import { ReadModelStore } from "../../src/index.ts"

/**
 * Outages to inject into wrapped stores: each counter is how many of the next calls of its kind
 * fail with the store's transient error (`Infinity`: until the test sets it back to 0).
 */
export interface Faults {
  /** Event-store reads: `readAll` pages, subscription openings and subscription deliveries. */
  eventReads: number
  /** Read-model reads: checkpoints and document loads. */
  modelReads: number
  /** Read-model writes (commits, resets) that fail before the store takes them: nothing written. */
  lostWrites: number
  /** Read-model writes that the store takes, whose reply is lost: written, yet reported failed. */
  lostReplies: number
  /** Faults fired so far; each error's message names its number. */
  fired: number
}

export type FaultKind = Exclude<keyof Faults, "fired">

export const FAULT_KINDS: ReadonlyArray<FaultKind> = ["eventReads", "modelReads", "lostWrites", "lostReplies"]

export const noFaults = (): Faults => ({
  eventReads: 0,
  modelReads: 0,
  lostWrites: 0,
  lostReplies: 0,
  fired: 0,
})

/** Whether the next call of this kind fails; counts the fault down if so. */
const fires = (faults: Faults, kind: FaultKind): boolean => {
  if (faults[kind] <= 0) return false
  faults[kind] -= 1
  faults.fired += 1
  return true
}

const eventsGone = (faults: Faults) =>
  new EventStore.StoreUnavailable({ message: `fault ${faults.fired}: the event store is unreachable` })

const readModelsGone = (faults: Faults) =>
  new ReadModelStore.ReadModelStoreUnavailable({
    message: `fault ${faults.fired}: the read-model store is unreachable`,
  })

/** An event store whose reads fail while `faults.eventReads` says so. */
export const flakyEventStore = (inner: EventStore.Shape, faults: Faults): EventStore.Shape => ({
  ...inner,
  readAll: (options) =>
    Effect.suspend(() =>
      fires(faults, "eventReads") ? Effect.fail(eventsGone(faults)) : inner.readAll(options),
    ),
  subscribe: (options) =>
    Stream.suspend(() =>
      fires(faults, "eventReads")
        ? Stream.fail(eventsGone(faults))
        : inner
            .subscribe(options)
            .pipe(
              Stream.tap(() => (fires(faults, "eventReads") ? Effect.fail(eventsGone(faults)) : Effect.void)),
            ),
    ),
})

/** A read-model store whose reads and writes fail while `faults` says so; queries are left alone. */
export const flakyReadModelStore = (inner: ReadModelStore.Shape, faults: Faults): ReadModelStore.Shape => {
  const read =
    <A extends ReadonlyArray<unknown>, B>(
      call: (...args: A) => Effect.Effect<B, ReadModelStore.ReadModelStoreUnavailable>,
    ) =>
    (...args: A) =>
      Effect.suspend(() =>
        fires(faults, "modelReads") ? Effect.fail(readModelsGone(faults)) : call(...args),
      )
  const write =
    <A extends ReadonlyArray<unknown>, B, E>(call: (...args: A) => Effect.Effect<B, E>) =>
    (...args: A) =>
      Effect.suspend(() => {
        if (fires(faults, "lostWrites")) return Effect.fail(readModelsGone(faults))
        if (fires(faults, "lostReplies"))
          return Effect.andThen(call(...args), Effect.fail(readModelsGone(faults)))
        return call(...args)
      })
  return {
    ...inner,
    checkpoint: read(inner.checkpoint),
    checkpoints: read(inner.checkpoints),
    load: read(inner.load),
    loadAll: read(inner.loadAll),
    commit: write(inner.commit),
    commitAll: write(inner.commitAll),
    reset: write(inner.reset),
  }
}
