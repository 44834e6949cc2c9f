import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { OutsideCalendarError } from "../../src/calendar/calendar.ts"
import type { CaseCommand } from "../../src/case/commands.ts"
import type { CaseDeciderConfig } from "../../src/case/decide.ts"
import { DEADLINE_ACTOR, escalationDue, isOverdue } from "../../src/case/escalation-due.ts"
import type { CaseEvent } from "../../src/case/events.ts"
import { evolveCase } from "../../src/case/evolve.ts"
import { type CaseState, initialCaseState, isPaused, type OpenedCase } from "../../src/case/state.ts"
import { caseTimers } from "../../src/case/timers.ts"
import type { TickReport } from "../../src/deadlines/deadline-process.ts"
import { makePolicy } from "../../src/policy/make-policy.ts"
import type { CaseStep } from "../../src/policy/policy.ts"
import { isTopLevel, LEVELS, levelAbove, levelRank } from "../../src/shared/level.ts"
import { arbitraryCaseCommands } from "../../src/testing/arbitraries/case.ts"
import {
  arbitraryCategory,
  arbitraryPolicyData,
  arbitraryUrgency,
} from "../../src/testing/arbitraries/policy.ts"
import {
  arbitraryTickGaps,
  caseAtASkipUnderAnyPolicy,
  casesUnderAnyPolicy,
  caseUnderAnyPolicy,
  DAY,
  config as shipped,
} from "../case/properties/setup.ts"
import { type ProcessWorld, processWorld } from "./process-world.ts"

/** Each async property runs the real handler and process over a store: fewer runs than the pure ones. */
const RUNS = { numRuns: 60 }

/**
 * Several cases' commands in one order of time, as they would reach a service: each case keeps
 * its own order, and a backdated command (refused for it) stays right after the one before it.
 */
const interleave = (cases: ReadonlyArray<ReadonlyArray<CaseCommand>>): ReadonlyArray<CaseCommand> => {
  const timed = cases.flatMap((commands) => {
    let latest = Number.NEGATIVE_INFINITY
    return commands.map((command) => {
      latest = Math.max(latest, command.at)
      return { command, latest }
    })
  })
  return timed.sort((a, b) => a.latest - b.latest).map(({ command }) => command)
}

/** Whether a case stored as `state` is past its level's deadline at `now` and still there. */
const overdue = (state: CaseState, now: number, config: CaseDeciderConfig): boolean => {
  if (!state.exists) return false
  try {
    const due = escalationDue(state, config.policy, config.calendar)
    return due !== undefined && isOverdue(due, now)
  } catch (error) {
    // A deadline the calendar cannot place: the process lists such a case, it cannot escalate it.
    if (error instanceof OutsideCalendarError) return false
    throw error
  }
}

/**
 * Lives the cases through a service: before each command a deadline tick runs at the command's
 * time (when time has moved on), then the command goes through the handler; after the last
 * command, more ticks at the given gaps. `afterTick` sees each tick's time and report.
 */
const live = async (
  world: ProcessWorld,
  cases: ReadonlyArray<ReadonlyArray<CaseCommand>>,
  gaps: ReadonlyArray<number>,
  afterTick: (now: number, report: TickReport) => Promise<void> = async () => {},
) => {
  let now = Number.NEGATIVE_INFINITY
  const tickAt = async (at: number) => {
    now = at
    await afterTick(now, await world.tick(now))
  }
  let n = 0
  for (const command of interleave(cases)) {
    if (command.at > now) await tickAt(command.at)
    await world.send(command, `command-${n++}`)
  }
  for (const gap of gaps) await tickAt(now + gap)
}

