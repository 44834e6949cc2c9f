import { Effect } from "effect"
import { readAggregate } from "../handler/read-aggregate.ts"
import { territoryEventCodec, territoryStreamId } from "../territory/codec.ts"
import { makeTerritoryDecider } from "../territory/decide.ts"
import { initialTerritoryState } from "../territory/state.ts"
import type { TerritoryId } from "../territory/vocabulary.ts"

const loadTerritory = readAggregate(makeTerritoryDecider(), territoryEventCodec)

/**
 * The territory as stored now, folded from the whole stream; the empty territory when no
 * territory is named. For a one-off read (a query, a read model); the guarded handlers keep a
 * territory view (`makeTerritoryView`) instead, which reads only what was appended since their
 * last command.
 */
export const loadTerritoryState = (territoryId: TerritoryId | undefined) =>
  territoryId === undefined
    ? Effect.succeed(initialTerritoryState)
    : Effect.map(loadTerritory(territoryStreamId(territoryId)), (loaded) => loaded.state)
