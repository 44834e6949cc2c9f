import { type EventCodec, makeEventCodec, type UpcasterRegistry } from "../store/event-codec.ts"
import { POINTS_EVENT_TYPES, PointsEvent } from "./events.ts"

/** Stream ids of points ledgers: one stream per resident (`points-<residentId>`). */
export const POINTS_STREAM_PREFIX = "points-"
/** The stream of one ledger. */
export const pointsStreamId = (residentId: string): string => `${POINTS_STREAM_PREFIX}${residentId}`

/** Upcasters for ledger events written by older versions; empty while every event is at version 1. */
export const POINTS_UPCASTERS: UpcasterRegistry = {}

/** Encodes points ledger events for the store and decodes them back, upcasting older versions. */
export const pointsEventCodec: EventCodec<PointsEvent> = makeEventCodec(
  PointsEvent,
  POINTS_EVENT_TYPES,
  POINTS_UPCASTERS,
)
