/**
 * `@gridcase/adapters/testing`: the event-store contract suite (契约测试) for vitest, to run
 * against this package's adapters or your own implementation of core's `EventStore` port.
 */
export { describeEventStoreContract } from "./contract.ts"
export { newEvent, newEvents } from "./fixtures.ts"
export type { EventStoreHarness } from "./harness.ts"
export { scopedHarness } from "./scoped-harness.ts"
