import type { EventStore } from "@gridcase/core"

/**
 * A read model the memory store keeps in step with its appends (内联投影), for views that must
 * never lag. `@gridcase/projections` builds these from projections (`memoryInlineProjections`).
 */
export interface MemoryInlineProjection {
  /** Named in the error of an append it fails. */
  readonly name: string
  /**
   * Works out what one append's events (numbered, not yet stored) change in the read model,
   * without changing anything, and returns the step that makes the change. Throwing fails
   * the append, which then stores nothing. The store runs every projection's `prepare` first,
   * then stores the events and runs the steps, all in one synchronous turn: no reader sees
   * the events without the read-model change, and a step must not fail.
   */
  readonly prepare: (events: ReadonlyArray<EventStore.RecordedEvent>) => () => void
}
