import { Result } from "effect"
import { fieldsOf } from "../internal/fields-of.ts"
import type { Decider } from "../shared/decider.ts"
import { toShanghaiIso } from "../shared/instant.ts"
import type { IntakeCommand } from "./commands.ts"
import { type IntakeError, type IntakeRule, IntakeRuleViolated } from "./errors.ts"
import type { IntakeEvent } from "./events.ts"
import { evolveIntake } from "./evolve.ts"
import { type IntakeState, initialIntakeState } from "./state.ts"

type Decision = Result.Result<ReadonlyArray<IntakeEvent>, IntakeError>

const refuse = (command: IntakeCommand, rule: IntakeRule, detail: string): Decision =>
  Result.fail(new IntakeRuleViolated({ reportId: command.reportId, command: command._tag, rule, detail }))

/**
 * Decides an intake command: a report is received once, located once, and only after it was
 * received; nothing is dated before the report's last event.
 */
export const decideIntake = (command: IntakeCommand, state: IntakeState): Decision => {
  if (state.exists && command.reportId !== state.reportId) {
    return refuse(command, "reportIdMismatch", `this stream holds report ${state.reportId}`)
  }
  if (state.exists && command.at < state.lastAt) {
    return refuse(
      command,
      "clockWentBackwards",
      `the report's last event is at ${toShanghaiIso(state.lastAt)}`,
    )
  }
  switch (command._tag) {
    case "ReceiveUnplacedReport":
      return state.exists
        ? refuse(command, "alreadyReceived", `report ${command.reportId} was received already`)
        : Result.succeed([{ _tag: "UnplacedReportReceived", ...fieldsOf(command) }])
    case "LocateReport":
      if (!state.exists)
        return refuse(command, "notReceived", `no report ${command.reportId} waits for a location`)
      if (state.located !== undefined) {
        return refuse(
          command,
          "alreadyLocated",
          `report ${command.reportId} was placed in ${state.located.gridId}`,
        )
      }
      return Result.succeed([{ _tag: "ReportLocated", ...fieldsOf(command) }])
  }
}

export const makeIntakeDecider = (): Decider<IntakeCommand, IntakeEvent, IntakeState, IntakeError> => ({
  decide: decideIntake,
  evolve: evolveIntake,
  initialState: initialIntakeState,
})
