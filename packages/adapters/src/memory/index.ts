/** `@gridcase/adapters/memory`: the in-memory event store (内存事件存储). */
export type { MemoryInlineProjection } from "./inline.ts"
export { MemoryEventStore, type MemoryEventStoreOptions, makeMemoryEventStore } from "./memory-event-store.ts"
