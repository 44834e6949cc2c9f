/**
 * Where read models live (读模型存储): documents, index entries and checkpoints, committed
 * together. The port, and the in-memory store; SQLite and PostgreSQL stores are
 * `@gridcase/projections/sqlite` and `@gridcase/projections/postgres`.
 *
 * @module
 */
export { ReadModelStoreUnavailable } from "./projection/errors.ts"
export { type MemoryInlineHook, memoryInlineProjections } from "./stores/memory/memory-inline.ts"
export {
  MemoryReadModelStore as Memory,
  makeMemoryReadModelStore as makeMemory,
} from "./stores/memory/memory-read-model-store.ts"
export {
  type Checkpoint,
  type CommitRequest,
  type DocumentWrite,
  type GroupStats,
  type IndexMember,
  type LoadRequest,
  type MemberQuery,
  NEVER_STARTED,
  ReadModelStore,
  type ReadModelStoreShape as Shape,
  type StoredDocument,
} from "./stores/read-model-store.ts"
