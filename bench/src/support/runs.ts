import type { Job, Metrics } from "../job.ts"

/**
 * Warms up once (half a second at most: the JIT, the page cache, prepared statements), then
 * performs the job's timed runs one after the other on the same prepared data.
 */
export const repeatRuns = async (
  job: Job,
  once: (seconds: number) => Promise<Metrics>,
): Promise<Array<Metrics>> => {
  await once(Math.min(job.seconds, 1) / 2)
  const runs: Array<Metrics> = []
  for (let run = 0; run < job.runs; run++) runs.push(await once(job.seconds))
  return runs
}

/** A numeric job parameter; a missing one is a bug in the plan. */
export const numberParam = (job: Job, name: string): number => {
  const value = job.params[name]
  if (typeof value !== "number") throw new Error(`job ${job.id}: parameter ${name} must be a number`)
  return value
}

export const stringParam = (job: Job, name: string): string => {
  const value = job.params[name]
  if (typeof value !== "string") throw new Error(`job ${job.id}: parameter ${name} must be a string`)
  return value
}
