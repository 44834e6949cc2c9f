import type { Intake } from "../../src/index.ts"
import { T1 } from "../territory/fixture.ts"

/**
 * A leak reported by `by` with an address but no grid (待定位), received in Minxin street of the
 * sample territory (`../territory/fixture.ts`): the report the intake and its authorization
 * tests start from.
 */
export const unplacedReport = (by: string): Intake.CommandOf<"ReceiveUnplacedReport"> => ({
  _tag: "ReceiveUnplacedReport",
  reportId: "r-1",
  at: T1,
  by,
  areaId: "minxin",
  source: "residentReport",
  category: "utilities",
  urgency: "normal",
  description: "民馨路街道 3 号楼 漏水",
  location: { address: "民馨路街道 3 号楼" },
})
