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
  PointsBalancesIndex,
  type Projection,
  pointsBalancesProjection,
  type ReadModelStoreShape,
  ResidentsIndex,
  residentsProjection,
} from "../../src/index.ts"
import { config } from "../support/cases.ts"

/** A read model with the names of its indexes. */
export interface ReadModel {
  readonly projection: Projection
  readonly indexes: ReadonlyArray<string>
}

/** Every case read model of the package. */
export const READ_MODELS: ReadonlyArray<ReadModel> = [
  { projection: openCasesProjection, indexes: Object.values(OpenCasesIndex) },
  { projection: makeCaseDeadlinesProjection(config), indexes: Object.values(CaseDeadlinesIndex) },
  { projection: caseTimelineProjection, indexes: [] },
  { projection: caseOutcomesProjection, indexes: Object.values(CaseOutcomesIndex) },
]

export const READ_MODEL_NAMES = [OPEN_CASES, CASE_DEADLINES, CASE_TIMELINE, CASE_OUTCOMES]

/** The read models of residents and their points ledgers. */
export const RESIDENT_READ_MODELS: ReadonlyArray<ReadModel> = [
  { projection: residentsProjection, indexes: Object.values(ResidentsIndex) },
  { projection: pointsBalancesProjection, indexes: Object.values(PointsBalancesIndex) },
]

/**
 * Everything one read model holds, read back through the port: its checkpoint position, the
 * document of every key the history names (case or resident ids), and every group and member
 * of each index.
 */
export const snapshot = (readModels: ReadModelStoreShape, model: ReadModel, keys: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const name = model.projection.name
    const ids = [...new Set(keys)].sort()
    const docs = yield* readModels.load(name, ids)
    const indexes = yield* Effect.forEach(model.indexes, (index) =>
      Effect.all({ groups: readModels.groups(name, index), members: readModels.members(name, index) }),
    )
    return {
      position: (yield* readModels.checkpoint(name))?.position,
      docs: ids.map((id) => [id, docs.get(id)]),
      indexes,
    }
  })
