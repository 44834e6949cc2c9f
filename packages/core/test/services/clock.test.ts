import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { BusinessClock } from "../../src/index.ts"

const readClock = BusinessClock.BusinessClock.useSync((clock) => clock.now())

describe("Clock", () => {
  it("system tells the machine's time", () => {
    const before = Date.now()
    const now = Effect.runSync(Effect.provide(readClock, BusinessClock.BusinessClock.system))
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })

  it("a fixed clock moves only when set or advanced, and its layer follows it", () => {
    const clock = BusinessClock.makeFixed(1_000)
    const program = Effect.provide(readClock, clock.layer)
    expect(Effect.runSync(program)).toBe(1_000)
    clock.advance(500)
    expect(Effect.runSync(program)).toBe(1_500)
    clock.set(200)
    expect(Effect.runSync(program)).toBe(200)
  })

  it("a fixed clock refuses what is not an instant, and keeps its time", () => {
    expect(() => BusinessClock.makeFixed(-1)).toThrow(RangeError)
    const clock = BusinessClock.makeFixed(1_000)
    expect(() => clock.set(1.5)).toThrow(RangeError)
    expect(() => clock.advance(-1)).toThrow(RangeError)
    expect(() => clock.advance(Number.MAX_SAFE_INTEGER)).toThrow(RangeError)
    expect(clock.now()).toBe(1_000)
  })
})
