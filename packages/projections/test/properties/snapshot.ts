import type { CaseEvent } from "@gridcase/core"
import { Effect } from "effect"
import {
  CASE_DEADLINES,
  CASE_OUTCOMES,
  CASE_TIMELINE,
  CaseDeadlinesIndex,
  CaseOutcomesIndex,
  caseOutcomesProjection,
  caseTimelineProjection,
  makeCaseDeadlinesProjection,
  OPEN_CASES,
  OpenCasesIndex,
  openCasesProjection,
  type Projection,
  type ReadModelStoreShape,
} from "../../src/index.ts"
import { config } from "../support/cases.ts"

/** Every read model of the package, with the names of its indexes. */
export const READ_MODELS: ReadonlyArray<{
  readonly projection: Projection
  readonly indexes: ReadonlyArray<string>
}> = [
  { projection: openCasesProjection, indexes: Object.values(OpenCasesIndex) },
  { projection: makeCaseDeadlinesProjection(config), indexes: Object.values(CaseDeadlinesIndex) },
  { projection: caseTimelineProjection, indexes: [] },
  { projection: caseOutcomesProjection, indexes: Object.values(CaseOutcomesIndex) },
]

export const READ_MODEL_NAMES = [OPEN_CASES, CASE_DEADLINES, CASE_TIMELINE, CASE_OUTCOMES]

/**
 * Everything one read model holds, read back through the port: its checkpoint position, the
 * document of every case of the history, and every group and member of each index.
 */
export const snapshot = (
  readModels: ReadModelStoreShape,
  model: (typeof READ_MODELS)[number],
  history: ReadonlyArray<CaseEvent>,
) =>
  Effect.gen(function* () {
    const name = model.projection.name
    const caseIds = [...new Set(history.map((event) => event.caseId))].sort()
    const docs = yield* readModels.load(name, caseIds)
    const indexes = yield* Effect.forEach(model.indexes, (index) =>
      Effect.all({ groups: readModels.groups(name, index), members: readModels.members(name, index) }),
    )
    return {
      position: (yield* readModels.checkpoint(name))?.position,
      docs: caseIds.map((id) => [id, docs.get(id)]),
      indexes,
    }
  })
