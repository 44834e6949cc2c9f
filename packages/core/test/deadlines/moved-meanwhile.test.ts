import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { BusinessClock, type Escalation, EventStore, Gridcase, Instant } from "../../src/index.ts"

/** 2026-03-10, a Tuesday, 09:00 in Shanghai. */
const TUESDAY_9H = Date.UTC(2026, 2, 10, 1, 0)

const report = (caseId: string, at: number, level = "microGrid") => ({
  _tag: "ReportCase",
  caseId,
  at,
  by: "worker-1",
  source: "patrol",
  category: "sanitation",
  urgency: "normal",
  description: "垃圾暴露 — exposed rubbish",
  location: { gridId: "grid-01" },
  level,
})

/** A supervisor hands the case down from grid to micro-grid and sends it up again by hand, at `at`. */
const handDownAndUpAgain = async (other: Gridcase.Gridcase, caseId: string, at: number) => {
  const by = "supervisor-1"
  await other.cases.send({
    _tag: "DeEscalateCase",
    caseId,
    at,
    by,
    fromLevel: "grid",
    toLevel: "microGrid",
    reason: "退回原层级处理",
  })
  await other.cases.send({ _tag: "EscalateCase", caseId, at, by, fromLevel: "microGrid", reason: "manual" })
}

/** What a tick sends, in its order, each after a fold. */
const SENDS = ["escalations", "reminders", "criticisms"] as const

/**
 * At the district, where nothing escalates: a utilities case handed to worker-wang and acknowledged on
 * Tuesday 10 March at 10:00, whose 5 working days of handling run out on Tuesday the 17th at 10:00.
 */
const handedOut = async (desk: Gridcase.Gridcase, caseId: string) => {
  const at = TUESDAY_9H + Instant.HOUR
  await desk.cases.send({ ...report(caseId, at, "district"), category: "utilities" })
  await desk.cases.send({ _tag: "RegisterCase", caseId, at, by: "centre-1" })
  const assignee = { _tag: "person", personId: "worker-wang" }
  await desk.cases.send({ _tag: "DispatchCase", caseId, at, by: "centre-1", assignee })
  await desk.cases.send({ _tag: "AcknowledgeCase", caseId, at, by: "worker-wang" })
}
/** A minute after 5 working days past that deadline: Tuesday 24 March, 10:01 — the criticism is owed. */
const CRITICISM_OWED = Date.UTC(2026, 2, 24, 2, 1)

/**
 * Two desks over one store, as two instances of a service: `desk` runs the deadline process under
 * test; `other` is everyone else. `meanwhile` makes `other` act once, right after the next fold of
 * `desk`'s deadline process has read its last (empty) page and before the process sends its
 * commands: the case moves between the process's fold and its command.
 */
const twoDesks = (at: number) => {
  const clock = BusinessClock.makeFixed(at)
  const memory = makeMemoryEventStore()
  let pending: ((other: Gridcase.Gridcase) => Promise<unknown>) | undefined
  // How many more folds end before `pending` runs: a tick folds before escalating, before
  // reminding (催办), before criticising (通报批评) and after all three.
  let foldsToSkip = 0
  let appendsFail = false
  const watched: EventStore.Shape = {
    ...memory,
    readAll: (options) =>
      memory.readAll(options).pipe(
        Effect.tap((page) => {
          const act = pending
          if (page.length > 0 || act === undefined) return Effect.void
          if (foldsToSkip-- > 0) return Effect.void
          pending = undefined
          return Effect.promise(() => act(other))
        }),
      ),
    append: (streamId, events, expected) =>
      appendsFail
        ? Effect.fail(new EventStore.StoreUnavailable({ message: "the database went away" }))
        : memory.append(streamId, events, expected),
  }
  const desk = Gridcase.make({ store: watched, clock })
  const other = Gridcase.make({ store: memory, clock })
  return {
    clock,
    desk,
    other,
    /** `other` acts before the tick's escalations (the default), its reminders or its criticisms. */
    meanwhile: (
      act: (other: Gridcase.Gridcase) => Promise<unknown>,
      before: (typeof SENDS)[number] = "escalations",
    ) => {
      pending = act
      foldsToSkip = SENDS.indexOf(before)
    },
    failAppends: () => {
      appendsFail = true
    },
    /** The escalations stored for a case: who signed each, from where to where. */
    escalations: async (caseId: string) =>
      (await other.cases.history(caseId))
        .filter((event) => event.type === "CaseEscalated")
        .map((event) => {
          const data = event.data as { by: string; from: string; to: string }
          return `${data.by}: ${data.from} → ${data.to}`
        }),
    dispose: () => Promise.all([desk.dispose(), other.dispose()]),
  }
}

