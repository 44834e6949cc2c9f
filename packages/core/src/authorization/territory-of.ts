import { Effect } from "effect"
import { readAggregate } from "../handler/read-aggregate.ts"
import { territoryEventCodec, territoryStreamId } from "../territory/codec.ts"
import { territoryDecider } from "../territory/decide.ts"
import { initialTerritoryState } from "../territory/state.ts"
import type { TerritoryId } from "../territory/vocabulary.ts"

const loadTerritory = readAggregate(territoryDecider, territoryEventCodec)

/**
 * The territory a guarded command is placed in, as stored now; the empty territory when the
 * command names no place in one (then only open rules can grant it).
 */
export const loadTerritoryState = (territoryId: TerritoryId | undefined) =>
  territoryId === undefined
    ? Effect.succeed(initialTerritoryState)
    : Effect.map(loadTerritory(territoryStreamId(territoryId)), (loaded) => loaded.state)
