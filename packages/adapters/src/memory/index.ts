/** `@gridcase/adapters/memory`: the in-memory event store (内存事件存储). */
export { MemoryEventStore, makeMemoryEventStore } from "./memory-event-store.ts"
