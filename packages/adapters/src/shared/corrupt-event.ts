import { EventStore } from "@gridcase/core"

export interface StoredRowAddress {
  readonly streamId: string
  readonly revision: number
  readonly position: number
  readonly type: string
}

/**
 * A stored row that cannot be read back as an event. The port's reads can only fail with
 * `StoreUnavailable`, so that is what surfaces; its message names stream, revision and
 * position, and its `cause` is an `EventDecodeError` with the same fields for code to inspect.
 */
export const corruptEvent = (row: StoredRowAddress, reason: string): EventStore.StoreUnavailable => {
  const decodeError = new EventStore.EventDecodeError({ ...row, reason })
  return new EventStore.StoreUnavailable({
    message: `corrupt stored event: ${decodeError.message}`,
    cause: decodeError,
  })
}

/** Whether stored metadata has the one shape every event's metadata must have. */
export const isMetadataObject = (metadata: unknown): boolean =>
  typeof metadata === "object" && metadata !== null && !Array.isArray(metadata)
