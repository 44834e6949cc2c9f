import { CaseIndex } from "@gridcase/projections"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoPlan } from "../src/district/demo-district.ts"
import { readJson, startService, type TestService } from "./support/harness.ts"

let service: TestService
beforeAll(async () => {
  service = await startService({ demoCases: true })
})
afterAll(() => service.close())

const PEOPLE = [...new Set(demoPlan.roles.map((role) => role.personId))].sort()

/** The oracle, from the plan alone: an area and every area above it, by walking the planned parents. */
const above = (areaId: string): ReadonlyArray<string> => {
  const path: Array<string> = []
  let at: string | undefined = areaId
  while (at !== undefined) {
    path.push(at)
    at = demoPlan.areas.find((area) => area.areaId === at)?.parentId
  }
  return path
}

interface Row {
  readonly caseId: string
  readonly gridId: string
}
interface Full {
  readonly case: {
    readonly location: { readonly gridId: string }
    readonly reportedBy: string
    readonly assignee?: { readonly _tag: string; readonly personId?: string; readonly departmentId?: string }
  }
}

/** Whether the plan gives `person` a role over the case: an area above its grid, its department, or it is theirs. */
const maySee = (person: string, c: Full["case"]): boolean =>
  demoPlan.roles.some(
    (role) =>
      role.personId === person &&
      ((role.areaId !== undefined && above(c.location.gridId).includes(role.areaId)) ||
        (role.departmentId !== undefined &&
          c.assignee?._tag === "department" &&
          c.assignee.departmentId === role.departmentId)),
  ) ||
  c.reportedBy === person ||
  (c.assignee?._tag === "person" && c.assignee.personId === person)

const as = (person: string) => ({ headers: { authorization: `Bearer token-${person}` } })

