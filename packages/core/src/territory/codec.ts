import { type EventCodec, makeEventCodec, type UpcasterRegistry } from "../store/event-codec.ts"
import { TERRITORY_EVENT_TYPES, TerritoryEvent } from "./events.ts"

/**
 * Stream ids of territories: one stream per territory, i.e. per district (`territory-<districtId>`).
 *
 * Why so coarse: re-gridding touches several grids and every household in them at once, and one
 * stream makes a split or merge a single atomic append, with no process to reconcile halves.
 * The authorization check needs the whole chain of areas above a grid plus the actor's roles,
 * which one load then answers. Territory changes are rare (a few a day even in a busy district),
 * so contention stays low, and persistent maps keep the fold linear: a district of 100,000
 * households is one read. A city of several districts runs one stream per district.
 */
export const TERRITORY_STREAM_PREFIX = "territory-"
/** The stream of one district's territory. */
export const territoryStreamId = (territoryId: string): string => `${TERRITORY_STREAM_PREFIX}${territoryId}`

/** Upcasters for territory events written by older versions; empty while all are at version 1. */
export const TERRITORY_UPCASTERS: UpcasterRegistry = {}

/** Encodes territory events for the store and decodes them back, upcasting older versions. */
export const territoryEventCodec: EventCodec<TerritoryEvent> = makeEventCodec(
  TerritoryEvent,
  TERRITORY_EVENT_TYPES,
  TERRITORY_UPCASTERS,
)
