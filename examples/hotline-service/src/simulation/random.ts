/**
 * A seeded random source (mulberry32), so a simulation run can be repeated exactly: same seed,
 * same district, same cases, same summary.
 */
export interface Random {
  /** Uniform in [0, 1). */
  readonly next: () => number
  readonly chance: (probability: number) => boolean
  /** An exponentially distributed wait with the given mean (minutes, hours…). */
  readonly exponential: (mean: number) => number
  /** A Poisson-distributed count with the given mean (Knuth; fine for small means). */
  readonly poisson: (mean: number) => number
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  /** One of the keys, drawn with the given weights. */
  readonly weighted: <K extends string>(weights: Readonly<Record<K, number>>) => K
}

export const makeRandom = (seed: number): Random => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    chance: (probability) => next() < probability,
    exponential: (mean) => -mean * Math.log(1 - next()),
    poisson: (mean) => {
      const limit = Math.exp(-mean)
      let count = 0
      let product = next()
      while (product > limit) {
        count++
        product *= next()
      }
      return count
    },
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (weights) => {
      const entries = Object.entries(weights) as Array<[keyof typeof weights & string, number]>
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
      let draw = next() * total
      for (const [key, weight] of entries) {
        draw -= weight
        if (draw < 0) return key
      }
      return entries.at(-1)![0]
    },
  }
}
