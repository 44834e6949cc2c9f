import { randomBytes } from "node:crypto"
import { mkdirSync, readFileSync, rmSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"
import pg from "pg"
import type { Job, Metrics } from "../job.ts"
import { numberParam, repeatRuns, stringParam } from "../support/runs.ts"
import { DATA_DIR, PG_URL } from "../support/scratch.ts"
import { type ServerProcess, startServer } from "../support/server-process.ts"

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")
const SERVICE = "examples/hotline-service/src/main.ts"
const BARE = "bench/src/subjects/bare-http-server.ts"
const API_KEY = "bench-open311-key"

/** What the load generator sends: Open311 reports from residents, or reports from a grid worker through the office API. */
export type Route = "open311" | "staff"

/** A grid the requests are placed in: its id and a point inside it. */
export interface TargetGrid {
  readonly gridId: string
  readonly lat: number
  readonly long: number
}

/** One request as autocannon takes it. */
export interface LoadRequest {
  readonly method: "POST"
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * The requests each connection sends in turn, one per grid, so that the load spreads over the
 * district as residents' reports do: a GeoReport v2 form with the api_key and the grid's
 * centre, or a patrol report (巡查上报) of the grid's worker as JSON with their staff token.
 */
export const loadRequests = (
  route: Route,
  grids: ReadonlyArray<TargetGrid>,
  credentials: { readonly apiKey: string; readonly staffToken: string },
): Array<LoadRequest> =>
  grids.map((grid, index) =>
    route === "open311"
      ? {
          method: "POST",
          path: "/open311/v2/requests.json",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            api_key: credentials.apiKey,
            service_code: "sanitation",
            lat: String(grid.lat),
            long: String(grid.long),
            description: `overflowing bins, report ${index + 1}`,
          }).toString(),
        }
      : {
          method: "POST",
          path: "/api/cases",
          headers: { "content-type": "application/json", authorization: `Bearer ${credentials.staffToken}` },
          body: JSON.stringify({
            source: "patrol",
            category: "sanitation",
            urgency: "normal",
            description: `overflowing bins, patrol ${index + 1}`,
            location: { gridId: grid.gridId },
            level: "grid",
          }),
        },
  )

/**
 * autocannon's figures as the bench reports them, the clients split evenly over the servers
 * (one autocannon each, at the same time): requests/s summed, p50 and p99 the worst server's.
 * A run with any failed request is an error, not a figure.
 */
const measure = async (
  servers: ReadonlyArray<ServerProcess>,
  connections: number,
  seconds: number,
  requests: Array<LoadRequest>,
) => {
  const cpuBefore = servers.map((server) => server.cpuMs())
  const results = await Promise.all(
    servers.map((server) =>
      autocannon({
        url: server.url,
        connections: Math.ceil(connections / servers.length),
        duration: seconds,
        requests,
      }),
    ),
  )
  const cpuMs = servers.reduce((sum, server, index) => sum + server.cpuMs() - cpuBefore[index]!, 0)
  const sum = (of: (result: autocannon.Result) => number) =>
    results.reduce((total, result) => total + of(result), 0)
  const failed = sum((result) => result.non2xx + result.errors + result.timeouts)
  if (failed > 0) {
    throw new Error(
      `${failed} of ${sum((result) => result.requests.total)} requests failed (non-2xx ${sum((result) => result.non2xx)}, errors ${sum((result) => result.errors)}, timeouts ${sum((result) => result.timeouts)})`,
    )
  }
  const answered = sum((result) => result["2xx"])
  return {
    rate: answered / Math.max(...results.map((result) => result.duration)),
    p50Ms: Math.max(...results.map((result) => result.latency.p50)),
    p99Ms: Math.max(...results.map((result) => result.latency.p99)),
    serverCpuMsPerRequest: cpuMs / answered,
  }
}

