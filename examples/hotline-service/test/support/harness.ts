import { MemoryEventStore } from "@gridcase/adapters/memory"
import { BusinessClock, EventStore } from "@gridcase/core"
import { Effect } from "effect"
import { seedDemoCases } from "../../src/district/demo-cases.ts"
import { demoPlan, directoryOf } from "../../src/district/demo-district.ts"
import { seedDemoResidents } from "../../src/district/demo-residents.ts"
import { seedDistrict } from "../../src/district/seed.ts"
import { serve } from "../../src/http/server.ts"
import { openOffice } from "../../src/office/office.ts"
import { makeStaffTokens, type StaffTokens } from "../../src/office-api/staff-tokens.ts"
import { serviceRoutes } from "../../src/service-routes.ts"

/** Tue 2026-03-10 10:00 in Shanghai: a working day well inside the calendar's years. */
export const T0 = Date.UTC(2026, 2, 10, 2, 0)
export const API_KEY = "test-key"

/**
 * A whole service on a memory store with the demo district (and its demo cases and residents when asked), on a
 * free port, with a clock the test moves. Staff tokens are `token-<personId>` for every person of the demo plan.
 */
export const startService = async (
  options: {
    readonly demoCases?: boolean
    /** Staff tokens in place of the `token-<personId>` ones (a database that fails, say). */
    readonly tokens?: StaffTokens
  } = {},
) => {
  const clock = BusinessClock.makeFixed(T0)
  // Deterministic ids: a rerun draws the same page, so the committed screenshot stays put.
  let counter = 0
  const office = await openOffice({
    store: MemoryEventStore.layer,
    territoryId: demoPlan.territoryId,
    clock,
    ids: { next: () => `00000000-0000-7000-8000-${(++counter).toString(16).padStart(12, "0")}` },
  })
  await seedDistrict(office, demoPlan)
  if (options.demoCases === true) {
    await seedDemoCases(office)
    await seedDemoResidents(office)
  }
  const tokens = options.tokens ?? makeStaffTokens()
  if (options.tokens === undefined) {
    for (const person of new Set(demoPlan.roles.map((role) => role.personId))) {
      await tokens.register(`token-${person}`, person)
    }
  }
  let baseUrl = ""
  const errors: Array<unknown> = []
  const served = await serve({
    port: 0,
    host: "127.0.0.1",
    routes: serviceRoutes({
      office,
      apiKeys: new Map([[API_KEY, "open311:test-client"]]),
      jurisdictionId: "xitu-gaoxin.gov.cn",
      baseUrl: () => baseUrl,
      directory: directoryOf(demoPlan),
      tokens,
    }),
    onError: (error) => {
      errors.push(error)
    },
  })
  baseUrl = served.url
  return {
    office,
    clock,
    baseUrl,
    /** Failures the server answered with a 500: a test expects none. */
    errors,
    close: async () => {
      await served.shutdown()
      await office.close()
    },
  }
}

export type TestService = Awaited<ReturnType<typeof startService>>

/** A JSON answer, loosely typed: the tests check its shape with `expect`. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk untyped JSON
export const readJson = (response: globalThis.Response): Promise<any> => response.json()

/**
 * The office API as a member of staff calls it (their token is `token-<personId>`): a GET
 * without a body, a POST of JSON with one.
 */
export const staffApi =
  (service: TestService) =>
  (path: string, personId: string, body?: unknown): Promise<globalThis.Response> =>
    fetch(`${service.baseUrl}/api/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: `Bearer token-${personId}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })

/** The store's last position: unchanged when a request was refused. */
export const storeHead = (service: TestService): Promise<number> =>
  service.office.run(
    Effect.gen(function* () {
      const store = yield* EventStore.EventStore
      let after = 0
      for (;;) {
        const page = yield* store.readAll({ after })
        if (page.length === 0) return after
        after = page.at(-1)!.position
      }
    }),
  )
