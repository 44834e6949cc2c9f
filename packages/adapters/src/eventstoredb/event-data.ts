import type { EventStore } from "@gridcase/core"
import { corruptEvent, isMetadataObject } from "../shared/corrupt-event.ts"
import type { LogEventData, LogRecordedEvent } from "./esdb-client.ts"
import { positionFromLog, revisionFromLog } from "./numbering.ts"

/**
 * Events in and out of the server (事件编码). The payload is the event's JSON data; the port's
 * whole `EventMetadata` is the event's JSON metadata, key for key, so schema version, recorded
 * time, command, correlation and causation ids and actor round-trip verbatim. The correlation
 * and causation ids are also written under the server's own `$correlationId` / `$causationId`
 * keys, which its `$by_correlation_id` projection and its UI read; decoding drops those copies.
 * The event id is the server's event id too (a UUID: the server dedups retries by it) and,
 * in the metadata, keeps its exact spelling.
 */

const SERVER_KEYS = ["$correlationId", "$causationId"] as const

/** Event ids must be UUIDs: the server stores them as 16 bytes. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const isUuid = (eventId: string): boolean => UUID.test(eventId)

export const toEventData = (event: EventStore.NewEvent): LogEventData => {
  const { metadata } = event
  return {
    id: metadata.eventId,
    contentType: "application/json",
    type: event.type,
    data: event.data ?? null,
    metadata: {
      ...metadata,
      ...(metadata.correlationId === undefined ? {} : { $correlationId: metadata.correlationId }),
      ...(metadata.causationId === undefined ? {} : { $causationId: metadata.causationId }),
    },
  }
}

/**
 * The port's event for `event`, read back as stream `streamId` (the store's id, without its
 * namespace). Throws `StoreUnavailable` naming the event when it was not written by this
 * store's encoding (binary, metadata not a JSON object) or the server reported no position.
 */
export const fromLogEvent = (event: LogRecordedEvent, streamId: string): EventStore.RecordedEvent => {
  const revision = revisionFromLog(event.revision)
  // Servers before 22.10 report no position on stream reads (the client then reads 0/0); no
  // event of a stream ever sits at offset 0, where every log begins with the server's own records.
  if (event.position === undefined || event.position.commit === 0n) {
    throw corruptEvent(
      { streamId, revision, position: 0, type: event.type },
      "the server reported no log position (EventStoreDB 22.10 or later reports it)",
    )
  }
  const address = { streamId, revision, position: positionFromLog(event.position), type: event.type }
  if (!event.isJson) throw corruptEvent(address, "content type is not application/json")
  // The clients hand metadata that is not JSON over as bytes.
  if (!isMetadataObject(event.metadata) || event.metadata instanceof Uint8Array) {
    throw corruptEvent(address, "metadata is not a JSON object")
  }
  const metadata: Record<string, unknown> = { ...(event.metadata as Record<string, unknown>) }
  for (const key of SERVER_KEYS) delete metadata[key]
  return { ...address, data: event.data, metadata: metadata as unknown as EventStore.EventMetadata }
}
