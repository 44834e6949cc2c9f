import { EventStore } from "@gridcase/core"

import { corruptEvent, type StoredRowAddress } from "../shared/corrupt-event.ts"
import { parseMetadata, StoredEvent } from "../shared/stored-event.ts"

/** The columns every read selects, in the shape of `EventRow`. */
export const EVENT_COLUMNS = "position, stream_id, revision, type, data, metadata, schema_version"

export interface EventRow {
  readonly position: number
  readonly stream_id: string
  readonly revision: number
  readonly type: string
  readonly data: string
  readonly metadata: string
  /** The metadata's `schemaVersion` (see `schemaVersionSql` in schema.ts); NULL when it has none that is an integer. */
  readonly schema_version: number | null
}

/** Wraps whatever SQLite threw as the port's `StoreUnavailable`. */
export const unavailable = (cause: unknown): EventStore.StoreUnavailable =>
  cause instanceof EventStore.StoreUnavailable
    ? cause
    : new EventStore.StoreUnavailable({
        message: `sqlite: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      })

const addressOf = (row: EventRow): StoredRowAddress => ({
  streamId: row.stream_id,
  revision: row.revision,
  position: row.position,
  type: row.type,
})

/**
 * Turns a stored row back into a recorded event; throws `StoreUnavailable` (with an
 * `EventDecodeError` cause naming the row) for a corrupt payload. The metadata is parsed when
 * first read (`StoredEvent`) if the row has a schema version, which SQLite only records for
 * metadata it has parsed as a JSON object; otherwise it is parsed here, and a corrupt one fails
 * the read.
 */
export const decodeRow = (row: EventRow): EventStore.RecordedEvent => {
  let data: unknown
  try {
    data = JSON.parse(row.data)
  } catch (error) {
    throw corruptEvent(addressOf(row), `invalid JSON: ${(error as Error).message}`)
  }
  if (row.schema_version === null) {
    const address = addressOf(row)
    return { ...address, data, metadata: parseMetadata(address, row.metadata) }
  }
  return new StoredEvent(
    row.stream_id,
    row.revision,
    row.position,
    row.type,
    data,
    row.metadata,
    row.schema_version,
  )
}
