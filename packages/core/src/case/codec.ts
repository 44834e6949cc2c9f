import { type EventCodec, makeEventCodec, type UpcasterRegistry } from "../store/event-codec.ts"
import { CASE_EVENT_TYPES, CaseEvent } from "./events.ts"

/** Stream ids of cases: one stream per case (`case-<caseId>`). */
export const CASE_STREAM_PREFIX = "case-"
/** The stream a case's events live in: one per case, so a case is read and decided on its own. */
export const caseStreamId = (caseId: string): string => `${CASE_STREAM_PREFIX}${caseId}`

/**
 * Upcasters for case events written by older versions of gridcase. Empty while every event is
 * at version 1; when a payload changes shape, bump its `current` and add the lift from the old
 * version here (see docs/operations.md, "Upgrading event schemas").
 */
export const CASE_UPCASTERS: UpcasterRegistry = {}

/** Encodes case events for a store and decodes them back, lifting older versions through `CASE_UPCASTERS`. */
export const caseEventCodec: EventCodec<CaseEvent> = makeEventCodec(
  CaseEvent,
  CASE_EVENT_TYPES,
  CASE_UPCASTERS,
)
