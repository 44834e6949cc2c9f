import { type Case, Territory } from "@gridcase/core"
import { CaseTimeline, Residents } from "@gridcase/projections"
import { expect } from "vitest"
import type { Office } from "../../src/office/office.ts"
import { runScenario, type Scenario } from "../../src/scenarios/scenario.ts"

/**
 * Plays a scenario, checks it went as told, and hands the office — its story played, its read
 * models caught up — to `inspect`, where a test asks the article's facts of the public API.
 */
export const play = async (scenario: Scenario, inspect: (office: Office) => Promise<void>) => {
  const lines: Array<string> = []
  const result = await runScenario(scenario, (line) => lines.push(line), inspect)
  expect(result.asTold).toBe(true)
  return lines.join("\n")
}

/** The district as the territory stream holds it (refuses a territory that does not exist). */
export const territoryOf = async (office: Office): Promise<Territory.EstablishedTerritory> => {
  const t = await office.district()
  if (!t.exists) throw new Error(`no territory ${office.territoryId}`)
  return t
}

/** The active areas directly under an area, of one level. */
export const childAreas = (t: Territory.EstablishedTerritory, areaId: string, level: string) =>
  Territory.childrenOf(t, areaId).filter((area) => area.level === level && Territory.isActive(area))

/** Who holds a role scoped to an area, by person id. */
export const holders = (t: Territory.EstablishedTerritory, areaId: string, role: Territory.Role) =>
  Territory.holdersOf(t, { _tag: "area", areaId }, role).map((holder) => holder.personId)

/** A case's events, as its timeline read model (办理过程) holds them. */
export const timeline = async (office: Office, caseId: string): Promise<ReadonlyArray<Case.Event>> =>
  (await office.query(CaseTimeline.of(caseId))).entries.map((entry) => entry.event)

/** The events of one kind in a case's timeline. */
export const eventsOf = <T extends Case.EventTag>(
  events: ReadonlyArray<Case.Event>,
  tag: T,
): ReadonlyArray<Extract<Case.Event, { readonly _tag: T }>> =>
  events.filter((event): event is Extract<Case.Event, { readonly _tag: T }> => event._tag === tag)

/** The residents read model's records of the residents living in a household now. */
export const residentsOf = async (office: Office, householdId: string) =>
  (await office.query(Residents.recordsIn())).filter((record) => record.householdId === householdId)

/**
 * A stream's events as stored (their type as `_tag`, and their fields), read through the desk's
 * `history`: for aggregates without a read model of their own events (campaigns, ledgers, residents).
 */
export const stored = async (
  history: (id: string) => Promise<ReadonlyArray<{ readonly type: string; readonly data: unknown }>>,
  id: string,
) =>
  (await history(id)).map(
    (recorded) =>
      ({ ...(recorded.data as object), _tag: recorded.type }) as Record<string, unknown> & {
        readonly _tag: string
        readonly by: string
      },
  )
