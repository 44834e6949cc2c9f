import type { EventStore } from "@gridcase/core"

/** How the contract suite gets a store to test: yours, or one of this package's adapters. */
export interface EventStoreHarness {
  /** Creates a fresh, empty store; called once per test and once per model-based run. */
  readonly make: () => Promise<EventStore.Shape>
  /** Releases what `make` created (connections, files, schemas). */
  readonly teardown?: (store: EventStore.Shape) => Promise<void>
  /** Runs of the model-based property; 15 by default to keep the suite quick. */
  readonly numRuns?: number
  /**
   * `false` declares that the store checks event ids for retries within a stream only, so an
   * id already stored in *another* stream is stored again instead of failing with
   * `DuplicateEventId` (EventStoreDB and KurrentDB: see the adapters' README). The suite then
   * skips that one check — visibly, under a title that says why. Defaults to `true`.
   */
  readonly uniqueEventIdsAcrossStreams?: boolean
}

/** Runs `body` against a fresh store and always tears it down. */
export const withStore =
  (harness: EventStoreHarness, body: (store: EventStore.Shape) => Promise<void>) =>
  async (): Promise<void> => {
    const store = await harness.make()
    try {
      await body(store)
    } finally {
      await harness.teardown?.(store)
    }
  }
