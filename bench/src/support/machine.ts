import { readFileSync } from "node:fs"
import os from "node:os"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { packageVersion } from "./package-dir.ts"
import { PG_URL } from "./scratch.ts"

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly os: string
  readonly node: string
  readonly sqlite: string
  readonly postgres: string
  readonly emmett: string
}

const cpuModel = (): string => {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("model name"))
    if (line !== undefined) return line.split(":")[1]!.trim()
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? "unknown"
}

const versionOf = (name: string): string => packageVersion(name, fileURLToPath(import.meta.url))

/** What the figures were measured on: they mean little without it. */
export const describeMachine = async (): Promise<Machine> => {
  const db = new DatabaseSync(":memory:")
  const sqlite = (db.prepare("SELECT sqlite_version() AS version").get() as { version: string }).version
  db.close()
  let postgres = "unreachable"
  try {
    const client = new pg.Client({ connectionString: PG_URL })
    await client.connect()
    postgres = ((await client.query("SHOW server_version")).rows[0] as { server_version: string })
      .server_version
    await client.end()
  } catch {
    // reported as unreachable; the PostgreSQL jobs will say why they failed
  }
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    sqlite: `${sqlite} (node:sqlite)`,
    postgres: `${postgres} (server defaults: synchronous_commit=on)`,
    emmett: `emmett ${versionOf("@event-driven-io/emmett")}, emmett-sqlite ${versionOf("@event-driven-io/emmett-sqlite")}, emmett-postgresql ${versionOf("@event-driven-io/emmett-postgresql")}`,
  }
}

/** The one-minute load average: other work on the machine shows in the figures, so it is recorded. */
export const loadAverage = (): number => Math.round(os.loadavg()[0]! * 100) / 100
