/**
 * Projections (投影): a read model defined as a keyed fold of events into documents with index
 * entries (`define`), so a read model can always be thrown away and rebuilt from the log.
 *
 * @module
 */
export {
  CheckpointConflict,
  InvalidProjectionDefinition,
  ProjectionCrashed,
  type ProjectionError as Error,
  ProjectionHandlerFailed,
  ProjectionStopped,
  UnknownProjection,
} from "./projection/errors.ts"
export {
  defineProjection as define,
  groupKey,
  type IndexEntry,
  type PreparedEvent,
  type Projection,
  type ProjectionDefinition as Definition,
} from "./projection/projection.ts"
