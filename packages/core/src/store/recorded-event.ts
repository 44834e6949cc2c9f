import type { Instant } from "../shared/instant.ts"

/**
 * What travels with every stored event besides its payload. The command handler fills it
 * from the command's context; stores persist it verbatim and never invent values.
 */
export interface EventMetadata {
  /** Unique per event; a retried append with the same ids is a no-op (idempotency). */
  readonly eventId: string
  /** Version of the payload's schema when written; upcasters lift older versions on read. */
  readonly schemaVersion: number
  /** When the command that caused it was accepted (from the command context, not the store's clock). */
  readonly recordedAt: Instant
  readonly commandId?: string
  readonly correlationId?: string
  readonly causationId?: string
  /** Id of the person (or system process) whose command produced the event. */
  readonly actor?: string
}

/** An event ready to append: its type name, its JSON-encodable payload and metadata. */
export interface NewEvent {
  readonly type: string
  readonly data: unknown
  readonly metadata: EventMetadata
}

/**
 * An event as read back from a store.
 *
 * Numbering convention for every adapter (normalised at the adapter edge):
 * - `revision` is 1-based within the stream: the first event of a stream has revision 1,
 *   and a stream's version is the revision of its last event (0 for a stream with no events);
 * - `position` is 1-based and strictly increasing across the whole store, in commit order.
 *   A checkpoint is "the last position processed"; 0 means nothing processed yet.
 */
export interface RecordedEvent extends NewEvent {
  readonly streamId: string
  readonly revision: number
  readonly position: number
}
