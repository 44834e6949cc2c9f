import type { IntakeCommand, IntakeCommandTag } from "../intake/commands.ts"
import type { IntakeState } from "../intake/state.ts"
import { ancestry } from "../territory/hierarchy.ts"
import type { TerritoryState } from "../territory/state.ts"
import type { RuleTable } from "./rules.ts"
import type { Target } from "./target.ts"

/**
 * Who may take in and locate reports the office could not place (待定位): anybody's report is
 * received, as any report is (`ReportCase`); locating it is dispatching (调度), the work of the
 * office's dispatchers, its 12345 operators and supervisors over the area where it waits.
 */
export const INTAKE_RULES: RuleTable<IntakeCommandTag> = {
  ReceiveUnplacedReport: { roles: [], anyone: true },
  LocateReport: { roles: ["dispatcher", "hotlineOperator", "supervisor"] },
}

/** The area a report waits in: the one it names when received, the one it was received in after. */
export const intakeAreaOf = (command: IntakeCommand, state: IntakeState): string | undefined =>
  state.exists ? state.areaId : command._tag === "ReceiveUnplacedReport" ? command.areaId : undefined

/** Places an intake command at the area where the report waits (and everything above it). */
export const intakeTarget = (
  territory: TerritoryState,
  command: IntakeCommand,
  state: IntakeState,
): Target => {
  const areaId = intakeAreaOf(command, state)
  return { area: !territory.exists || areaId === undefined ? [] : ancestry(territory, areaId) }
}
