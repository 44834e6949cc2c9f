import { type EventCodec, makeEventCodec, type UpcasterRegistry } from "../store/event-codec.ts"
import { RESIDENT_EVENT_TYPES, ResidentEvent } from "./events.ts"

/** Stream ids of residents: one stream per resident (`resident-<residentId>`). */
export const RESIDENT_STREAM_PREFIX = "resident-"
/** The stream of one resident. */
export const residentStreamId = (residentId: string): string => `${RESIDENT_STREAM_PREFIX}${residentId}`

/** Upcasters for resident events written by older versions; empty while every event is at version 1. */
export const RESIDENT_UPCASTERS: UpcasterRegistry = {}

/** Encodes resident events for the store and decodes them back, upcasting older versions. */
export const residentEventCodec: EventCodec<ResidentEvent> = makeEventCodec(
  ResidentEvent,
  RESIDENT_EVENT_TYPES,
  RESIDENT_UPCASTERS,
)
