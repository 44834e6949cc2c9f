import { Schema } from "effect"

const ExpectedVersionSchema = Schema.Union([Schema.Literals(["any", "noStream", "exists"]), Schema.Number])

/**
 * The one conflict error every store raises when an append's expected version does not hold,
 * whatever the store's own error looks like (EventStoreDB's WrongExpectedVersion, a SQL
 * unique violation…).
 */
export class WrongExpectedVersion extends Schema.TaggedError<WrongExpectedVersion>()("WrongExpectedVersion", {
  streamId: Schema.String,
  expected: ExpectedVersionSchema,
  actual: Schema.Number,
}) {
  override get message(): string {
    return `stream ${this.streamId}: expected version ${String(this.expected)}, actual ${this.actual}`
  }
}

/** The store could not be reached or failed underneath us (I/O, driver, pool). */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", {
  message: Schema.String,
  cause: Schema.optional(Schema.Defect()),
}) {}

/**
 * A stored event that cannot be turned back into a domain event: corrupt JSON, an unknown
 * type, or a payload its schema rejects. Names the stream and position so an operator can
 * find the row.
 */
export class EventDecodeError extends Schema.TaggedError<EventDecodeError>()("EventDecodeError", {
  streamId: Schema.String,
  revision: Schema.Number,
  position: Schema.Number,
  type: Schema.String,
  reason: Schema.String,
}) {
  override get message(): string {
    return `cannot decode ${this.type} at ${this.streamId}@${this.revision} (position ${this.position}): ${this.reason}`
  }
}

/** An append that re-uses some, but not all, event ids of an earlier append: never silently merged. */
export class DuplicateEventId extends Schema.TaggedError<DuplicateEventId>()("DuplicateEventId", {
  streamId: Schema.String,
  eventId: Schema.String,
}) {}

/** Every way an append can be refused: a competing writer, an event id stored before, an unreachable store. */
export type AppendError = WrongExpectedVersion | DuplicateEventId | StoreUnavailable
