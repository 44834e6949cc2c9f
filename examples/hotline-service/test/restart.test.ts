import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteEventStore } from "@gridcase/adapters/sqlite"
import { BusinessClock } from "@gridcase/core"
import { SqliteReadModelStore } from "@gridcase/projections/sqlite"
import { afterAll, describe, expect, it } from "vitest"
import { seedDemoCases } from "../src/district/demo-cases.ts"
import { demoPlan } from "../src/district/demo-district.ts"
import { isSeeded, seedDistrict } from "../src/district/seed.ts"
import { openOffice } from "../src/office/office.ts"
import { serviceRequest } from "../src/open311/requests-projection.ts"
import { T0 } from "./support/harness.ts"

const folder = mkdtempSync(join(tmpdir(), "gridcase-restart-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The office as `main.ts` opens it: events and read models in SQLite files. */
const open = () =>
  openOffice({
    store: SqliteEventStore.layer({ filename: join(folder, "events.db") }),
    readModels: SqliteReadModelStore.layer({ filename: join(folder, "read-models.db") }),
    territoryId: demoPlan.territoryId,
    clock: BusinessClock.makeFixed(T0),
  })

describe("closing and reopening the office", () => {
  it("keeps every case and read model, and seeds only once", async () => {
    const first = await open()
    expect(await isSeeded(first)).toBe(false)
    await seedDistrict(first, demoPlan)
    await seedDemoCases(first)
    const before = await first.query(serviceRequest("demo-heating"))
    await first.close()

    const second = await open()
    expect(await isSeeded(second)).toBe(true)
    expect(await second.query(serviceRequest("demo-heating"))).toEqual(before)
    expect(
      (await second.cases.get("demo-leak")).exists && (await second.cases.get("demo-leak")),
    ).toMatchObject({
      status: "closed",
    })
    await second.close()
  })
})
