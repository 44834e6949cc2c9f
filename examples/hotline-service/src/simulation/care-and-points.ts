import { Instant, type Resident } from "@gridcase/core"
import type { PlannedHousehold } from "../district/district-plan.ts"
import { INPUTS } from "./inputs.ts"
import type { Random } from "./random.ts"
import type { Staffing } from "./staffing.ts"

/** Share of residents on a care plan (重点帮扶对象): elders alone, disabled, low-income… */
export const CARED_FOR_SHARE = INPUTS.careShare.value
/** Share of residents who bank civic acts at the moral bank (储户) besides those cared for. */
export const DEPOSITOR_SHARE = INPUTS.depositorShare.value
/** Awards a day per hundred depositors. */
const AWARDS_PER_HUNDRED_A_DAY = 2

/** A simulated resident, where they live and who serves them. */
export interface SimulatedResident {
  readonly residentId: string
  readonly householdId: string
  readonly gridId: string
  readonly worker: string
  readonly leader: string
  /** The community's station head: the moral bank's president (行长), who approves awards. */
  readonly president: string
  /** Undefined for a depositor without a care plan. */
  readonly care:
    | {
        readonly tag: Resident.SpecialCareTag
        readonly visitsPerMonth: number
        /** Which day of each visiting round the worker comes (0-based): the worker's plan. */
        readonly offset: number
      }
    | undefined
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "郝", "郭", "耿"]

/**
 * The residents the simulation registers: those on care plans and the moral bank's depositors,
 * each in a household placed in a grid (the territory must place a household for anyone to be
 * authorized over its people). Elders living alone are visited twice a month, others monthly.
 */
export const simulatedResidents = (
  residents: number,
  random: Random,
  staff: Staffing,
): {
  readonly households: ReadonlyArray<PlannedHousehold>
  readonly people: ReadonlyArray<SimulatedResident>
} => {
  const cared = Math.round(residents * CARED_FOR_SHARE)
  const total = cared + Math.round(residents * DEPOSITOR_SHARE)
  const people = Array.from({ length: total }, (_, i): SimulatedResident => {
    const gridId = random.pick(staff.grids)
    const tag = i < cared ? random.weighted(INPUTS.careTags.value) : undefined
    return {
      residentId: `r${String(i + 1).padStart(5, "0")}`,
      householdId: `${gridId}-hh${String(i + 1).padStart(5, "0")}`,
      gridId,
      worker: staff.workerOf(gridId),
      leader: staff.ownerOf(gridId, "grid"),
      president: staff.ownerOf(gridId, "community"),
      care: tag === undefined ? undefined : careOf(tag, random),
    }
  })
  return {
    households: people.map((person) => ({
      householdId: person.householdId,
      areaId: person.gridId,
      address: "",
    })),
    people,
  }
}

export interface Timed {
  readonly at: Instant.Instant
  readonly command: Readonly<Record<string, unknown>>
}

/** Registering a resident (by the grid worker) and, for those cared for, the tag and plan (by the grid leader), all at `at`. */
export const registration = (
  person: SimulatedResident,
  at: Instant.Instant,
  random: Random,
): ReadonlyArray<Timed> => {
  const base = { residentId: person.residentId }
  const steps: Array<Timed> = [
    {
      at,
      command: {
        _tag: "RegisterResident",
        ...base,
        by: person.worker,
        householdId: person.householdId,
        person: { name: `${random.pick(SURNAMES)}某某` },
      },
    },
  ]
  if (person.care !== undefined) {
    steps.push(
      {
        at,
        command: { _tag: "TagResident", ...base, by: person.leader, tag: person.care.tag },
      },
      {
        at,
        command: {
          _tag: "SetCarePlan",
          ...base,
          by: person.leader,
          tag: person.care.tag,
          cadence: { visits: person.care.visitsPerMonth, per: "month" },
        },
      },
    )
  }
  return steps
}

/** Days in a visiting round of `visits` a month: the month's first 28 days, split evenly. */
const roundDays = (visits: number) => Math.max(1, Math.floor(28 / visits))

