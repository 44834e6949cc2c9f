import { Level } from "@gridcase/core"
import { describe, expect, it } from "vitest"
import { planDistrict } from "../src/district/plan-district.ts"
import { minxinRoad } from "../src/simulation/minxin-road.ts"
import { staffingOf } from "../src/simulation/staffing.ts"

const plan = planDistrict(minxinRoad({ grids: 24, workers: 10, households: 2_400, residents: 12_000 }).spec)

/** The naive answer: the first grant in the plan's list that fits. */
const firstHolder = (role: string, areaId: string | undefined) =>
  plan.roles.find((grant) => grant.role === role && grant.areaId === areaId)?.personId

const areaOf = (areaId: string) => plan.areas.find((area) => area.areaId === areaId)!

describe("staffingOf", () => {
  const staff = staffingOf(plan)

  it("names, for every grid and level, the first holder the plan grants the owning role to", () => {
    const street = plan.areas.find((area) => area.level === "street")!.areaId
    const ownerRole: Record<Level.Level, readonly [string, (gridId: string) => string | undefined]> = {
      microGrid: ["gridLeader", (gridId) => gridId],
      grid: ["gridLeader", (gridId) => gridId],
      community: ["stationHead", (gridId) => areaOf(gridId).parentId],
      street: ["dispatcher", () => street],
      district: ["dispatcher", () => plan.territoryId],
    }
    expect(staff.grids).toEqual(plan.areas.filter((area) => area.level === "grid").map((area) => area.areaId))
    for (const gridId of staff.grids) {
      expect(staff.workerOf(gridId)).toBe(firstHolder("gridWorker", gridId))
      for (const level of Level.LEVELS) {
        const [role, areaOfLevel] = ownerRole[level]
        expect(staff.ownerOf(gridId, level)).toBe(firstHolder(role, areaOfLevel(gridId)))
      }
    }
    for (const departmentId of staff.departments) {
      expect(staff.handlerOf(departmentId)).toBe(
        plan.roles.find((grant) => grant.departmentId === departmentId)?.personId,
      )
    }
  })

  it("refuses with the role it lacks rather than answering undefined", () => {
    expect(() => staff.workerOf("no-such-grid")).toThrow("grid worker for no-such-grid")
    expect(() => staff.handlerOf("no-such-department")).toThrow("handler of no-such-department")
  })
})
