import { Resident } from "@gridcase/core"
import { Effect } from "effect"
import { ReadModelStore } from "../stores/read-model-store.ts"
import type { AreaScope } from "./area-scope.ts"
import { RESIDENTS, type ResidentRecord, ResidentsIndex, residentIdsIn } from "./residents.ts"

/**
 * Care-visit compliance (走访频次达标率) of one special-care resident over a window: each care
 * plan's due and met periods, from the residents read model. Counted by core's
 * `careVisitCompliance`, so the read model and the domain can never disagree on a period.
 * An unknown resident, or one without a plan, has nothing due.
 */
export const careComplianceOf = (residentId: string, window: Resident.ComplianceWindow) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const record = (yield* store.get(RESIDENTS, residentId)) as ResidentRecord | undefined
    const compliance: Resident.CareCompliance = Resident.careVisitCompliance(
      record === undefined ? [] : [record],
      window,
    )
    return compliance
  })

/**
 * Care-visit compliance of every special-care resident living in a scope now (a grid, a
 * community…), or in the whole territory when `within` is undefined: per plan, ordered by
 * resident id, and overall.
 */
export const careCompliance = (window: Resident.ComplianceWindow, within?: AreaScope) =>
  Effect.gen(function* () {
    const store = yield* ReadModelStore
    const ids = yield* residentIdsIn(ResidentsIndex.caredFor, within)
    const loaded = ids.length === 0 ? new Map() : yield* store.load(RESIDENTS, ids)
    const records = ids.flatMap((id) => {
      const found = loaded.get(id)
      return found === undefined ? [] : [found.doc as ResidentRecord]
    })
    const compliance: Resident.CareCompliance = Resident.careVisitCompliance(records, window)
    return compliance
  })
