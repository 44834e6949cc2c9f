import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { throttledWakeUp } from "../src/postgres/wake-up.ts"

/** A send whose calls are counted and whose completion the test controls. */
const controlledSend = () => {
  const finishers: Array<(ok: boolean) => void> = []
  const send = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        finishers.push((ok) => (ok ? resolve() : reject(new Error("connection lost"))))
      }),
  )
  const finish = async (ok = true) => {
    finishers.shift()?.(ok)
    await vi.advanceTimersByTimeAsync(0)
  }
  return { send, finish }
}

describe("throttled wake-up", () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("sends the first wake-up at once and collapses a burst into one more at the end of the interval", async () => {
    const { send, finish } = controlledSend()
    const wakeUp = throttledWakeUp(send, 10)
    wakeUp.wake()
    expect(send).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 50; i++) wakeUp.wake()
    await finish()
    await vi.advanceTimersByTimeAsync(9)
    expect(send).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(send).toHaveBeenCalledTimes(2)
    await finish()
    await vi.advanceTimersByTimeAsync(100)
    expect(send).toHaveBeenCalledTimes(2)
  })

  it("never has two sends in flight, and announces wake-ups that came while one was", async () => {
    const { send, finish } = controlledSend()
    const wakeUp = throttledWakeUp(send, 10)
    wakeUp.wake()
    await vi.advanceTimersByTimeAsync(50)
    wakeUp.wake()
    await vi.advanceTimersByTimeAsync(50)
    expect(send).toHaveBeenCalledTimes(1)
    await finish()
    expect(send).toHaveBeenCalledTimes(2)
  })

  it("keeps going after a failed send", async () => {
    const { send, finish } = controlledSend()
    const wakeUp = throttledWakeUp(send, 10)
    wakeUp.wake()
    await finish(false)
    await vi.advanceTimersByTimeAsync(10)
    wakeUp.wake()
    expect(send).toHaveBeenCalledTimes(2)
  })

  it("sends nothing once closed, not even a pending wake-up", async () => {
    const { send, finish } = controlledSend()
    const wakeUp = throttledWakeUp(send, 10)
    wakeUp.wake()
    wakeUp.wake()
    await finish()
    wakeUp.close()
    await vi.advanceTimersByTimeAsync(100)
    wakeUp.wake()
    expect(send).toHaveBeenCalledTimes(1)
  })
})
