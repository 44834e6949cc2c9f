import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import type { WorkingCalendar } from "../../src/calendar/calendar.ts"
import { makeCaseHandler } from "../../src/case/case-handler.ts"
import { BusinessClock, Escalation, type EventStore, Gridcase, Instant } from "../../src/index.ts"

/** 2026-03-10, a Tuesday, 09:00 in Shanghai. */
const TUESDAY_9H = Date.UTC(2026, 2, 10, 1, 0)

const report = (caseId: string, at: number, extra: Record<string, unknown> = {}) => ({
  _tag: "ReportCase",
  caseId,
  at,
  by: "worker-1",
  source: "patrol",
  category: "sanitation",
  urgency: "normal",
  description: "垃圾暴露 — exposed rubbish",
  location: { gridId: "grid-01" },
  level: "microGrid",
  ...extra,
})

const setUp = () => {
  const clock = BusinessClock.makeFixed(TUESDAY_9H)
  const store = makeMemoryEventStore()
  return { clock, store, desk: Gridcase.make({ store, clock }) }
}

describe("deadline process", () => {
  it("escalates exactly the overdue cases, one level each, and a second tick does nothing", async () => {
    const { clock, desk } = setUp()
    await desk.cases.send(report("late", clock.now()))
    await desk.cases.send(
      report("urgent-late", clock.now(), { urgency: "urgent", category: "neighbourDispute" }),
    )
    clock.advance(30 * Instant.MINUTE)
    await desk.cases.send(report("fresh", clock.now()))
    // The micro-grid limit is 1 working hour; urgent cases get 2 wall-clock hours per level.
    clock.set(TUESDAY_9H + Instant.HOUR + Instant.MINUTE)
    const first = await desk.tick()
    expect(first.escalated).toEqual([{ caseId: "late", from: "microGrid", to: "grid" }])
    expect(await desk.tick()).toMatchObject({ escalated: [], alreadyMoved: 0 })
    clock.set(TUESDAY_9H + 2 * Instant.HOUR + Instant.MINUTE)
    const second = await desk.tick()
    expect(second.escalated.map((e) => e.caseId).sort()).toEqual(["fresh", "urgent-late"])
    await desk.dispose()
  })

  it("reminds (催办) of each step past its deadline on the day after it (到期次日), once, even after a restart", async () => {
    const { clock, store, desk } = setUp()
    // At the district a case never escalates: only the reminders move.
    await desk.cases.send(report("idle", clock.now(), { level: "district" }))
    // Registering and dispatching share the intake hour: both are due Tuesday 10:00.
    clock.set(Date.UTC(2026, 2, 10, 15, 59)) // Tuesday 23:59: past due, but still the same day
    expect((await desk.tick()).reminded).toEqual([])
    clock.set(Date.UTC(2026, 2, 10, 16, 0)) // Wednesday 00:00
    expect((await desk.tick()).reminded).toEqual([
      { caseId: "idle", step: "register" },
      { caseId: "idle", step: "dispatch" },
    ])
    expect(await desk.tick()).toMatchObject({ reminded: [], alreadyMoved: 0 })
    const restarted = Gridcase.make({ store, clock })
    clock.advance(Instant.HOUR)
    expect((await restarted.tick()).reminded).toEqual([])
    await restarted.dispose()
    await desk.dispose()
  })

  it("criticises in writing (通报批评) the holder still late 5 working days after a reminder, once, unless it explained", async () => {
    const { clock, store, desk } = setUp()
    const handedOut = async (caseId: string) => {
      const at = clock.now()
      await desk.cases.send(report(caseId, at, { level: "district", category: "utilities" }))
      await desk.cases.send({ _tag: "RegisterCase", caseId, at, by: "centre-1" })
      const assignee = { _tag: "person", personId: `worker-${caseId}` }
      await desk.cases.send({ _tag: "DispatchCase", caseId, at, by: "centre-1", assignee })
      await desk.cases.send({ _tag: "AcknowledgeCase", caseId, at, by: `worker-${caseId}` })
    }
    clock.set(Date.UTC(2026, 2, 10, 2, 0)) // Tuesday 10 March, 10:00
    await handedOut("silent")
    await handedOut("explained")
    // Handling has 5 working days from 签收, Tuesday 10 March 10:00: due Tuesday the 17th, 10:00.
    clock.set(Date.UTC(2026, 2, 17, 16, 0)) // Wednesday 18 March 00:00, the day after
    expect(await desk.tick()).toMatchObject({
      reminded: [
        { caseId: "silent", step: "handle" },
        { caseId: "explained", step: "handle" },
      ],
      criticized: [],
      // Nothing owed a criticism yet, so nothing tried and refused either.
      alreadyMoved: 0,
    })
    clock.set(Date.UTC(2026, 2, 18, 1, 0)) // Wednesday 09:00
    await desk.cases.send({
      _tag: "ExplainDelay",
      caseId: "explained",
      at: clock.now(),
      by: "worker-explained",
      step: "handle",
      reason: "等待燃气公司 — waiting for the gas company",
    })
    // Five working days past the deadline, counted by hand: Tuesday 24 March, 10:00.
    clock.set(Date.UTC(2026, 2, 24, 2, 0))
    // Owed strictly after it: at that very minute the process sends nothing the case would refuse.
    expect(await desk.tick()).toMatchObject({ criticized: [], alreadyMoved: 0 })
    clock.advance(Instant.MINUTE)
    expect((await desk.tick()).criticized).toEqual([{ caseId: "silent", step: "handle" }])
    // Under durable ids, one per (case, step, deadline) and kind: a process restarted on a later
    // release must derive the same ones, or a retried tick would remind or criticise again.
    const deadline = Date.UTC(2026, 2, 17, 2, 0)
    const stored = await desk.run(store.readStream("case-silent"))
    const idOf = (type: string) => stored.find((event) => event.type === type)?.metadata.commandId
    expect(idOf("CaseReminded")).toBe(`reminder:silent:handle:${deadline}`)
    expect(idOf("CaseCriticized")).toBe(`criticism:silent:handle:${deadline}`)
    expect(await desk.tick()).toMatchObject({ criticized: [], alreadyMoved: 0 })
    const restarted = Gridcase.make({ store, clock })
    clock.advance(Instant.HOUR)
    expect((await restarted.tick()).criticized).toEqual([])
    await restarted.dispose()
    await desk.dispose()
  })

  it("counts working time only: a case reported Friday evening is not overdue over the weekend", async () => {
    const { clock, desk } = setUp()
    const fridayEvening = Date.UTC(2026, 2, 13, 9, 30) // 17:30 Shanghai
    clock.set(fridayEvening)
    await desk.cases.send(report("weekend", fridayEvening))
    clock.set(Date.UTC(2026, 2, 16, 0, 59)) // Monday 08:59: 30 working minutes used
    expect((await desk.tick()).escalated).toEqual([])
    const [due] = await desk.upcoming()
    expect(due?.dueAt).toBe(Date.UTC(2026, 2, 16, 1, 30)) // Monday 09:30
    clock.set(Date.UTC(2026, 2, 16, 1, 31))
    expect((await desk.tick()).escalated).toHaveLength(1)
    await desk.dispose()
  })

  it("never escalates resolved, closed, shelved or top-level cases", async () => {
    const { clock, desk } = setUp()
    const at = clock.now()
    const by = "leader-1"
    await desk.cases.send(report("top", at, { level: "district" }))
    await desk.cases.send(report("resolved", at))
    for (const _tag of ["RegisterCase", "AcknowledgeCase", "StartHandling"]) {
      if (_tag === "AcknowledgeCase") {
        await desk.cases.send({
          _tag: "DispatchCase",
          caseId: "resolved",
          at,
          by,
          assignee: { _tag: "person", personId: by },
        })
      }
      await desk.cases.send({ _tag, caseId: "resolved", at, by })
    }
    await desk.cases.send({ _tag: "ResolveCase", caseId: "resolved", at, by, result: "cleaned" })
    clock.advance(30 * 24 * Instant.HOUR)
    expect((await desk.tick()).escalated).toEqual([])
    expect(await desk.upcoming()).toEqual([])
    await desk.dispose()
  })

  it("a tick after a person escalated by hand finds nothing to do", async () => {
    const { clock, desk } = setUp()
    await desk.cases.send(report("moved", clock.now()))
    clock.advance(2 * Instant.HOUR)
    await desk.cases.send({
      _tag: "EscalateCase",
      caseId: "moved",
      at: clock.now(),
      by: "worker-1",
      fromLevel: "microGrid",
      reason: "requested",
    })
    expect((await desk.tick()).escalated).toEqual([])
    expect(await desk.cases.get("moved")).toMatchObject({ level: "grid", escalations: 1 })
    await desk.dispose()
  })

  it("two deadline processes ticking at once on one store escalate each overdue case once", async () => {
    const { clock, store, desk } = setUp()
    const other = Gridcase.make({ store, clock })
    for (const caseId of ["a", "b", "c"]) await desk.cases.send(report(caseId, clock.now()))
    clock.advance(2 * Instant.HOUR)
    const [mine, theirs] = await Promise.all([desk.tick(), other.tick()])
    const escalated = [...mine.escalated, ...theirs.escalated].map((e) => e.caseId).sort()
    expect(escalated).toEqual(["a", "b", "c"])
    for (const caseId of ["a", "b", "c"]) {
      expect(await desk.cases.get(caseId)).toMatchObject({ level: "grid", escalations: 1 })
    }
    await Promise.all([desk.dispose(), other.dispose()])
  })

  it("folds each event once when several callers ask one process at once", async () => {
    const clock = BusinessClock.makeFixed(TUESDAY_9H)
    const memory = makeMemoryEventStore()
    // A store that answers reads later, as a database does, so that concurrent catch-ups overlap.
    const slow: EventStore.Shape = {
      ...memory,
      readAll: (options) => Effect.delay(memory.readAll(options), "5 millis"),
    }
    const desk = Gridcase.make({ store: slow, clock })
    const step = (command: Record<string, unknown>) =>
      desk.cases.send({ caseId: "extended", at: clock.now(), by: "worker-1", ...command })
    await desk.cases.send(report("extended", clock.now()))
    await step({ _tag: "RegisterCase" })
    await step({ _tag: "DispatchCase", assignee: { _tag: "person", personId: "worker-1" } })
    await step({ _tag: "AcknowledgeCase" })
    await step({ _tag: "StartHandling" })
    await step({ _tag: "RequestExtension", minutes: 60, reason: "waiting for a part" })
    await desk.upcoming() // the process now holds the case up to the request
    await step({ _tag: "ApproveRequest", by: "supervisor-1", kind: "extension" })
    // The grant adds its minutes to the level's limit: folded twice, it would add them twice.
    const concurrent = await Promise.all([desk.upcoming(), desk.upcoming(), desk.beyondCalendar()])
    const fresh = Gridcase.make({ store: memory, clock })
    expect(concurrent[0]).toEqual(await fresh.upcoming())
    expect(await desk.upcoming()).toEqual(await fresh.upcoming())
    await Promise.all([desk.dispose(), fresh.dispose()])
  })

  it("lists cases whose deadline lies beyond the calendar's years instead of failing the tick", async () => {
    const { clock, desk } = setUp()
    // Monday 2026-12-28 09:00: five working days at the community run into 2027, which the
    // shipped calendar does not know yet.
    clock.set(Date.UTC(2026, 11, 28, 1, 0))
    await desk.cases.send(report("into-2027", clock.now(), { level: "community" }))
    await desk.cases.send(report("this-year", clock.now()))
    clock.advance(2 * Instant.HOUR)
    const tick = await desk.tick()
    expect(tick.escalated).toEqual([{ caseId: "this-year", from: "microGrid", to: "grid" }])
    expect(tick.beyondCalendar).toEqual(["into-2027"])
    expect((await desk.upcoming()).map((due) => due.caseId)).toEqual(["this-year"])
    expect(await desk.beyondCalendar()).toEqual(["into-2027"])
    await desk.dispose()
  })

  it("fails, naming the row, on a stored case event it cannot decode rather than skip it", async () => {
    const { clock, store, desk } = setUp()
    await desk.cases.send(report("fine", clock.now()))
    await desk.run(
      store.append(
        "case-garbled",
        [
          {
            type: "CaseReported",
            data: { caseId: 7 },
            metadata: { eventId: "e-garbled", schemaVersion: 1, recordedAt: 0 },
          },
        ],
        "noStream",
      ),
    )
    clock.advance(2 * Instant.HOUR)
    await expect(desk.tick()).rejects.toMatchObject({ _tag: "EventDecodeError", streamId: "case-garbled" })
    await desk.dispose()
  })

  it("fails on a calendar fault that is not a year it lacks, instead of listing the case as beyond it", async () => {
    const { clock, desk } = setUp()
    await desk.cases.send(report("c", clock.now()))
    const broken: WorkingCalendar = {
      ...desk.config.calendar,
      addWorkingMinutes: () => {
        throw new RangeError("corrupt holiday table")
      },
    }
    const config = { ...desk.config, calendar: broken }
    const process = Escalation.makeDeadlineProcess(config, makeCaseHandler(config))
    await expect(desk.run(process.tick(clock.now()))).rejects.toThrow("corrupt holiday table")
    // Nor does a look at the schedule pass the case off as beyond the calendar.
    expect(() => process.beyondCalendar()).toThrow("corrupt holiday table")
    await desk.dispose()
  })

  it("keeps only the cases that can still move: memory follows live cases, not history", async () => {
    const { clock, desk } = setUp()
    const process = Escalation.makeDeadlineProcess(desk.config, makeCaseHandler(desk.config))
    const at = clock.now()
    const fixedOnTheSpot = (caseId: string) => ({
      ...report(caseId, at),
      _tag: "RecordSelfHandledCase",
      result: "当场清理",
    })
    await desk.cases.send(report("open", at))
    await desk.cases.send(report("rejected", at))
    for (const caseId of ["satisfied", "unsatisfied"]) await desk.cases.send(fixedOnTheSpot(caseId))
    await desk.run(process.catchUp)
    expect(process.watching()).toBe(4)
    await desk.cases.send({
      _tag: "RejectCase",
      caseId: "rejected",
      at,
      by: "leader-1",
      reason: "notAProblem",
    })
    for (const satisfaction of ["satisfied", "unsatisfied"]) {
      const caseId = satisfaction
      await desk.cases.send({ _tag: "AuditSelfHandledCase", caseId, at, by: "leader-1", passed: true })
      await desk.cases.send({ _tag: "FollowUpCase", caseId, at, by: "operator-1", satisfaction })
    }
    await desk.run(process.catchUp)
    // Rejected, and closed to the reporter's satisfaction: never to move again. An unsatisfied
    // verdict may still send the case back for rework (发回重办).
    expect(process.watching()).toBe(2)
    await desk.dispose()
  })
})
