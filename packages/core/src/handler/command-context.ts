import { Schema } from "effect"

/**
 * Who is acting and which command this is — everything about a command that is not its
 * business payload. The handler copies it into every event's metadata.
 *
 * - `commandId`: the idempotency key. A client that retries (a timeout, a double click, a
 *   redelivered message) sends the same id, and the handler returns the first outcome
 *   instead of acting twice.
 * - `actor`: the person or system process answerable for the command (a grid worker's id,
 *   `"system:deadline-tick"`…), kept for the audit trail.
 * - `correlationId` / `causationId`: tie a chain of commands together (a 12345 hotline
 *   ticket → the case it opened → the escalations that followed). `correlationId` defaults
 *   to the `commandId`, so the first command of a chain starts it.
 *
 * There is no timestamp here on purpose: `recordedAt` comes from the `BusinessClock` service when
 * the handler accepts the command, so a client cannot back-date or forward-date the record.
 * The moment the domain reasons about (when a resident reported, when a deadline passes)
 * belongs in the command's payload, where the decider can see and validate it.
 *
 * The schema is for decoding contexts at the edge (HTTP headers, a message envelope); the
 * handler trusts the type.
 */
export const CommandContext = Schema.Struct({
  commandId: Schema.NonEmptyString,
  actor: Schema.NonEmptyString,
  correlationId: Schema.optionalKey(Schema.NonEmptyString),
  causationId: Schema.optionalKey(Schema.NonEmptyString),
})
type ContextFields = typeof CommandContext.Type

/**
 * The context a handler takes: the fields above, and what only the application sets, never a
 * caller at the edge (the schema drops it when decoding):
 *
 * - `readsSince`: when the request behind the command arrived (`performance.now()` in this
 *   process). Reads the handler makes for it — the territory a guard checks — may then be
 *   answered by any read begun after that moment, such as the one the application made to
 *   route the request, instead of a read of their own (`AggregateReader`). Absent, every such
 *   read begins after the handler's call — and so when it is not a moment of the last few
 *   seconds in this process (in the future, not finite, or older than `READS_SINCE_MAX_AGE`): a
 *   value carried over from an earlier request, or from another process, could otherwise keep a
 *   guard authorizing on a territory read before a role was revoked.
 */
export interface CommandContext extends ContextFields {
  readonly readsSince?: number
}