describe("the deadline process (超时监控), as a service runs it", () => {
  it("liveness: after a tick at any moment, no open case is overdue and un-escalated", async () => {
    await fc.assert(
      fc.asyncProperty(casesUnderAnyPolicy(), arbitraryTickGaps, async ({ config, cases }, gaps) => {
        const world = processWorld(config)
        try {
          await live(world, cases, gaps, async (now) => {
            const late = [...(await world.cases()).values()].filter((state) => overdue(state, now, config))
            expect(late.map((state) => state.exists && `${state.caseId} at ${state.level}`)).toEqual([])
          })
        } finally {
          await world.dispose()
        }
      }),
      RUNS,
    )
  })

  it("idempotence: the same tick again, or on a restarted process, escalates nothing and appends nothing", async () => {
    await fc.assert(
      fc.asyncProperty(casesUnderAnyPolicy(), arbitraryTickGaps, async ({ config, cases }, gaps) => {
        const world = processWorld(config)
        try {
          await live(world, cases, gaps, async (now, first) => {
            const stored = await world.size()
            const again = await world.tick(now)
            expect(again.escalated).toEqual([])
            expect(again.reminded).toEqual([])
            const restarted = await world.tickWith(world.restarted(), now)
            expect(restarted.escalated).toEqual([])
            expect(restarted.reminded).toEqual([])
            expect(await world.size()).toBe(stored)
            // Whatever the first tick escalated is on record, once.
            const escalations = (await world.events()).filter(
              (event) =>
                event._tag === "CaseEscalated" && event.at === now && event.by === "system:deadlines",
            )
            expect(escalations.map((event) => event.caseId).sort()).toEqual(
              first.escalated.map((one) => one.caseId).sort(),
            )
          })
        } finally {
          await world.dispose()
        }
      }),
      RUNS,
    )
  })

  it("escalates a case again each time it is handed back down and is overdue again", async () => {
    const scenario = fc.record({
      // Policy data, made into a policy in the run, so that a counter-example prints its rules.
      policy: arbitraryPolicyData,
      category: arbitraryCategory,
      urgency: arbitraryUrgency,
      level: fc.constantFrom(...LEVELS.filter((level) => !isTopLevel(level))),
      rounds: fc.integer({ min: 2, max: 4 }),
      handBackAfter: fc.integer({ min: 1, max: 3 * DAY }),
    })
    await fc.assert(
      fc.asyncProperty(scenario, async ({ policy, category, urgency, level, rounds, handBackAfter }) => {
        const config: CaseDeciderConfig = { policy: makePolicy(policy), calendar: shipped.calendar }
        const world = processWorld(config)
        try {
          const start = shipped.calendar.knownRange.start + 30 * DAY
          const [report] = fc.sample(arbitraryCaseCommands({ caseId: "case-1", at: start }).ReportCase, {
            numRuns: 1,
            seed: 1,
          })
          await world.send({ ...report!, category, urgency, level }, "report")
          for (let round = 0; round < rounds; round++) {
            const [due] = await world.upcoming()
            expect(due, `round ${round}: the case has a deadline at ${level}`).toMatchObject({ level })
            const report = await world.tick(due!.dueAt + 1)
            expect(report.escalated, `round ${round}`).toMatchObject([{ caseId: "case-1", from: level }])
            const escalated = (await world.cases()).get("case-1")!
            if (!escalated.exists) throw new Error("reported")
            const handBack: CaseCommand = {
              _tag: "DeEscalateCase",
              caseId: "case-1",
              at: due!.dueAt + 1 + handBackAfter,
              by: "supervisor-1",
              fromLevel: escalated.level,
              toLevel: level,
              reason: "退回原层级处理",
            }
            const handedBack = await world.send(handBack, `hand-back-${round}`)
            expect(handedBack._tag, `round ${round}`).toBe("Success")
          }
          const final = (await world.cases()).get("case-1")!
          expect(final.exists && final.escalations).toBe(rounds)
        } finally {
          await world.dispose()
        }
      }),
      RUNS,
    )
  })

  it("one level up at a time, unless the policy's skip rule allows a jump", async () => {
    await fc.assert(
      fc.asyncProperty(caseAtASkipUnderAnyPolicy(), arbitraryTickGaps, async ({ config, commands }, gaps) => {
        const world = processWorld(config)
        try {
          await live(world, [commands], gaps)
          let before: CaseState = initialCaseState
          for (const event of await world.events()) {
            if (event._tag === "CaseEscalated" && before.exists) {
              expect(event.from).toBe(before.level)
              expect(levelRank(event.to)).toBeGreaterThan(levelRank(event.from))
              if (event.to !== levelAbove(event.from)) {
                expect(event.to).toBe(
                  config.policy.escalationTarget(before.category, before.urgency, event.from),
                )
              }
            }
            before = evolveCase(before, event)
          }
        } finally {
          await world.dispose()
        }
      }),
      RUNS,
    )
  })

  it("escalates at most once per level above the entry level when nobody de-escalates", async () => {
    await fc.assert(
      fc.asyncProperty(
        caseUnderAnyPolicy({ exclude: ["DeEscalateCase"] }),
        arbitraryTickGaps,
        async ({ config, commands }, gaps) => {
          const world = processWorld(config)
          try {
            await live(world, [commands], gaps)
            const events = await world.events()
            const entered = events[0]
            const last = (await world.cases()).get("case-1")
            if (entered?._tag !== "CaseReported" || last === undefined || !last.exists) return
            const escalations = events.filter((event) => event._tag === "CaseEscalated")
            expect(escalations.length).toBeLessThanOrEqual(LEVELS.length - 1 - levelRank(entered.level))
            expect(last.escalations).toBe(escalations.length)
          } finally {
            await world.dispose()
          }
        },
      ),
      RUNS,
    )
  })
})

