import { makeEventCodec, type UpcasterRegistry } from "../store/event-codec.ts"
import { INTAKE_EVENT_TYPES, IntakeEvent } from "./events.ts"

/** Stream ids of received reports: one stream per report (`intake-<reportId>`). */
export const INTAKE_STREAM_PREFIX = "intake-"
/** The stream of one report. */
export const intakeStreamId = (reportId: string): string => `${INTAKE_STREAM_PREFIX}${reportId}`

/** Upcasters for intake events written by older versions; empty while every event is at version 1. */
export const INTAKE_UPCASTERS: UpcasterRegistry = {}

/** Encodes unplaced report events for the store and decodes them back, upcasting older versions. */
export const intakeEventCodec = makeEventCodec(IntakeEvent, INTAKE_EVENT_TYPES, INTAKE_UPCASTERS)
