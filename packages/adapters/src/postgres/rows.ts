import type { EventStore } from "@gridcase/core"
import { corruptEvent, isMetadataObject } from "../shared/corrupt-event.ts"

/** The columns every read selects, in the shape of `EventRow`. */
export const EVENT_COLUMNS = "position, stream_id, revision, type, data, metadata"

/** A row as `pg` returns it: bigints as strings, jsonb already parsed. */
export interface EventRow {
  readonly position: string
  readonly stream_id: string
  readonly revision: string
  readonly type: string
  readonly data: unknown
  readonly metadata: unknown
}

/**
 * Turns a row into a recorded event; throws `StoreUnavailable` naming the row if its metadata
 * is not an object. The metadata is parsed here, by `pg`, not when first read as on SQLite
 * (`StoredEvent`, bench/findings.md 7): selected as text with its `schemaVersion` looked up
 * beside it, 20,000 events took 3 % less client CPU but 5-15 % more wall time, the server's
 * extra work outweighing the `JSON.parse` saved.
 */
export const decodeRow = (row: EventRow): EventStore.RecordedEvent => {
  const event = {
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
  }
  if (!isMetadataObject(row.metadata)) throw corruptEvent(event, "metadata is not a JSON object")
  return { ...event, data: row.data, metadata: row.metadata as EventStore.EventMetadata }
}
