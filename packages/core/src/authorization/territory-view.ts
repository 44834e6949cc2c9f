import { Effect } from "effect"
import { type AggregateReader, makeKeptAggregateReader } from "../handler/kept-aggregate.ts"
import type { EventDecodeError, StoreUnavailable } from "../store/errors.ts"
import type { EventStore } from "../store/event-store.ts"
import { territoryEventCodec, territoryStreamId } from "../territory/codec.ts"
import { makeTerritoryDecider } from "../territory/decide.ts"
import { initialTerritoryState, type TerritoryState } from "../territory/state.ts"
import type { TerritoryId } from "../territory/vocabulary.ts"

/**
 * The territory a guarded command is placed in, as stored now; the empty territory when the
 * command names no place in one (then only open rules can grant it).
 */
export type TerritoryView = (
  territoryId: TerritoryId | undefined,
  readsSince?: number,
) => Effect.Effect<TerritoryState, EventDecodeError | StoreUnavailable, EventStore>

/** Territories kept per store: a city has a few dozen districts, one territory stream each. */
const TERRITORIES_KEPT = 256

/** What every guarded handler's options share: where it reads the territory. */
export interface TerritoryGuardOptions {
  /**
   * The territory view the guard reads through; one of its own by default. Handlers that share
   * one (a desk's do) share its reads and what it keeps, so a request that read the territory to
   * route a report is authorized on that read (`CommandContext.readsSince`).
   */
  readonly territoryView?: TerritoryView
}

/** The kept reader of territory streams a view reads through (`makeKeptAggregateReader`). */
export const makeTerritoryReader = (): AggregateReader<TerritoryState> =>
  makeKeptAggregateReader(makeTerritoryDecider(), territoryEventCodec, TERRITORIES_KEPT)

/**
 * A territory view (辖区视图): every guarded command needs the whole territory — the chain of
 * areas above its grid and who holds which role — and the territory is one stream per district
 * that grows a few events a day while commands run by the thousand. Folding that history again
 * before each command made every command pay for the district's whole past; the view keeps the
 * last folded territory with its revision and, on the next command, reads only the events
 * appended since and folds them on.
 *
 * Always current: each call is answered by a read of the stream's tail begun after it (or
 * after `readsSince`, the request's arrival), so a change made by another handler or another
 * process shows on the next command (request); the calls made
 * while such a read is out share the one after it. A failed read, or an event that cannot be
 * decoded, fails the calls it answers and leaves what the view holds untouched; the view keeps
 * the most advanced result, never an older one.
 *
 * One view per handler unless given a reader (a desk shares one among its handlers): it holds one folded territory per territory stream that exists (an
 * empty stream is not kept; at most 256, least recently used out first), separately for each
 * event store it is run against (`makeKeptAggregateReader`), since a handler may serve several stores.
 */
export const makeTerritoryView =
  (read: AggregateReader<TerritoryState> = makeTerritoryReader()): TerritoryView =>
  (territoryId, readsSince) =>
    territoryId === undefined
      ? Effect.succeed(initialTerritoryState)
      : Effect.map(read(territoryStreamId(territoryId), readsSince), (current) => current.state)
