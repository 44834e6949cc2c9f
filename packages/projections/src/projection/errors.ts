import type { EventStore } from "@gridcase/core"
import { Schema } from "effect"

const CheckpointSchema = Schema.Struct({ generation: Schema.Number, position: Schema.Number })

/**
 * A checkpoint write whose expected checkpoint no longer holds: another process advanced or
 * reset the projection since this one read it. The write changed nothing; this process is
 * stale and must stop, so a checkpoint can never move back.
 */
export class CheckpointConflict extends Schema.TaggedError<CheckpointConflict>()("CheckpointConflict", {
  projection: Schema.String,
  expected: CheckpointSchema,
  actual: CheckpointSchema,
}) {
  override get message(): string {
    return `projection ${this.projection}: expected checkpoint ${this.expected.position} (generation ${this.expected.generation}), found ${this.actual.position} (generation ${this.actual.generation})`
  }
}

/**
 * A projection's handler threw. Handlers are pure and total, so this is a bug in the handler;
 * the projection stops at the event (named by stream and position) instead of skipping it.
 */
export class ProjectionHandlerFailed extends Schema.TaggedError<ProjectionHandlerFailed>()(
  "ProjectionHandlerFailed",
  {
    projection: Schema.String,
    streamId: Schema.String,
    position: Schema.Number,
    type: Schema.String,
    reason: Schema.String,
  },
) {
  override get message(): string {
    return `projection ${this.projection} failed on ${this.type} at ${this.streamId} (position ${this.position}): ${this.reason}`
  }
}

/** A projection's run died of a defect outside any handler (a throwing progress callback, a driver bug). */
export class ProjectionCrashed extends Schema.TaggedError<ProjectionCrashed>()("ProjectionCrashed", {
  projection: Schema.String,
  reason: Schema.String,
}) {
  override get message(): string {
    return `projection ${this.projection} crashed: ${this.reason}`
  }
}

/** The read-model storage could not be reached or failed underneath (I/O, driver, pool). */
export class ReadModelStoreUnavailable extends Schema.TaggedError<ReadModelStoreUnavailable>()(
  "ReadModelStoreUnavailable",
  { message: Schema.String, cause: Schema.optional(Schema.Defect()) },
) {}

/** A runner was asked about a projection it does not run. */
export class UnknownProjection extends Schema.TaggedError<UnknownProjection>()("UnknownProjection", {
  projection: Schema.String,
}) {
  override get message(): string {
    return `no projection named ${this.projection} is registered with this runner`
  }
}

/** A projection was stopped (or rebuilt) before it reached the position someone waited for. */
export class ProjectionStopped extends Schema.TaggedError<ProjectionStopped>()("ProjectionStopped", {
  projection: Schema.String,
  position: Schema.Number,
}) {
  override get message(): string {
    return `projection ${this.projection} stopped at position ${this.position}`
  }
}

/** A projection definition that cannot run; lists every problem found. */
export class InvalidProjectionDefinition extends Schema.TaggedError<InvalidProjectionDefinition>()(
  "InvalidProjectionDefinition",
  { projection: Schema.String, problems: Schema.Array(Schema.String) },
) {
  override get message(): string {
    return `invalid projection "${this.projection}": ${this.problems.join("; ")}`
  }
}

/** Why one projection stopped. Never crashes the others. */
export type ProjectionError =
  | EventStore.EventDecodeError
  | ProjectionHandlerFailed
  | ProjectionCrashed
  | CheckpointConflict
  | ReadModelStoreUnavailable
  | EventStore.StoreUnavailable
