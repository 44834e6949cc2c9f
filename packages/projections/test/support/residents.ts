import { type Decider, type Level, Points, Resident, Territory } from "@gridcase/core"
import { sealedPlaceholder } from "@gridcase/core/testing"
import { Result } from "effect"
import { type StorableEvent, storable } from "./domain-events.ts"

/** Every event the commands produce, each decided on the state the previous ones left; throws on a refusal. */
export const decideAll = <C, E, S, Err>(
  decider: Decider.Decider<C, E, S, Err>,
  commands: ReadonlyArray<C>,
) => {
  let state = decider.initialState
  const events: Array<E> = []
  for (const command of commands) {
    const decision = decider.decide(command, state)
    if (Result.isFailure(decision)) throw new Error(`example refused: ${String(decision.failure)}`)
    for (const event of decision.success) state = decider.evolve(state, event)
    events.push(...decision.success)
  }
  return { state, events }
}

/** A territory of bare areas, `[areaId, level, parentId]`, the first its district, created by `installer`. */
export const areaTree = (
  areas: ReadonlyArray<readonly [string, Level.Level, string?]>,
): Territory.EstablishedTerritory => {
  const territoryId = areas[0]![0]
  const commands = areas.map(
    ([areaId, level, parentId]): Territory.Command =>
      ({
        _tag: "CreateArea",
        territoryId,
        areaId,
        name: areaId,
        level,
        ...(parentId === undefined ? {} : { parentId }),
        at: 0,
        by: "installer",
      }) as Territory.Command,
  )
  return territoryFrom(decideAll(Territory.makeDecider(), commands).events)
}

/** A territory folded from its events with core's evolve. */
export const territoryFrom = (events: ReadonlyArray<Territory.Event>): Territory.EstablishedTerritory => {
  const state = events.reduce(Territory.evolve, Territory.initialState)
  if (!state.exists) throw new Error("no territory")
  return state
}

/** 2026-02-02 09:00 in Shanghai, a Monday. */
export const FEB_2 = Date.UTC(2026, 1, 2, 1, 0)
export const DAY = 24 * 3_600_000

const territoryCommand = (payload: Record<string, unknown>, day = 0): Territory.Command =>
  ({ ...payload, territoryId: "kunqu", at: FEB_2 + day * DAY, by: "installer" }) as Territory.Command

/**
 * Kunqu district → Minxin Road street → Nanshan community (grids g1 and g2) and Tianhong
 * community (grid t1); households h-101 in g1, h-102 in g2, h-201 in t1.
 */
export const TERRITORY_COMMANDS: ReadonlyArray<Territory.Command> = [
  territoryCommand({ _tag: "CreateArea", areaId: "kunqu", name: "昆都仑区", level: "district" }),
  territoryCommand({
    _tag: "CreateArea",
    areaId: "minxin",
    name: "民馨路街道",
    level: "street",
    parentId: "kunqu",
  }),
  territoryCommand({
    _tag: "CreateArea",
    areaId: "nanshan",
    name: "南山社区",
    level: "community",
    parentId: "minxin",
  }),
  territoryCommand({
    _tag: "CreateArea",
    areaId: "tianhong",
    name: "天鸿社区",
    level: "community",
    parentId: "minxin",
  }),
  territoryCommand({
    _tag: "CreateArea",
    areaId: "g1",
    name: "南山第1网格",
    level: "grid",
    parentId: "nanshan",
    kind: "comprehensive",
  }),
  territoryCommand({
    _tag: "CreateArea",
    areaId: "g2",
    name: "南山第2网格",
    level: "grid",
    parentId: "nanshan",
    kind: "comprehensive",
  }),
  territoryCommand({
    _tag: "CreateArea",
    areaId: "t1",
    name: "天鸿第1网格",
    level: "grid",
    parentId: "tianhong",
    kind: "comprehensive",
  }),
  territoryCommand({ _tag: "PlaceHousehold", householdId: "h-101", areaId: "g1" }),
  territoryCommand({ _tag: "PlaceHousehold", householdId: "h-102", areaId: "g2" }),
  territoryCommand({ _tag: "PlaceHousehold", householdId: "h-201", areaId: "t1" }),
]

export const territoryAfter = (more: ReadonlyArray<Territory.Command> = []) =>
  territoryFrom(decideAll(Territory.makeDecider(), [...TERRITORY_COMMANDS, ...more]).events)

export { territoryCommand }

type ResidentFields<T extends Resident.SealedCommand["_tag"]> = Omit<
  Extract<Resident.SealedCommand, { _tag: T }>,
  "_tag" | "residentId" | "at" | "by"
>

/** A resident command `day` days after 2 February 2026, by the grid worker. */
export const residentCommand = <T extends Resident.SealedCommand["_tag"]>(
  tag: T,
  residentId: string,
  day: number,
  fields: ResidentFields<T>,
): Resident.SealedCommand =>
  ({
    by: "grid-worker-li",
    ...fields,
    _tag: tag,
    residentId,
    at: FEB_2 + day * DAY,
  }) as unknown as Resident.SealedCommand

/** Registration into a household, with sealed details standing in for the real ones. */
export const register = (residentId: string, householdId: string, day = 0) =>
  residentCommand("RegisterResident", residentId, day, {
    householdId,
    person: { name: sealedPlaceholder(residentId) },
  })

/** One resident's events, from commands decided in turn. */
export const residentEvents = (commands: ReadonlyArray<Resident.SealedCommand>) =>
  decideAll(Resident.makeDecider(), commands).events

/** The moral bank's catalogue in the examples: soap at 5 points, rice at 30. */
export const POLICY: Points.Policy = {
  catalogue: { soap: { name: "肥皂", cost: 5 }, rice: { name: "大米5kg", cost: 30 } },
}

type PointsFields<T extends Points.Command["_tag"]> = Omit<
  Extract<Points.Command, { _tag: T }>,
  "_tag" | "residentId" | "at" | "by"
>

export const pointsCommand = <T extends Points.Command["_tag"]>(
  tag: T,
  residentId: string,
  day: number,
  fields: PointsFields<T>,
): Points.Command =>
  ({ by: "collector-wang", ...fields, _tag: tag, residentId, at: FEB_2 + day * DAY }) as Points.Command

/** An award for volunteering, approved by the bank president (行长). */
export const award = (residentId: string, awardId: string, points: number, day = 1) =>
  pointsCommand("AwardPoints", residentId, day, {
    awardId,
    points,
    act: "volunteering",
    reason: "楼道清扫志愿服务",
    approvedBy: "bank-president-liu",
  })

export const ledgerEvents = (commands: ReadonlyArray<Points.Command>, policy: Points.Policy = POLICY) =>
  decideAll(Points.makeDecider(policy), commands).events

export const residentStorable = (events: ReadonlyArray<Resident.Event>): ReadonlyArray<StorableEvent> =>
  storable(Resident.eventCodec, (event) => Resident.streamId(event.residentId), events)

export const pointsStorable = (events: ReadonlyArray<Points.Event>): ReadonlyArray<StorableEvent> =>
  storable(Points.eventCodec, (event) => Points.streamId(event.residentId), events)

/** Several aggregates' events in the order the store would have received them (stable by time). */
export const interleaved = (...groups: ReadonlyArray<ReadonlyArray<StorableEvent>>) =>
  groups.flat().sort((a, b) => a.at - b.at)