const careOf = (tag: Resident.SpecialCareTag, random: Random) => {
  const visitsPerMonth =
    tag === "elderlyAlone" ? INPUTS.visitsPerMonth.value.elderlyAlone : INPUTS.visitsPerMonth.value.others
  return { tag, visitsPerMonth, offset: Math.floor(random.next() * roundDays(visitsPerMonth)) }
}

/** Whether the worker's plan puts a visit to `person` on the day starting at `dayStart` (Shanghai). */
const visitDue = (care: NonNullable<SimulatedResident["care"]>, dayStart: Instant.Instant) => {
  const dayOfMonth = new Date(dayStart + 8 * Instant.HOUR).getUTCDate() - 1
  const round = roundDays(care.visitsPerMonth)
  return dayOfMonth < round * care.visitsPerMonth && dayOfMonth % round === care.offset
}

/**
 * One day's visits (走访): the worker visits each cared-for resident on the days of their plan —
 * the cadence's visits spread over the month's first 28 days — missing a few
 * (`INPUTS.visitsMissed`); now and then a visit finds a problem and raises a case.
 */
export const visitsOfDay = (
  dayStart: Instant.Instant,
  people: ReadonlyArray<SimulatedResident>,
  random: Random,
  nextId: () => string,
): ReadonlyArray<Timed> =>
  people.flatMap((person) => {
    if (
      person.care === undefined ||
      !visitDue(person.care, dayStart) ||
      random.chance(INPUTS.visitsMissed.value)
    )
      return []
    const visitId = nextId()
    const raise = random.chance(INPUTS.visitRaisesCase.value)
    return [
      {
        at:
          Math.floor((dayStart + 9 * Instant.HOUR + random.next() * 8 * Instant.HOUR) / Instant.MINUTE) *
          Instant.MINUTE,
        command: {
          _tag: "RecordVisit",
          residentId: person.residentId,
          by: person.worker,
          visitId,
          findings: raise
            ? "家中有困难，需要帮扶 — needs help at home"
            : "上门走访，情况良好 — visited, doing well",
          ...(raise
            ? {
                raiseCase: {
                  caseId: `v${visitId}`,
                  gridId: person.gridId,
                  category: "vulnerablePerson",
                  urgency: "normal",
                  description: "走访发现困难 — hardship found on a visit",
                  level: "grid",
                },
              }
            : {}),
        },
      },
    ]
  })

const ACTS = [
  "volunteering",
  "helpingNeighbours",
  "reportingHazard",
  "mediation",
  "environment",
  "civility",
] as const

/** One day's awards at the moral bank: deposits collected by the grid worker, approved by the president. */
export const awardsOfDay = (
  dayStart: Instant.Instant,
  people: ReadonlyArray<SimulatedResident>,
  random: Random,
  nextId: () => string,
): ReadonlyArray<Timed> =>
  Array.from({ length: random.poisson((people.length * AWARDS_PER_HUNDRED_A_DAY) / 100) }, () => {
    const person = random.pick(people)
    return {
      at:
        Math.floor((dayStart + 9 * Instant.HOUR + random.next() * 9 * Instant.HOUR) / Instant.MINUTE) *
        Instant.MINUTE,
      command: {
        _tag: "AwardPoints",
        residentId: person.residentId,
        by: person.worker,
        awardId: nextId(),
        points: random.pick([5, 10, 10, 20, 30]),
        act: random.pick(ACTS),
        reason: "文明行为积分 — a civic act",
        approvedBy: person.president,
      },
    }
  })

/** What a depositor with enough points takes home (bank's catalogue: see office/moral-bank.ts). */
export const redemption = (
  person: SimulatedResident,
  balance: number,
  at: Instant.Instant,
  nextId: () => string,
): Timed | undefined => {
  const reward = balance >= 100 ? "rice-5kg" : balance >= 80 ? "cooking-oil" : undefined
  if (reward === undefined) return undefined
  return {
    at,
    command: {
      _tag: "RedeemPoints",
      residentId: person.residentId,
      by: person.worker,
      redemptionId: nextId(),
      rewardId: reward,
      quantity: 1,
    },
  }
}
