import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"
import type { ProjectionError } from "../projection/errors.ts"
import type { Projection } from "../projection/projection.ts"
import { openProjector } from "../runner/projector.ts"
import type { ReadModelStoreShape } from "./read-model-store.ts"

/** Events read per step while an inline projection catches up. */
const PAGE = 1_000

/**
 * Brings an inline projection up to date with what `read` finds past its checkpoint: a
 * projection never started, or stored at another version, is reset first and rebuilt from
 * the whole history. Runs where the event store holds its write lock (inside its
 * transaction), so nothing is appended meanwhile.
 */
export const catchUpInline = (
  projection: Projection,
  store: ReadModelStoreShape,
  read: (
    options: EventStore.ReadAllOptions,
  ) => Effect.Effect<ReadonlyArray<EventStore.RecordedEvent>, EventStore.StoreUnavailable>,
): Effect.Effect<void, ProjectionError> =>
  Effect.gen(function* () {
    const projector = yield* openProjector(projection, store)
    for (;;) {
      const page = yield* read({
        ...projection.filter,
        after: projector.checkpoint().position,
        maxCount: PAGE,
      })
      if (page.length === 0) return
      yield* projector.handle(page)
    }
  })
