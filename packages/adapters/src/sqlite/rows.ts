import { EventDecodeError, type EventMetadata, type RecordedEvent, StoreUnavailable } from "@gridcase/core"

/** The columns every read selects, in the shape of `EventRow`. */
export const EVENT_COLUMNS = "position, stream_id, revision, type, data, metadata"

export interface EventRow {
  readonly position: number
  readonly stream_id: string
  readonly revision: number
  readonly type: string
  readonly data: string
  readonly metadata: string
}

/** Wraps whatever SQLite threw as the port's `StoreUnavailable`. */
export const unavailable = (cause: unknown): StoreUnavailable =>
  cause instanceof StoreUnavailable
    ? cause
    : new StoreUnavailable({
        message: `sqlite: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      })

/**
 * A row whose JSON cannot be read back. The port's reads can only fail with
 * `StoreUnavailable`, so that is what surfaces; its message names stream, revision and
 * position, and its `cause` is the `EventDecodeError` with the same fields for code to inspect.
 */
const corrupt = (row: EventRow, reason: string): StoreUnavailable => {
  const decodeError = new EventDecodeError({
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    reason,
  })
  return new StoreUnavailable({ message: `corrupt stored event: ${decodeError.message}`, cause: decodeError })
}

/** Turns a stored row back into a recorded event; throws `StoreUnavailable` for corrupt JSON. */
export const decodeRow = (row: EventRow): RecordedEvent => {
  let data: unknown
  let metadata: unknown
  try {
    data = JSON.parse(row.data)
    metadata = JSON.parse(row.metadata)
  } catch (error) {
    throw corrupt(row, `invalid JSON: ${(error as Error).message}`)
  }
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw corrupt(row, "metadata is not a JSON object")
  }
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data,
    metadata: metadata as EventMetadata,
  }
}
