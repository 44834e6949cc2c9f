import { type ChildProcess, spawn } from "node:child_process"

/** An HTTP server running as a process of its own, as a deployment runs it. */
export interface ServerProcess {
  readonly url: string
  /** SIGTERM, then waits for the process to end (it finishes requests, flushes, writes its CPU profile). */
  readonly stop: () => Promise<void>
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.on("exit", () => resolve())
  })

/**
 * Starts `script` with the project's Node and the source condition and resolves once it prints
 * `Listening on <url>`; rejects with what it printed if it ends before. A child profiled with
 * `--cpu-prof` (`pnpm bench --profile`) profiles the server too, into the same folder: the
 * server is where an HTTP figure's time goes.
 */
export const startServer = (
  script: string,
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>>,
  cwd: string,
): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const profiling = process.execArgv.filter((flag) => flag.startsWith("--cpu-prof"))
    const child = spawn(process.execPath, ["--conditions=@gridcase/source", ...profiling, script, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    let listening = false
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString()
      const found = listening ? null : /Listening on (\S+)/.exec(output)
      if (found === null) return
      listening = true
      resolve({
        url: found[1]!,
        stop: async () => {
          child.kill("SIGTERM")
          await exited(child)
        },
      })
    }
    child.stdout.on("data", onOutput)
    child.stderr.on("data", onOutput)
    child.on("exit", (code) => {
      if (!listening) reject(new Error(`${script} exited (${code}) before listening: ${output.slice(-2000)}`))
    })
  })
