import { Effect } from "effect"
import {
  CaseDeadlines,
  CaseOutcomes,
  CaseTimeline,
  OpenCases,
  PointsBalances,
  type Projection,
  type ReadModelStore,
  Residents,
} from "../../src/index.ts"
import { config } from "../support/cases.ts"

/** A read model with the names of its indexes. */
export interface ReadModel {
  readonly projection: Projection.Projection
  readonly indexes: ReadonlyArray<string>
}

/** Every case read model of the package. */
export const READ_MODELS: ReadonlyArray<ReadModel> = [
  { projection: OpenCases.projection, indexes: Object.values(OpenCases.Index) },
  { projection: CaseDeadlines.makeProjection(config), indexes: Object.values(CaseDeadlines.Index) },
  { projection: CaseTimeline.projection, indexes: [] },
  { projection: CaseOutcomes.projection, indexes: Object.values(CaseOutcomes.Index) },
]

export const READ_MODEL_NAMES = [OpenCases.NAME, CaseDeadlines.NAME, CaseTimeline.NAME, CaseOutcomes.NAME]

/** The read models of residents and their points ledgers. */
export const RESIDENT_READ_MODELS: ReadonlyArray<ReadModel> = [
  { projection: Residents.projection, indexes: Object.values(Residents.Index) },
  { projection: PointsBalances.projection, indexes: Object.values(PointsBalances.Index) },
]

/**
 * Everything one read model holds, read back through the port: its checkpoint position, the
 * document of every key the history names (case or resident ids), and every group and member
 * of each index.
 */
export const snapshot = (readModels: ReadModelStore.Shape, model: ReadModel, keys: ReadonlyArray<string>) =>
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
