import { performance } from "node:perf_hooks"

/**
 * Repeats `step` until `seconds` have passed and counts what it did. Each step performs some
 * operations and says how many, so a slow subject (Emmett on SQLite: hundreds per second) and a
 * fast one (tens of thousands) are both measured over the same wall-clock time.
 */
export const timeBox = async (
  seconds: number,
  step: () => Promise<number>,
): Promise<{ readonly operations: number; readonly elapsedMs: number }> => {
  const started = performance.now()
  const until = started + seconds * 1000
  let operations = 0
  let now = started
  do {
    operations += await step()
    now = performance.now()
  } while (now < until)
  return { operations, elapsedMs: now - started }
}

export const perSecond = (operations: number, elapsedMs: number): number => (operations * 1000) / elapsedMs

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: ReadonlyArray<number>, p: number): number => {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

/** Times an async call in milliseconds. */
export const timed = async <A>(
  run: () => Promise<A>,
): Promise<{ readonly value: A; readonly ms: number }> => {
  const started = performance.now()
  const value = await run()
  return { value, ms: performance.now() - started }
}
