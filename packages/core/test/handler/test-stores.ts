import { Effect } from "effect"
import { EventStore } from "../../src/index.ts"

/** Counts what reaches the wrapped store, so a test can prove a path was (or was not) taken. */
export interface Counted {
  readonly store: EventStore.Shape
  readonly appends: () => number
  readonly conflicts: () => number
}

/**
 * Lets other fibers run between a command's read and its append, as a networked store
 * would: concurrent commands on one stream then really race and conflict.
 */
export const interleaving = (inner: EventStore.Shape): Counted => {
  let appends = 0
  let conflicts = 0
  return {
    appends: () => appends,
    conflicts: () => conflicts,
    store: {
      ...inner,
      readStream: (streamId, options) =>
        Effect.tap(inner.readStream(streamId, options), () => Effect.yieldNow),
      append: (streamId, events, expected) => {
        appends += 1
        // A database answers an append after a round trip too: others run meanwhile.
        const appended = Effect.andThen(Effect.yieldNow, inner.append(streamId, events, expected))
        return Effect.tapError(appended, (error) =>
          Effect.sync(() => {
            if (error instanceof EventStore.WrongExpectedVersion) conflicts += 1
          }),
        )
      },
    },
  }
}

/** A store where someone else always got there first: every append conflicts. */
export const alwaysConflicting = (inner: EventStore.Shape): Counted => {
  let appends = 0
  return {
    appends: () => appends,
    conflicts: () => appends,
    store: {
      ...inner,
      append: (streamId, _events, expected) => {
        appends += 1
        return Effect.fail(new EventStore.WrongExpectedVersion({ streamId, expected, actual: appends }))
      },
    },
  }
}
