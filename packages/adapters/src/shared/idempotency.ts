import { EventStore } from "@gridcase/core"
import { Result } from "effect"

/** Where an already stored event id lives. */
export interface StoredEventId {
  readonly streamId: string
  readonly revision: number
  readonly position: number
}

/**
 * Decides what an append means given which of its event ids are stored already (幂等重试).
 *
 * Event ids are unique across the whole store. When every id of the append is stored in this
 * very stream the append is a retry: it succeeds again with the result of the original
 * (the last of those events), without writing. Any other reuse — some ids new, an id stored
 * in another stream, an id twice in one append — is a `DuplicateEventId`, never merged.
 * `Result.succeed(undefined)` means "all ids are new: append".
 */
export const classifyAppend = (
  streamId: string,
  eventIds: ReadonlyArray<string>,
  stored: (eventId: string) => StoredEventId | undefined,
): Result.Result<EventStore.AppendResult | undefined, EventStore.DuplicateEventId> => {
  const seen = new Set<string>()
  let firstReused: string | undefined
  let retried: EventStore.AppendResult | undefined
  let fresh = false
  for (const eventId of eventIds) {
    const found = stored(eventId)
    if (found === undefined) {
      if (seen.has(eventId)) return Result.fail(new EventStore.DuplicateEventId({ streamId, eventId }))
      fresh = true
    } else {
      if (found.streamId !== streamId)
        return Result.fail(new EventStore.DuplicateEventId({ streamId, eventId }))
      firstReused ??= eventId
      if (retried === undefined || found.position > retried.lastPosition) {
        retried = { nextExpectedVersion: found.revision, lastPosition: found.position }
      }
    }
    seen.add(eventId)
  }
  if (firstReused === undefined) return Result.succeed(undefined)
  if (fresh) return Result.fail(new EventStore.DuplicateEventId({ streamId, eventId: firstReused }))
  return Result.succeed(retried)
}
