import { describe, expect, it } from "vitest"
import { Resident } from "../../src/index.ts"

/**
 * Written from docs/domain.md#supervised-groups: people under community correction and released
 * prisoners are supervised with the police and judicial administration (「协助公安、司法行政部门对
 * 服刑在教人员、刑满释放人员、社区矫正人员等进行帮教和管控」), a separate duty from caring for residents in need.
 */
const UNDER_SUPERVISION = ["communityCorrection", "releasedPrisoner"]

describe("resident tags: care groups (重点帮扶对象) apart from people under supervision (特殊人群)", () => {
  it("lists community correction and released prisoners under supervision, and never as care groups", () => {
    expect([...Resident.SUPERVISED_GROUPS].sort()).toEqual(UNDER_SUPERVISION)
    for (const group of UNDER_SUPERVISION) expect(Resident.CARE_GROUPS).not.toContain(group)
  })

  it("gives every tag exactly one of the two kinds", () => {
    const kinds = [...Resident.CARE_GROUPS, ...Resident.SUPERVISED_GROUPS]
    expect(new Set(kinds).size).toBe(kinds.length)
    expect([...kinds].sort()).toEqual([...Resident.SPECIAL_CARE_TAGS].sort())
  })
})
