import { Instant } from "@gridcase/core"
import type { Office } from "../office/office.ts"

const DAY = 24 * Instant.HOUR

interface DemoResident {
  readonly residentId: string
  readonly householdId: string
  readonly name: string
  readonly registrar: string
  readonly careDecider: string
  readonly tag?: string
  /** Visited again a month after the first visit (a missed month shows on the dashboard). */
  readonly visitedAgain?: boolean
  readonly points?: number
  readonly act?: string
}

/**
 * A few residents of the demo district, as the seed stories have them: the blind couple visited
 * every month (Haikou), an elder living alone whom a veteran helps (Baotou), depositors at the
 * moral bank. Their names are sealed on the way in, like any resident's.
 */
const RESIDENTS: ReadonlyArray<DemoResident> = [
  {
    residentId: "resident-huang",
    householdId: "huoju-road-grid-01-h001",
    name: "黄桂香",
    registrar: "worker-001",
    careDecider: "huoju-road-leader",
    tag: "disabled",
    visitedAgain: true,
    points: 20,
    act: "volunteering",
  },
  {
    residentId: "resident-chen",
    householdId: "huoju-road-grid-01-h001",
    name: "陈余民",
    registrar: "worker-001",
    careDecider: "huoju-road-leader",
    tag: "disabled",
    visitedAgain: true,
  },
  {
    residentId: "resident-geng",
    householdId: "shengtang-road-grid-02-h004",
    name: "耿大娘",
    registrar: "worker-002",
    careDecider: "shengtang-road-leader",
    tag: "elderlyAlone",
  },
  {
    residentId: "resident-wang",
    householdId: "shengtang-road-grid-02-h005",
    name: "王女士",
    registrar: "worker-002",
    careDecider: "shengtang-road-leader",
    tag: "veteran",
    points: 50,
    act: "helpingNeighbours",
  },
  {
    residentId: "resident-guo",
    householdId: "huoju-road-grid-03-h002",
    name: "郭景隆",
    registrar: "worker-003",
    careDecider: "huoju-road-leader",
    points: 35,
    act: "environment",
  },
  {
    residentId: "resident-liu",
    householdId: "huoju-road-grid-03-h003",
    name: "刘连锁",
    registrar: "worker-003",
    careDecider: "huoju-road-leader",
    points: 45,
    act: "volunteering",
  },
]

/** The station head of a grid leader's community approves awards: the bank's president (行长). */
const presidentOf = (careDecider: string) => careDecider.replace(/-leader$/, "-head")

/** Registers the demo residents, their care plans, their visits, and some awards. */
export const seedDemoResidents = async (office: Office): Promise<number> => {
  const start = office.now() - 45 * DAY
  for (const [i, resident] of RESIDENTS.entries()) {
    let at = start + i * 60_000
    const send = async (command: Record<string, unknown>) => {
      at += 30 * 60_000
      const { visit } = await office.residents.send({ ...command, residentId: resident.residentId, at })
      await office.settle(visit)
    }
    await send({
      _tag: "RegisterResident",
      by: resident.registrar,
      householdId: resident.householdId,
      person: { name: resident.name },
    })
    if (resident.tag !== undefined) {
      await send({ _tag: "TagResident", by: resident.careDecider, tag: resident.tag })
      await send({
        _tag: "SetCarePlan",
        by: resident.careDecider,
        tag: resident.tag,
        cadence: { visits: 1, per: "month" },
      })
      await send({
        _tag: "RecordVisit",
        by: resident.registrar,
        visitId: `${resident.residentId}-visit-1`,
        findings: "上门走访，生活情况良好 — visited, doing well",
      })
      if (resident.visitedAgain === true) {
        at += 30 * DAY
        await send({
          _tag: "RecordVisit",
          by: resident.registrar,
          visitId: `${resident.residentId}-visit-2`,
          findings: "每月定期走访 — the monthly visit",
        })
      }
    }
    if (resident.points !== undefined) {
      const handled = await office.points.send({
        _tag: "AwardPoints",
        residentId: resident.residentId,
        at: at + 60_000,
        by: resident.registrar,
        awardId: `${resident.residentId}-award-1`,
        points: resident.points,
        act: resident.act ?? "other",
        reason: "社区志愿服务 — community volunteering",
        approvedBy: presidentOf(resident.careDecider),
      })
      await office.settle(handled)
    }
  }
  return RESIDENTS.length
}
