import { type EventMetadata, type RecordedEvent, StoreUnavailable } from "@gridcase/core"
import { corruptEvent, isMetadataObject } from "../shared/corrupt-event.ts"

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

const addressOf = (row: EventRow) => ({
  streamId: row.stream_id,
  revision: row.revision,
  position: row.position,
  type: row.type,
})

/**
 * Turns a stored row back into a recorded event; throws `StoreUnavailable` (with an
 * `EventDecodeError` cause naming the row) for corrupt JSON.
 */
export const decodeRow = (row: EventRow): RecordedEvent => {
  let data: unknown
  let metadata: unknown
  try {
    data = JSON.parse(row.data)
    metadata = JSON.parse(row.metadata)
  } catch (error) {
    throw corruptEvent(addressOf(row), `invalid JSON: ${(error as Error).message}`)
  }
  if (!isMetadataObject(metadata)) throw corruptEvent(addressOf(row), "metadata is not a JSON object")
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data,
    metadata: metadata as EventMetadata,
  }
}
