import {
  CASE_STREAM_PREFIX,
  type CaseEvent,
  caseEventCodec,
  evolveCase,
  initialCaseState,
  type OpenedCase,
} from "@gridcase/core"

/**
 * What every case read model shares: case events, decoded with the case codec, from the
 * case streams, one document per case. The case state in documents is folded with core's
 * `evolveCase`, so a read model never re-implements a rule of the case lifecycle.
 */
export const caseSource = {
  codec: caseEventCodec,
  streamPrefix: CASE_STREAM_PREFIX,
  keyOf: (event: CaseEvent): string => event.caseId,
} as const

/** The case after `event`, or undefined when there is still no case (an event before its report). */
export const foldCase = (state: OpenedCase | undefined, event: CaseEvent): OpenedCase | undefined => {
  const next = evolveCase(state ?? initialCaseState, event)
  return next.exists ? next : undefined
}
