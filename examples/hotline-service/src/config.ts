import { resolve } from "node:path"

/** How the service is started, from its environment (every variable is optional). */
export interface ServiceConfig {
  /** `PORT`, default 3000; 0 picks a free port. */
  readonly port: number
  /** `HOST`, default 127.0.0.1. */
  readonly host: string
  /** `DATABASE_URL`: a PostgreSQL URL; without it the embedded SQLite store is used. */
  readonly databaseUrl: string | undefined
  /**
   * `DATABASE_SCHEMA`, default `gridcase`: with DATABASE_URL, the events live in this schema,
   * the read models in `<schema>_read_models` and the office's own tables (settings, staff
   * tokens, residents' keys) in `<schema>_office`. Every instance of one office names the same.
   */
  readonly databaseSchema: string
  /** `DATA_DIR`, default ./.gridcase-data: the SQLite file and the staff token hashes live here. */
  readonly dataDir: string
  /**
   * `OPEN311_API_KEY`; without it a fresh random key for this run on SQLite, or on PostgreSQL
   * the key the first instance chose (kept in the database, so every instance takes the same).
   */
  readonly apiKey: string | undefined
  /** `SEED=0` (or `false`, `no`) starts with an empty store instead of the demo district. */
  readonly seed: boolean
  /** `TICK_SECONDS`, default 60: how often the deadline process looks for overdue cases. */
  readonly tickSeconds: number
  /**
   * `KEY_STORE_MASTER_KEY`: 32 bytes in base64 that wrap residents' keys; without it the demo
   * keeps a generated one in `DATA_DIR/master.key`.
   */
  readonly masterKey: Uint8Array | undefined
  /**
   * `GRIDCASE_CALENDAR_YEARS`: a JSON file of holiday years (`Calendar.PublishedYears`) to add to
   * the shipped calendar, so next year's State Council notice can be loaded without a release.
   */
  readonly calendarYears: string | undefined
}

const NO = new Set(["0", "false", "no", "off"])

const integer = (
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number => {
  if (text === undefined || text === "") return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${text}"`)
  }
  return value
}

export const configFrom = (env: NodeJS.ProcessEnv): ServiceConfig => ({
  port: integer("PORT", env.PORT, 3000, 0, 65535),
  host: env.HOST === undefined || env.HOST === "" ? "127.0.0.1" : env.HOST,
  databaseUrl: env.DATABASE_URL === "" ? undefined : env.DATABASE_URL,
  databaseSchema: schemaOf(env.DATABASE_SCHEMA),
  dataDir: resolve(env.DATA_DIR === undefined || env.DATA_DIR === "" ? ".gridcase-data" : env.DATA_DIR),
  apiKey: env.OPEN311_API_KEY === "" ? undefined : env.OPEN311_API_KEY,
  seed: !NO.has((env.SEED ?? "").toLowerCase()),
  tickSeconds: integer("TICK_SECONDS", env.TICK_SECONDS, 60, 1, 86_400),
  masterKey: masterKeyOf(env.KEY_STORE_MASTER_KEY),
  calendarYears:
    env.GRIDCASE_CALENDAR_YEARS === undefined || env.GRIDCASE_CALENDAR_YEARS === ""
      ? undefined
      : resolve(env.GRIDCASE_CALENDAR_YEARS),
})

/** Lowercase letters, digits and `_`, short enough that `<schema>_read_models` is a valid schema of the stores too. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,27}$/

const schemaOf = (text: string | undefined): string => {
  if (text === undefined || text === "") return "gridcase"
  if (!SCHEMA_NAME.test(text)) {
    throw new Error(`DATABASE_SCHEMA must be lowercase letters, digits and _ (at most 28), got "${text}"`)
  }
  return text
}

const masterKeyOf = (text: string | undefined): Uint8Array | undefined => {
  if (text === undefined || text === "") return undefined
  const key = new Uint8Array(Buffer.from(text, "base64"))
  if (key.length !== 32) throw new Error("KEY_STORE_MASTER_KEY must be 32 bytes in base64")
  return key
}
