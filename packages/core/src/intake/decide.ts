import type { Result } from "effect"
import { type Decisions, dispatch, emit, misaddressed, refuser } from "../internal/decision.ts"
import { fieldsOf } from "../internal/fields-of.ts"
import type { Decider } from "../shared/decider.ts"
import type { IntakeCommand, IntakeCommandOf } from "./commands.ts"
import { type IntakeError, type IntakeRule, IntakeRuleViolated } from "./errors.ts"
import type { IntakeEvent } from "./events.ts"
import { evolveIntake } from "./evolve.ts"
import { type IntakeState, initialIntakeState } from "./state.ts"

type Decision = Result.Result<ReadonlyArray<IntakeEvent>, IntakeError>

const refuse = refuser(
  (command: IntakeCommand, rule: IntakeRule, detail: string) =>
    new IntakeRuleViolated({ reportId: command.reportId, command: command._tag, rule, detail }),
)

/** 受理: a report no grid matched is received once. */
const receive = (command: IntakeCommandOf<"ReceiveUnplacedReport">, state: IntakeState): Decision =>
  state.exists
    ? refuse(command, "alreadyReceived", `report ${command.reportId} was received already`)
    : emit({ _tag: "UnplacedReportReceived", ...fieldsOf(command) })

/** 定位: the dispatcher places a received report in a grid, once. */
const locate = (command: IntakeCommandOf<"LocateReport">, state: IntakeState): Decision => {
  if (!state.exists)
    return refuse(command, "notReceived", `no report ${command.reportId} waits for a location`)
  if (state.located !== undefined) {
    return refuse(
      command,
      "alreadyLocated",
      `report ${command.reportId} was placed in ${state.located.gridId}`,
    )
  }
  return emit({ _tag: "ReportLocated", ...fieldsOf(command) })
}

/** Each command's decision. */
const DECISIONS: Decisions<IntakeCommand, [IntakeState], Decision> = {
  ReceiveUnplacedReport: receive,
  LocateReport: locate,
}

/**
 * Decides an intake command: a report is received once, located once, and only after it was
 * received; nothing is dated before the report's last event.
 */
export const decideIntake = (command: IntakeCommand, state: IntakeState): Decision => {
  const wrong = state.exists
    ? misaddressed(
        command,
        command.reportId,
        { id: state.reportId, lastAt: state.lastAt },
        "report",
        "reportIdMismatch",
      )
    : undefined
  return wrong === undefined ? dispatch(DECISIONS, command, state) : refuse(command, wrong.rule, wrong.detail)
}

/** The intake decider. */
export const makeIntakeDecider = (): Decider<IntakeCommand, IntakeEvent, IntakeState, IntakeError> => ({
  decide: decideIntake,
  evolve: evolveIntake,
  initialState: initialIntakeState,
})