/** Every row of a search, following the cursor page by page. */
const everyRow = async (person: string, query: string) => {
  const rows: Array<Row> = []
  let cursor: string | null = null
  do {
    const page: { items: Array<Row>; nextCursor: string | null } = await readJson(
      await fetch(
        `${service.baseUrl}/api/cases?${query}&limit=3${cursor === null ? "" : `&cursor=${cursor}`}`,
        as(person),
      ),
    )
    rows.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return rows
}

describe("a caller never sees a case or a resident outside their scope", () => {
  it("property: every listed case, and every case read, is one the caller's roles cover; nothing they cover is missing", async () => {
    const all = (await service.office.query(CaseIndex.find(undefined))) as ReadonlyArray<
      Full & { readonly case: { readonly caseId: string } }
    >
    expect(all.length).toBeGreaterThan(5)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PEOPLE),
        fc.constantFrom("", "status=closed", "sort=lastAt", "q=水"),
        async (person, query) => {
          const rows = await everyRow(person, query)
          expect(new Set(rows.map((row) => row.caseId)).size).toBe(rows.length)
          for (const row of rows) {
            const c = all.find((entry) => entry.case.caseId === row.caseId)!
            expect(maySee(person, c.case), `${person} listed ${row.caseId}`).toBe(true)
          }
          if (query === "") {
            const visible = all
              .filter((entry) => maySee(person, entry.case))
              .map((entry) => entry.case.caseId)
            expect(rows.map((row) => row.caseId).sort()).toEqual(visible.sort())
          }
          for (const entry of all) {
            const read = await fetch(`${service.baseUrl}/api/cases/${entry.case.caseId}`, as(person))
            expect(read.status, `${person} reads ${entry.case.caseId}`).toBe(
              maySee(person, entry.case) ? 200 : 403,
            )
          }
        },
      ),
      { numRuns: 25 },
    )
  })

  it("property: a resident is readable only by people holding a role over the grid their household is in", async () => {
    const residents = [
      "resident-huang",
      "resident-chen",
      "resident-wang",
      "resident-li",
      "resident-zhao",
      "resident-sun",
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PEOPLE),
        fc.constantFrom(...residents),
        async (person, residentId) => {
          const resident = await service.office.residents.get(residentId)
          if (!resident.exists) return
          const household = demoPlan.households.find((h) => h.householdId === resident.householdId)!
          const covered = demoPlan.roles.some(
            (role) =>
              role.personId === person &&
              role.areaId !== undefined &&
              above(household.areaId).includes(role.areaId),
          )
          const read = await fetch(`${service.baseUrl}/api/residents/${residentId}`, as(person))
          expect(read.status, `${person} reads ${residentId}`).toBe(covered ? 200 : 403)
          const listed = await readJson(await fetch(`${service.baseUrl}/api/residents`, as(person)))
          expect(listed.items.some((row: { residentId: string }) => row.residentId === residentId)).toBe(
            covered,
          )
        },
      ),
      { numRuns: 30 },
    )
  })

  it("property: the territory shows the areas the caller covers in full, those above by name only, nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PEOPLE), async (person) => {
        const { areas } = await readJson(await fetch(`${service.baseUrl}/api/territory`, as(person)))
        const areaRoles = demoPlan.roles.filter(
          (role) => role.personId === person && role.areaId !== undefined,
        )
        for (const area of areas) {
          const covered = areaRoles.some((role) => above(area.areaId).includes(role.areaId!))
          const aboveMine = areaRoles.some((role) => above(role.areaId!).includes(area.areaId))
          expect(area.covered, `${person} and ${area.areaId}`).toBe(covered)
          expect(covered || aboveMine).toBe(true)
          if (!covered) expect(area).toMatchObject({ boundary: null, staff: [], households: [] })
        }
        for (const planned of demoPlan.areas) {
          const covered = areaRoles.some((role) => above(planned.areaId).includes(role.areaId!))
          if (covered)
            expect(areas.some((area: { areaId: string }) => area.areaId === planned.areaId)).toBe(true)
        }
      }),
      { numRuns: 15 },
    )
    const worker = await readJson(await fetch(`${service.baseUrl}/api/territory`, as("huoju-road-leader")))
    const grid = worker.areas.find((area: { areaId: string }) => area.areaId === "huoju-road-grid-01")
    expect(grid.boundary.type).toBe("Polygon")
    expect(grid.staff).toContainEqual({ personId: "huoju-road-leader", role: "gridLeader" })
    expect(grid).toMatchObject({ retiredAt: null, replacedBy: [] })
    // Where h001 sits, its building (楼栋) is listed beside it — and only there.
    const holding = worker.areas.filter((area: { households: ReadonlyArray<string> }) =>
      area.households.includes("huoju-road-grid-01-h001"),
    )
    expect(holding.length).toBeGreaterThan(0)
    for (const area of holding) expect(area.buildings).toContain("huoju-road-grid-01-b1")
    for (const area of worker.areas.filter(
      (area: { households: ReadonlyArray<string> }) => area.households.length === 0,
    ))
      expect(area.buildings).toEqual([])
  })

  it("filters and pages: by status, level, area, source, overdue and text, a cursor resuming where the page ended", async () => {
    const leader = "huoju-road-leader"
    const rows = await everyRow(leader, "area=huoju-road-grid-01")
    for (const row of rows) expect(row.gridId.startsWith("huoju-road-grid-01")).toBe(true)
    const refused = await fetch(`${service.baseUrl}/api/cases?status=nonsense`, as(leader))
    expect(refused.status).toBe(400)
    expect((await readJson(refused)).error).toContain("status")
    const badLimit = await fetch(`${service.baseUrl}/api/cases?limit=0`, as(leader))
    expect(badLimit.status).toBe(400)
    const forged = await fetch(`${service.baseUrl}/api/cases?cursor=abc`, as(leader))
    expect(forged.status).toBe(400)
    const overdue = await readJson(
      await fetch(`${service.baseUrl}/api/cases?overdue=true&limit=200`, as("dispatcher-1")),
    )
    for (const row of overdue.items) expect(row.overdue).toBe(true)
  })
})
