import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"
import { afterAll } from "vitest"

/** A service started as an operator starts it (`pnpm start`), and what it printed so far. */
export interface ServiceProcess {
  readonly child: ChildProcess
  /** Where it listens, from its "Listening on" line. */
  readonly url: string
  readonly output: () => string
}

const running = new Set<ChildProcess>()

/** Kills every service process still running and waits for them to end (before dropping their database, say). */
export const stopAll = async () => {
  const children = [...running]
  for (const child of children) child.kill("SIGKILL")
  await Promise.all(children.map(exited))
}
afterAll(stopAll)

/**
 * Starts `src/main.ts` in a process of its own with `env` over the test's environment, and
 * resolves once it listens; rejects with its output if it exits first. Every process still
 * running when the test file ends is killed.
 */
export const startServiceProcess = (env: Readonly<Record<string, string>>) =>
  new Promise<ServiceProcess>((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@gridcase/source", "src/main.ts"], {
      cwd: join(import.meta.dirname, "..", ".."),
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    running.add(child)
    child.on("exit", () => running.delete(child))
    let output = ""
    const listen = (chunk: Buffer) => {
      output += chunk.toString()
      const found = /Listening on (\S+)/.exec(output)
      if (found !== null) resolve({ child, url: found[1]!, output: () => output })
    }
    child.stdout!.on("data", listen)
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on("exit", (code) => reject(new Error(`the service exited (${code}) before listening:\n${output}`)))
  })

/** Resolves with the exit code once the process has ended (null when a signal ended it). */
export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    // A process killed by a signal has no exit code, and its exit event may have passed already.
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.on("exit", (code) => resolve(code))
  })