/**
 * 「到期次日」 — the first moment of the day after `deadline`'s day in Shanghai (UTC+8), worked or
 * not (docs/domain.md#rule-reminder): written from the rule, apart from the process's own reckoning.
 */
const dayAfterInShanghai = (deadline: number): number => {
  const shanghaiDate = new Date(deadline + 8 * 3_600_000).toISOString().slice(0, 10)
  return Date.parse(`${shanghaiDate}T00:00:00+08:00`) + DAY
}

/** Statuses a reminder (催办) may reach: the unit's or awaiting its check — not on hold, shelved or ended. */
const REMINDABLE = new Set([
  "reported",
  "registered",
  "dispatched",
  "acknowledged",
  "inProgress",
  "resolved",
  "verified",
])

/**
 * The running steps of a case whose deadline's next day has come by `now`, each with that
 * deadline: the reminders the case is owed (none if its deadlines cannot be placed).
 */
const owedReminders = (state: CaseState, now: number, config: CaseDeciderConfig) => {
  if (!state.exists || !REMINDABLE.has(state.status) || isPaused(state)) return []
  try {
    return caseTimers(state, now, config.policy, config.calendar)
      .filter((timer) => timer.endedAt === undefined && dayAfterInShanghai(timer.dueAt) <= now)
      .map((timer) => ({ step: timer.step, dueAt: timer.dueAt }))
  } catch (error) {
    if (error instanceof OutsideCalendarError) return []
    throw error
  }
}

/**
 * Lives the cases through a service and, after each tick, checks every open case's stored state
 * against what it is owed at that moment (`owed` lists the (step, deadline) pairs, `sent` reads
 * what the case has on record for a step); returns how many were owed, to show the walks reach some.
 */
const everyOwedIsSent = async (
  owed: (
    state: CaseState,
    now: number,
    config: CaseDeciderConfig,
  ) => ReadonlyArray<{ step: CaseStep; dueAt: number }>,
  sent: (state: OpenedCase, step: CaseStep) => number | undefined,
) => {
  let count = 0
  await fc.assert(
    fc.asyncProperty(casesUnderAnyPolicy(), arbitraryTickGaps, async ({ config, cases }, gaps) => {
      const world = processWorld(config)
      try {
        await live(world, cases, gaps, async (now) => {
          for (const state of (await world.cases()).values()) {
            if (!state.exists) continue
            for (const due of owed(state, now, config)) {
              count++
              expect(sent(state, due.step), `${state.caseId}'s ${due.step} step at ${now}`).toBe(due.dueAt)
            }
          }
        })
      } finally {
        await world.dispose()
      }
    }),
    RUNS,
  )
  return count
}

/**
 * Lives the cases through a service while a restarted process ticks too, at each moment (it must
 * not send anything a second time), and hands every stored event, in order, to a check made
 * afresh for each run, with the policy and the event's case as it stood before it.
 */
const everyStoredEvent = (
  checker: () => (event: CaseEvent, before: CaseState, config: CaseDeciderConfig) => void,
) =>
  fc.assert(
    fc.asyncProperty(casesUnderAnyPolicy(), arbitraryTickGaps, async ({ config, cases }, gaps) => {
      const world = processWorld(config)
      const check = checker()
      try {
        await live(world, cases, gaps, async (now) => {
          await world.tickWith(world.restarted(), now)
        })
        const states = new Map<string, CaseState>()
        for (const event of await world.events()) {
          const before = states.get(event.caseId) ?? initialCaseState
          states.set(event.caseId, evolveCase(before, event))
          check(event, before, config)
        }
      } finally {
        await world.dispose()
      }
    }),
    RUNS,
  )

