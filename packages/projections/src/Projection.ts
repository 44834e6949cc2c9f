/**
 * TODO Projection
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