let world: ReturnType<typeof twoDesks> | undefined
afterEach(async () => {
  await world?.dispose()
  world = undefined
})

describe("a case moved between the deadline process's fold and its escalation", () => {
  it("escalated by hand meanwhile (the level is stale): nothing escalated, counted as already moved", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H))
    // The micro-grid limit is one working hour: overdue at 11:00.
    world.clock.set(TUESDAY_9H + 2 * Instant.HOUR)
    const now = world.clock.now()
    world.meanwhile((other) =>
      other.cases.send({
        _tag: "EscalateCase",
        caseId: "c",
        at: now,
        by: "worker-1",
        fromLevel: "microGrid",
        reason: "requested",
      }),
    )
    expect(await world.desk.tick()).toMatchObject({ escalated: [], alreadyMoved: 1 })
    expect(await world.escalations("c")).toEqual(["worker-1: microGrid → grid"])
  })

  it("rejected meanwhile (不予立案, no longer escalatable): nothing escalated, counted as already moved", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H))
    world.clock.set(TUESDAY_9H + 2 * Instant.HOUR)
    const now = world.clock.now()
    world.meanwhile((other) =>
      other.cases.send({ _tag: "RejectCase", caseId: "c", at: now, by: "centre-1", reason: "notAProblem" }),
    )
    expect(await world.desk.tick()).toMatchObject({ escalated: [], alreadyMoved: 1 })
    expect(await world.desk.cases.get("c")).toMatchObject({ status: "rejected", level: "microGrid" })
  })

  it("handed down and sent up again meanwhile (arrived afresh, not overdue): counted as already moved", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H, "grid"))
    // The grid keeps a case two working days: overdue from Thursday 09:00.
    world.clock.set(TUESDAY_9H + 3 * 24 * Instant.HOUR)
    const now = world.clock.now()
    world.meanwhile((other) => handDownAndUpAgain(other, "c", now))
    expect(await world.desk.tick()).toMatchObject({ escalated: [], alreadyMoved: 1 })
    expect(await world.escalations("c")).toEqual(["supervisor-1: microGrid → grid"])
  })

  it("acted on at a later moment than the tick's (the tick's time is behind the case's): counted as already moved", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H))
    world.clock.set(TUESDAY_9H + 2 * Instant.HOUR)
    // The other instance's clock runs a second ahead, or its command simply came later.
    const later = world.clock.now() + 1_000
    world.meanwhile((other) =>
      other.cases.send({
        _tag: "EscalateCase",
        caseId: "c",
        at: later,
        by: "worker-1",
        fromLevel: "microGrid",
        reason: "requested",
      }),
    )
    expect(await world.desk.tick()).toMatchObject({ escalated: [], alreadyMoved: 1 })
    expect(await world.escalations("c")).toEqual(["worker-1: microGrid → grid"])
  })

  it("sent back to a level whose new deadline lies beyond the calendar's years: counted as already moved", async () => {
    // Monday 2026-12-21 09:00 at the grid; on Thursday 2026-12-31 a supervisor hands it down and
    // up again: two working days from then run into 2027, which the shipped calendar does not know.
    const monday = Date.UTC(2026, 11, 21, 1, 0)
    world = twoDesks(monday)
    await world.desk.cases.send(report("c", monday, "grid"))
    world.clock.set(Date.UTC(2026, 11, 31, 2, 0))
    const now = world.clock.now()
    world.meanwhile((other) => handDownAndUpAgain(other, "c", now))
    expect(await world.desk.tick()).toMatchObject({ escalated: [], alreadyMoved: 1 })
    expect(await world.desk.beyondCalendar()).toEqual(["c"])
  })

  it("escalated meanwhile by another deadline process at the same moment: one escalation stored, neither moved nor escalated by this tick", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H))
    world.clock.set(TUESDAY_9H + 2 * Instant.HOUR)
    let theirs: Escalation.TickReport | undefined
    world.meanwhile(async (other) => {
      theirs = await other.tick()
    })
    // The same escalation, with the same command id: the retry of one tick, as after a crash.
    expect(await world.desk.tick()).toMatchObject({ escalated: [], alreadyMoved: 0 })
    expect(theirs?.escalated).toEqual([{ caseId: "c", from: "microGrid", to: "grid" }])
    expect(await world.escalations("c")).toEqual(["system:deadlines: microGrid → grid"])
  })

  it("reminded (催办) meanwhile by another deadline process: its reminders stored once, none reported by this tick", async () => {
    // At the district, the top level, nothing escalates: the steps' limits run out on Tuesday and
    // the reminders are owed from the next day (到期次日).
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H, "district"))
    world.clock.set(TUESDAY_9H + 24 * Instant.HOUR)
    let theirs: Escalation.TickReport | undefined
    world.meanwhile(async (other) => {
      theirs = await other.tick()
    }, "reminders")
    expect(await world.desk.tick()).toMatchObject({ reminded: [], alreadyMoved: 0 })
    expect(theirs?.reminded.length).toBeGreaterThan(0)
    const stored = (await world.other.cases.history("c")).filter((event) => event.type === "CaseReminded")
    expect(stored.map((event) => (event.data as { by: string }).by)).toEqual(
      theirs?.reminded.map(() => "system:deadlines"),
    )
  })

  it("rejected (不予立案) before its reminders went out: nothing reminded, each counted as already moved", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H, "district"))
    world.clock.set(TUESDAY_9H + 24 * Instant.HOUR)
    const now = world.clock.now()
    world.meanwhile(
      (other) =>
        other.cases.send({ _tag: "RejectCase", caseId: "c", at: now, by: "centre-1", reason: "notAProblem" }),
      "reminders",
    )
    const tick = await world.desk.tick()
    expect(tick.reminded).toEqual([])
    expect(tick.alreadyMoved).toBeGreaterThan(0)
    expect((await world.other.cases.history("c")).map((event) => event.type)).toEqual([
      "CaseReported",
      "CaseRejected",
    ])
  })

  it("criticised (通报批评) meanwhile by another deadline process: stored once, not reported by this tick", async () => {
    world = twoDesks(TUESDAY_9H)
    await handedOut(world.desk, "c")
    world.clock.set(CRITICISM_OWED)
    let theirs: Escalation.TickReport | undefined
    world.meanwhile(async (other) => {
      theirs = await other.tick()
    }, "criticisms")
    expect(await world.desk.tick()).toMatchObject({ criticized: [], alreadyMoved: 0 })
    expect(theirs?.criticized).toEqual([{ caseId: "c", step: "handle" }])
    const stored = (await world.other.cases.history("c")).filter((event) => event.type === "CaseCriticized")
    expect(stored).toHaveLength(1)
  })

  it("explained (报告说明理由) by its holder before the criticism went out: none, counted as already moved", async () => {
    world = twoDesks(TUESDAY_9H)
    await handedOut(world.desk, "c")
    world.clock.set(CRITICISM_OWED)
    const at = world.clock.now()
    world.meanwhile(
      (other) =>
        other.cases.send({
          _tag: "ExplainDelay",
          caseId: "c",
          at,
          by: "worker-wang",
          step: "handle",
          reason: "等待燃气公司 — waiting for the gas company",
        }),
      "criticisms",
    )
    expect(await world.desk.tick()).toMatchObject({
      reminded: [{ caseId: "c", step: "handle" }],
      criticized: [],
      alreadyMoved: 1,
    })
  })

  it("a store that fails is not a case that moved: the tick fails and says why", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H))
    world.clock.set(TUESDAY_9H + 2 * Instant.HOUR)
    world.failAppends()
    await expect(world.desk.tick()).rejects.toMatchObject({ _tag: "StoreUnavailable" })
    expect(await world.escalations("c")).toEqual([])
  })

  it("a store that fails while reminding (催办) fails the tick too", async () => {
    world = twoDesks(TUESDAY_9H)
    await world.desk.cases.send(report("c", TUESDAY_9H, "district"))
    world.clock.set(TUESDAY_9H + 24 * Instant.HOUR)
    world.failAppends()
    await expect(world.desk.tick()).rejects.toMatchObject({ _tag: "StoreUnavailable" })
  })
})
