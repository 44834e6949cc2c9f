/**
 * The grid office service: `pnpm start`. Embedded SQLite by default (in DATA_DIR), PostgreSQL
 * when DATABASE_URL is set, which several instances may share (docs/operations.md); seeds the demo district on first start unless SEED=0; serves Open311
 * intake, the office API and the live dashboard; runs the deadline process on the shipped
 * calendar plus the holiday years of GRIDCASE_CALENDAR_YEARS, warning when the calendar runs
 * out; and shuts down cleanly on SIGINT/SIGTERM (requests in flight finish, queued writes reach
 * the store).
 */
import { randomBytes } from "node:crypto"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { SqliteEventStore } from "@gridcase/adapters/sqlite"
import { Escalation } from "@gridcase/core"
import { SqliteReadModelStore } from "@gridcase/projections/sqlite"
import { configFrom } from "./config.ts"
import { seedDemoCases } from "./district/demo-cases.ts"
import { demoPlan, directoryOf } from "./district/demo-district.ts"
import { seedDemoResidents } from "./district/demo-residents.ts"
import { isSeeded, seedDistrict } from "./district/seed.ts"
import { serve } from "./http/server.ts"
import { calendarWarning, loadCalendar } from "./office/calendar-years.ts"
import { demoMasterKey, fileKeyStoreLayer } from "./office/file-key-store.ts"
import { openOffice } from "./office/office.ts"
import { openSharedDatabase } from "./office/shared-database.ts"
import { makeStaffTokens } from "./office-api/staff-tokens.ts"
import { OPEN311_ROOT } from "./open311/open311-api.ts"
import { serviceRoutes } from "./service-routes.ts"

// Everything the environment names is checked before anything is written: a bad setting or an
// invalid calendar file stops the start with its reason, and nothing is stored.
const { config, calendar } = (() => {
  try {
    const config = configFrom(process.env)
    return { config, calendar: loadCalendar(config.calendarYears) }
  } catch (error) {
    console.error(
      `gridcase hotline service not started: ${error instanceof Error ? error.message : String(error)}`,
    )
    process.exit(1)
  }
})()
// Everything the service writes (events, read models, keys, token hashes) is for its own user
// only: files 0600 and folders 0700, the SQLite files and their journals included.
process.umask(0o077)
mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })

// The read models live beside the events, so a restart catches up instead of rebuilding. On
// PostgreSQL everything an instance keeps is in the database, so several instances can share it.
const shared =
  config.databaseUrl === undefined
    ? undefined
    : await openSharedDatabase({
        url: config.databaseUrl,
        schema: config.databaseSchema,
        apiKey: config.apiKey,
        masterKey: config.masterKey,
      })
const local = () => ({
  store: SqliteEventStore.layer({ filename: join(config.dataDir, "events.db") }),
  readModels: SqliteReadModelStore.layer({ filename: join(config.dataDir, "read-models.db") }),
  // Residents' keys (crypto-shredding), wrapped by KEY_STORE_MASTER_KEY or, for the demo, a master key file.
  keyStore: fileKeyStoreLayer({
    file: join(config.dataDir, "resident-keys.json"),
    masterKey: config.masterKey ?? demoMasterKey(join(config.dataDir, "master.key")),
  }),
})
const office = await openOffice({
  ...(shared === undefined
    ? local()
    : {
        store: shared.store,
        readModels: shared.readModels,
        keyStore: shared.keyStore,
        leases: shared.leases,
        deadlineLock: shared.deadlineLock,
        checkpointNews: shared.checkpointNews,
      }),
  territoryId: demoPlan.territoryId,
  config: { policy: Escalation.defaultPolicy, calendar },
  tickEvery: config.tickSeconds * 1000,
})
const tokens = shared?.tokens ?? makeStaffTokens(join(config.dataDir, "staff-tokens.json"))
const apiKey = shared?.apiKey ?? config.apiKey ?? `demo-${randomBytes(9).toString("base64url")}`
for (const warning of shared?.warnings ?? []) console.warn(`warning: ${warning}`)

if (config.seed && !(await isSeeded(office))) {
  await seedDistrict(office, demoPlan)
  const cases = await seedDemoCases(office)
  const residents = await seedDemoResidents(office)
  const issued = await Promise.all(
    [...new Set(demoPlan.roles.map((role) => role.personId))].map(async (personId) => ({
      personId,
      roles: demoPlan.roles.filter((role) => role.personId === personId).map((role) => role.role),
      token: await tokens.issue(personId),
    })),
  )
  const file = join(config.dataDir, "demo-staff-tokens.json")
  writeFileSync(file, `${JSON.stringify(issued, null, 2)}\n`, { mode: 0o600 })
  console.log(
    `Seeded the demo district ${demoPlan.territoryId} with ${cases} cases and ${residents} residents; staff tokens in ${file}`,
  )
}

let baseUrl = ""
const { url, shutdown } = await serve({
  port: config.port,
  host: config.host,
  routes: serviceRoutes({
    office,
    apiKeys: new Map([[apiKey, "open311:demo-client"]]),
    jurisdictionId: `${demoPlan.territoryId}.gov.cn`,
    baseUrl: () => baseUrl,
    directory: directoryOf(demoPlan),
    tokens,
  }),
  onError: (error, request) => console.error(`${request.method} ${request.url} failed:`, error),
})
baseUrl = url

console.log(
  `gridcase hotline service on ${config.databaseUrl === undefined ? `SQLite in ${config.dataDir}` : `PostgreSQL, schema ${config.databaseSchema}`}`,
)
console.log(`  dashboard   ${baseUrl}/dashboard#token=<a staff token>`)
console.log(`  Open311     ${baseUrl}${OPEN311_ROOT}/discovery.json   api_key=${apiKey}`)
console.log(`  office API  ${baseUrl}/api/openapi.json`)
console.log(
  `  calendar    ${calendar.name}, ${calendar.knownYears[0]}–${calendar.knownYears.at(-1)}${config.calendarYears === undefined ? "" : ` (with ${config.calendarYears})`}`,
)
const warning = calendarWarning(calendar, office.now(), await office.beyondCalendar())
if (warning !== undefined) console.warn(`warning: ${warning}`)

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`${signal}: finishing requests in flight, then closing the store…`)
  await shutdown()
  await office.close()
  await shared?.close()
  console.log("stopped; nothing lost")
  process.exit(0)
}
process.on("SIGINT", () => void stop("SIGINT"))
process.on("SIGTERM", () => void stop("SIGTERM"))
// Last, so that whoever waits for this line can stop the service as soon as it reads it.
console.log(`Listening on ${baseUrl}`)
