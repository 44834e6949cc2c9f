import type { IntakeEvent } from "./events.ts"
import type { IntakeState } from "./state.ts"

/** Folds one intake event; total and pure. */
export const evolveIntake = (state: IntakeState, event: IntakeEvent): IntakeState => {
  switch (event._tag) {
    case "UnplacedReportReceived": {
      const { _tag, ...received } = event
      return { ...received, exists: true, lastAt: event.at }
    }
    case "ReportLocated":
      return state.exists
        ? { ...state, located: { gridId: event.gridId, at: event.at, by: event.by }, lastAt: event.at }
        : state
  }
}
