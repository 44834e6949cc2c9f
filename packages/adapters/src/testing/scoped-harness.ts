import type { EventStore } from "@gridcase/core"
import { Effect, Exit, Scope } from "effect"
import type { EventStoreHarness } from "./harness.ts"

/**
 * A harness for stores built the Effect way — a scoped constructor such as
 * `makeSqliteEventStore(options)` — closing each store's scope on teardown.
 */
export const scopedHarness = (
  make: () => Effect.Effect<EventStore.Shape, unknown, Scope.Scope>,
  options: Pick<EventStoreHarness, "numRuns" | "uniqueEventIdsAcrossStreams"> = {},
): EventStoreHarness => {
  const scopes = new WeakMap<EventStore.Shape, Scope.Closeable>()
  return {
    ...options,
    make: async () => {
      const scope = Scope.makeUnsafe()
      const store = await Effect.runPromise(Scope.provide(scope)(make()))
      scopes.set(store, scope)
      return store
    },
    teardown: async (store) => {
      const scope = scopes.get(store)
      if (scope !== undefined) await Effect.runPromise(Scope.close(scope, Exit.void))
    },
  }
}
