import { randomUUID } from "node:crypto"
import type { EventStore } from "@gridcase/core"
import { Effect } from "effect"

/** A JSON-safe event with a fresh id, as the command handler would hand it to a store. */
export const newEvent = (
  type: string,
  data: unknown = {},
  metadata: Partial<EventStore.EventMetadata> = {},
): EventStore.NewEvent => ({
  type,
  data,
  metadata: { eventId: randomUUID(), schemaVersion: 1, recordedAt: 1_700_000_000_000, ...metadata },
})

/** `count` valid events for one stream, each with its own event id, for contract tests that append in bulk. */
export const newEvents = (count: number, type = "CaseNoted"): Array<EventStore.NewEvent> =>
  Array.from({ length: count }, (_, index) => newEvent(type, { index }))

/** Runs a store effect in a test; a failure rejects the promise. */
export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

/** Runs a store effect that is expected to fail and returns its typed error (rejects if it succeeded). */
export const runFailure = <E>(effect: Effect.Effect<unknown, E>): Promise<E> =>
  Effect.runPromise(Effect.flip(effect))
