/** Running commands for the outsider check: every failure throws with the command's whole output. */
import { spawn } from "node:child_process"

export interface Finished {
  readonly status: number | null
  readonly output: string
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly cwd: string
  readonly env?: NodeJS.ProcessEnv
  readonly timeoutMillis?: number
}

/** Runs `command` to its end and reports how it ended; never throws for a non-zero exit. */
export const run = (command: string, args: ReadonlyArray<string>, options: RunOptions): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMillis ?? 600_000,
    })
    let stdout = ""
    let stderr = ""
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk
      output += chunk
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk
      output += chunk
    })
    child.on("error", reject)
    child.on("close", (status, signal) =>
      resolve({ status: signal === null ? status : null, output, stdout, stderr }),
    )
  })

/**
 * The environment without what pnpm adds for the scripts it runs (npm_config_*, npm_package_*…),
 * which npm would otherwise read as its own settings: an outsider's npm sees none of it.
 */
export const outsiderEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^p?npm_/i.test(name))),
  ...extra,
})

export class CommandFailed extends Error {}

/** Runs `command` and returns its stdout, or throws with everything it printed. */
export const must = async (
  command: string,
  args: ReadonlyArray<string>,
  options: RunOptions,
): Promise<string> => {
  const finished = await run(command, args, options)
  if (finished.status !== 0) {
    const status = finished.status === null ? "was killed (timeout?)" : `exited ${finished.status}`
    throw new CommandFailed(`${[command, ...args].join(" ")} ${status}:\n${finished.output}`)
  }
  return finished.stdout
}

/** Runs `work` over `items` with at most `width` at a time, keeping the items' order in the results. */
export const inPool = async <A, B>(
  items: ReadonlyArray<A>,
  width: number,
  work: (item: A) => Promise<B>,
): Promise<ReadonlyArray<B>> => {
  const results: Array<B> = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
  return results
}
