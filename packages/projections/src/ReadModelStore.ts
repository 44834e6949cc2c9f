/**
 * TODO ReadModelStore
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
  type MemberQuery,
  NEVER_STARTED,
  ReadModelStore,
  type ReadModelStoreShape as Shape,
  type StoredDocument,
} from "./stores/read-model-store.ts"