/** The demo district's worker whose grids the staff route reports in, and those grids. */
const demoWorkerGrids = async () => {
  const { centreOf, demoPlan } = await import(
    "../../../examples/hotline-service/src/district/demo-district.ts"
  )
  const worker = demoPlan.roles.find((role) => role.role === "gridWorker")!.personId
  const grids = demoPlan.roles
    .filter((role) => role.personId === worker && role.role === "gridWorker" && role.areaId !== undefined)
    .map((role) => ({ gridId: role.areaId!, ...centreOf(demoPlan, role.areaId!) }))
  return { worker, grids }
}

interface Started {
  readonly servers: ReadonlyArray<ServerProcess>
  readonly staffToken: string
  readonly cleanUp: () => Promise<void>
}

const dropSchemas = async (schemas: ReadonlyArray<string>) => {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
}

/**
 * The example service as an operator starts it (`pnpm start`, seeding the demo district), its
 * data in a scratch folder — on PostgreSQL in a schema of its own (`DATABASE_SCHEMA`), and there
 * as `processes` instances sharing it (docs/operations.md), started one after the other so that
 * the first seeds.
 */
const startService = async (
  store: "sqlite" | "postgres",
  worker: string,
  processes: number,
): Promise<Started> => {
  const token = `${process.pid}_${randomBytes(4).toString("hex")}`
  const dataDir = join(DATA_DIR, `service-${token}`)
  mkdirSync(dataDir, { recursive: true })
  const schema = `bench_http_${token}`.slice(0, 28)
  const env = {
    DATA_DIR: dataDir,
    PORT: "0",
    OPEN311_API_KEY: API_KEY,
    TICK_SECONDS: "3600",
    ...(store === "postgres" ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema } : {}),
  }
  const servers: Array<ServerProcess> = []
  for (let started = 0; started < processes; started++)
    servers.push(await startServer(SERVICE, [], env, ROOT))
  const issued = JSON.parse(readFileSync(join(dataDir, "demo-staff-tokens.json"), "utf8")) as Array<{
    personId: string
    token: string
  }>
  return {
    servers,
    staffToken: issued.find((one) => one.personId === worker)!.token,
    cleanUp: async () => {
      rmSync(dataDir, { recursive: true, force: true })
      if (store === "postgres") await dropSchemas([schema, `${schema}_read_models`, `${schema}_office`])
    },
  }
}

/** The bare `node:http` server (the ceiling), with a fixed staff token. */
const startBare = async (store: "sqlite" | "postgres"): Promise<Started> => {
  const staffToken = randomBytes(16).toString("hex")
  const server = await startServer(BARE, [store, API_KEY, staffToken], {}, ROOT)
  return { servers: [server], staffToken, cleanUp: async () => {} }
}

/**
 * End-to-end throughput over HTTP (端到端吞吐): `connections` keep-alive clients (autocannon)
 * post for the run's time against the service as a process of its own — Open311
 * `POST requests.json`, or a grid worker's report through the office API — or against the bare
 * `node:http` server that parses the same body and inserts one row (the ceiling). Every
 * acknowledged request of the service is stored and in its read models (it answers after
 * `settle`); a failed request fails the run.
 */
export const http = async (job: Job): Promise<Array<Metrics>> => {
  const store = job.store
  if (store !== "sqlite" && store !== "postgres")
    throw new Error(`job ${job.id}: HTTP runs on SQLite or PostgreSQL`)
  const route = stringParam(job, "route") as Route
  const connections = numberParam(job, "connections")
  const { worker, grids } = await demoWorkerGrids()
  const processes = typeof job.params.processes === "number" ? job.params.processes : 1
  const started =
    job.impl === "ceiling" ? await startBare(store) : await startService(store, worker, processes)
  try {
    const requests = loadRequests(route, grids, { apiKey: API_KEY, staffToken: started.staffToken })
    return await repeatRuns(job, (seconds) => measure(started.servers, connections, seconds, requests))
  } finally {
    await Promise.all(started.servers.map((server) => server.stop()))
    await started.cleanUp()
  }
}
