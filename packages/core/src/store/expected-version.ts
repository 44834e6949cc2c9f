/**
 * Optimistic concurrency for an append:
 * - `"any"`: append whatever the stream's state;
 * - `"noStream"`: the stream must not exist yet (no events);
 * - `"exists"`: the stream must have at least one event;
 * - a number: the stream's version (its last revision) must be exactly this; 0 means empty.
 */
export type ExpectedVersion = "any" | "noStream" | "exists" | number

/** Whether a stream at `actual` version satisfies `expected`. Shared by every adapter. */
export const satisfies = (expected: ExpectedVersion, actual: number): boolean => {
  switch (expected) {
    case "any":
      return true
    case "noStream":
      return actual === 0
    case "exists":
      return actual > 0
    default:
      return expected === actual
  }
}
