import type { Instant } from "../shared/instant.ts"
import type { IntakeEventOf } from "./events.ts"

/** A report stream that holds no event yet. */
export interface NoReport {
  readonly exists: false
}

/** A received report: what it says, and where it was placed once a dispatcher located it. */
export interface ReceivedReport extends Omit<IntakeEventOf<"UnplacedReportReceived">, "_tag"> {
  readonly exists: true
  readonly located?: { readonly gridId: string; readonly at: Instant; readonly by: string } | undefined
  readonly lastAt: Instant
}

/** What the unplaced report decider knows of one report: nothing yet, or what its events say. */
export type IntakeState = NoReport | ReceivedReport

/** A report before its first event. */
export const initialIntakeState: IntakeState = { exists: false }
