import { Case, type EventStore } from "@gridcase/core"
/**
 * What every case read model shares: case events, decoded with the case codec, from the
 * case streams, one document per case. The case state in documents is folded with core's
 * `evolveCase`, so a read model never re-implements a rule of the case lifecycle.
 */
export const caseSource: {
  readonly codec: EventStore.EventCodec<Case.Event>
  readonly streamPrefix: typeof Case.STREAM_PREFIX
  readonly keyOf: (event: Case.Event) => string
} = {
  codec: Case.eventCodec,
  streamPrefix: Case.STREAM_PREFIX,
  keyOf: (event) => event.caseId,
}

/** The case after `event`, or undefined when there is still no case (an event before its report). */
export const foldCase = (
  state: Case.OpenedCase | undefined,
  event: Case.Event,
): Case.OpenedCase | undefined => {
  const next = Case.evolve(state ?? Case.initialState, event)
  return next.exists ? next : undefined
}
