import { Case } from "@gridcase/core"
/**
 * What every case read model shares: case events, decoded with the case codec, from the
 * case streams, one document per case. The case state in documents is folded with core's
 * `evolveCase`, so a read model never re-implements a rule of the case lifecycle.
 */
export const caseSource = {
  codec: Case.eventCodec,
  streamPrefix: Case.STREAM_PREFIX,
  keyOf: (event: Case.Event): string => event.caseId,
} as const

/** The case after `event`, or undefined when there is still no case (an event before its report). */
export const foldCase = (
  state: Case.OpenedCase | undefined,
  event: Case.Event,
): Case.OpenedCase | undefined => {
  const next = Case.evolve(state ?? Case.initialState, event)
  return next.exists ? next : undefined
}
