import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const writerScript = fileURLToPath(new URL("./writer.ts", import.meta.url))

export interface WriterProcess {
  readonly child: ChildProcess
  /** Lines the writer printed so far. */
  readonly lines: Array<string>
  /** Resolves once the writer has printed `count` lines. */
  readonly printed: (count: number) => Promise<void>
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals>
}

/** Starts `writer.ts` in a child process with the given arguments. */
export const startWriter = (...args: Array<string>): WriterProcess => {
  const child = spawn(process.execPath, ["--conditions=@gridcase/source", writerScript, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  })
  const lines: Array<string> = []
  const waiting: Array<{ count: number; resolve: () => void }> = []
  let buffered = ""
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk
    const complete = buffered.split("\n")
    buffered = complete.pop()!
    lines.push(...complete)
    for (const waiter of waiting.filter((w) => lines.length >= w.count)) waiter.resolve()
  })
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.on("exit", (code, signal) => resolve(signal ?? code ?? 0))
  })
  const printed = (count: number) =>
    new Promise<void>((resolve, reject) => {
      if (lines.length >= count) return resolve()
      waiting.push({ count, resolve })
      void exited.then(() =>
        lines.length >= count ? resolve() : reject(new Error(`writer exited early: ${lines}`)),
      )
    })
  return { child, lines, printed, exited }
}
