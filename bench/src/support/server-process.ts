import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"

/** An HTTP server running as a process of its own, as a deployment runs it. */
export interface ServerProcess {
  readonly url: string
  /**
   * CPU time the server process has used so far (user + system), in milliseconds; NaN where
   * /proc is not there. On a machine shared with other work, CPU per request holds still when
   * requests per second do not.
   */
  readonly cpuMs: () => number
  /**
   * SIGTERM, then waits for the process to end (it finishes requests, flushes, writes its CPU
   * profile); after 30 s, SIGKILL, and rejects: a server that does not stop is a finding.
   */
  readonly stop: () => Promise<void>
}

/** Clock ticks per second of /proc's times: 100 on every Linux port Node runs on. */
const TICKS_PER_SECOND = 100

const cpuMsOf = (pid: number | undefined): number => {
  if (pid === undefined) return Number.NaN
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  } catch {
    return Number.NaN
  }
}

const STOP_WAIT_MS = 30_000

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
        cpuMs: () => cpuMsOf(child.pid),
        stop: async () => {
          child.kill("SIGTERM")
          let timer: NodeJS.Timeout | undefined
          const late = new Promise<"late">((done) => {
            timer = setTimeout(() => done("late"), STOP_WAIT_MS)
          })
          const outcome = await Promise.race([exited(child), late])
          clearTimeout(timer)
          if (outcome !== "late") return
          child.kill("SIGKILL")
          await exited(child)
          throw new Error(
            `${script} did not stop within ${STOP_WAIT_MS / 1000} s of SIGTERM: ${output.slice(-1000)}`,
          )
        },
      })
    }
    child.stdout.on("data", onOutput)
    child.stderr.on("data", onOutput)
    child.on("exit", (code) => {
      if (!listening) reject(new Error(`${script} exited (${code}) before listening: ${output.slice(-2000)}`))
    })
  })