describe("the deadline process's reminders (催办), the day after each deadline", () => {
  it("after a tick at any moment, every running step whose deadline's next day has come was reminded of that deadline", async () => {
    await everyOwedIsSent(owedReminders, (state, step) => state.remindedOf[step])
  })

  it("reminds of each step's deadline exactly once, never before the day after it, whoever else reminds too", async () => {
    let reminders = 0
    await everyStoredEvent(() => {
      const seen = new Set<string>()
      return (event) => {
        if (event._tag !== "CaseReminded" || event.step === undefined) return
        const key = `${event.caseId}:${event.step}:${event.dueAt}`
        expect(seen.has(key), `${key} reminded twice`).toBe(false)
        seen.add(key)
        if (event.by === DEADLINE_ACTOR) {
          reminders++
          expect(event.at).toBeGreaterThanOrEqual(dayAfterInShanghai(event.dueAt!))
        }
      }
    })
    // The walks do reach overdue steps: the property above is not vacuous.
    expect(reminders).toBeGreaterThan(0)
  })
})

/**
 * The unit that holds each step, written from the rule: the assignee its acknowledgement and
 * handling, the open notice's responder its answer (督办回复); the other steps are the office's own.
 */
const holderOf = (state: OpenedCase, step: string) => {
  if (step === "acknowledge" || step === "handle") return state.assignee
  const noticeOpen = state.steps.supervision !== undefined && state.steps.supervision.endedAt === undefined
  return step === "supervision" && noticeOpen ? state.supervision?.responder : undefined
}

/**
 * How long the case's clocks ran from `from` to `to` on the clock of the policy's
 * `criticismAfter`, in minutes: every minute on the wall, office minutes on the calendar, less
 * the time shelved or on hold — undefined when the calendar cannot count it.
 */
const ranSince = (state: OpenedCase, from: number, to: number, config: CaseDeciderConfig) => {
  const { clock } = config.policy.data.criticismAfter
  const between = (a: number, b: number) =>
    b <= a ? 0 : clock === "wall" ? (b - a) / 60_000 : config.calendar.workingMinutesBetween(a, b)
  try {
    let ran = between(from, to)
    for (const pause of state.pauses) ran -= between(Math.max(pause.from, from), Math.min(pause.to ?? to, to))
    return ran
  } catch (error) {
    if (error instanceof OutsideCalendarError) return undefined
    throw error
  }
}

/**
 * The criticisms (通报批评) a case is owed at `now`, from the rule: each running step a unit holds,
 * reminded (催办) of its deadline, not explained (报告说明理由), whose clocks ran more than the
 * policy's `criticismAfter` since that deadline — while the unit may be pressed (not on hold,
 * shelved or ended).
 */
const owedCriticisms = (state: CaseState, now: number, config: CaseDeciderConfig) => {
  if (!state.exists || !REMINDABLE.has(state.status) || isPaused(state)) return []
  return owedReminders(state, now, config).filter(
    ({ step, dueAt }) =>
      holderOf(state, step) !== undefined &&
      state.remindedOf[step] === dueAt &&
      state.explainedOf[step] !== dueAt &&
      (ranSince(state, dueAt, now, config) ?? 0) > config.policy.data.criticismAfter.minutes,
  )
}

describe("the deadline process's written criticism (通报批评), 5 working days after a fruitless reminder", () => {
  it("after a tick at any moment, every held step reminded, unexplained and late by criticismAfter was criticised", async () => {
    const owed = await everyOwedIsSent(owedCriticisms, (state, step) => state.criticizedOf[step])
    expect(owed).toBeGreaterThan(0)
  })

  it("criticises a held step once per deadline, after its reminder, never before criticismAfter has run, never when explained", async () => {
    let byProcess = 0
    let explained = 0
    await everyStoredEvent(() => {
      const seen = new Set<string>()
      return (event, before, config) => {
        if (event._tag === "DelayExplained") explained++
        if (event._tag !== "CaseCriticized" || !before.exists) return
        const key = `${event.caseId}:${event.step}:${event.dueAt}`
        expect(seen.has(key), `${key} criticised twice`).toBe(false)
        seen.add(key)
        if (event.by === DEADLINE_ACTOR) byProcess++
        expect(holderOf(before, event.step), key).toEqual(event.criticised)
        expect(before.remindedOf[event.step], `${key} not reminded`).toBe(event.dueAt)
        expect(before.explainedOf[event.step], `${key} explained`).not.toBe(event.dueAt)
        expect(ranSince(before, event.dueAt, event.at, config), key).toBeGreaterThanOrEqual(
          config.policy.data.criticismAfter.minutes,
        )
      }
    })
    // The walks do reach criticisms, and explanations: the property above is not vacuous.
    expect(byProcess).toBeGreaterThan(0)
    expect(explained).toBeGreaterThan(0)
  })
})
