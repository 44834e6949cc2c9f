import { Case, Instant } from "@gridcase/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { CaseOutcomes, OpenCases, ReadModelStore } from "../../src/index.ts"
import {
  closeAndCallBack,
  command,
  eventsOf,
  fullLoop,
  projectHistory,
  query,
  report,
} from "../support/cases.ts"

const communities = new Map([
  ["grid-a", "tianhong"],
  ["grid-b", "tianhong"],
  ["grid-c", "nanshan"],
])
const outcomes = CaseOutcomes.queries({ communityOf: communities })

const history = eventsOf([
  // grid-a: closed at grid level, satisfied, 7 hours.
  report("a1", 0),
  ...fullLoop("a1", 1),
  // grid-a: escalated to the community, closed there, basically satisfied, 14 hours.
  report("a2", 0, { category: "utilities" }),
  command("EscalateCase", "a2", 1, { fromLevel: "grid", reason: "requested" }),
  ...fullLoop("a2", 8, { satisfaction: "basicallySatisfied" }),
  // grid-b: closed unsatisfied, reopened, closed again (satisfied) — counts once, reopened.
  report("b1", 0, { location: { gridId: "grid-b" } }),
  ...fullLoop("b1", 1, { satisfaction: "unsatisfied" }),
  command("ReopenCase", "b1", 8, { reason: "漏水未止 — still leaking" }),
  command("ResolveCase", "b1", 9, { result: "已修复 — fixed", by: "grid-worker-wang" }),
  command("VerifyCase", "b1", 10, { passed: true }),
  ...closeAndCallBack("b1", 11),
  // grid-c: a 12345 ticket the grid solved, nobody reached at the follow-up call.
  report("c1", 0, { location: { gridId: "grid-c" }, source: "hotline", hotlineTicketId: "12345-0001" }),
  ...fullLoop("c1", 1, { satisfaction: "notReached" }),
  command("ReportHotlineOutcome", "c1", 8, { outcome: "已办结 — done", solvedByGrid: true }),
  // grid-c: a 12345 ticket rejected as out of scope, reported back as not solved by the grid.
  report("c2", 0, { location: { gridId: "grid-c" }, source: "hotline", hotlineTicketId: "12345-0002" }),
  command("RejectCase", "c2", 1, { reason: "outOfScope" }),
  command("ReportHotlineOutcome", "c2", 2, { outcome: "非本辖区 — not ours", solvedByGrid: false }),
  // grid-c: still open, so in no figure.
  report("c3", 0, { location: { gridId: "grid-c" } }),
])

describe("self-resolution rate (网格事网格了)", () => {
  it("is the share of closed cases closed at grid level or below, per grid, community and city", async () => {
    const readModels = await projectHistory(history, [CaseOutcomes.projection])
    expect(await query(readModels, outcomes.selfResolutionRate({ gridId: "grid-a" }))).toEqual({
      numerator: 1,
      denominator: 2,
      rate: 0.5,
    })
    expect(await query(readModels, outcomes.selfResolutionRate({ communityId: "tianhong" }))).toMatchObject({
      numerator: 2,
      denominator: 3,
    })
    expect(await query(readModels, outcomes.selfResolutionRate())).toMatchObject({
      numerator: 3,
      denominator: 4,
    })
    expect(await query(readModels, outcomes.selfResolutionRate({ gridId: "grid-z" }))).toEqual({
      numerator: 0,
      denominator: 0,
      rate: undefined,
    })
    expect(await query(readModels, outcomes.selfResolutionPerGrid)).toEqual([
      { gridId: "grid-a", numerator: 1, denominator: 2, rate: 0.5 },
      { gridId: "grid-b", numerator: 1, denominator: 1, rate: 1 },
      { gridId: "grid-c", numerator: 1, denominator: 1, rate: 1 },
    ])
    expect(await query(readModels, outcomes.selfResolutionPerCommunity)).toEqual([
      { communityId: "nanshan", numerator: 1, denominator: 1, rate: 1 },
      { communityId: "tianhong", numerator: 2, denominator: 3, rate: 2 / 3 },
    ])
  })
})

describe("reopen and satisfaction rates", () => {
  it("count each closed case once, as it stands; a verdict of nobody reached is no verdict", async () => {
    const readModels = await projectHistory(history, [CaseOutcomes.projection])
    expect(await query(readModels, outcomes.reopenRate())).toMatchObject({ numerator: 1, denominator: 4 })
    expect(await query(readModels, outcomes.satisfactionRate())).toMatchObject({
      numerator: 3,
      denominator: 3,
    })
    expect(await query(readModels, outcomes.reopenRate({ gridId: "grid-b" }))).toMatchObject({ rate: 1 })
  })

  it("take the verdict of a call-back (回访) made after closing, and count a case closed without one only then", async () => {
    const closedFirst = [report("d1", 0), ...fullLoop("d1", 1).slice(0, -1)]
    const beforeCall = await projectHistory(eventsOf(closedFirst), [CaseOutcomes.projection])
    expect(await query(beforeCall, outcomes.satisfactionRate())).toMatchObject({ denominator: 0 })
    const called = eventsOf([
      ...closedFirst,
      command("FollowUpCase", "d1", 8, { satisfaction: "unsatisfied", note: "还在漏 — still leaking" }),
    ])
    const readModels = await projectHistory(called, [CaseOutcomes.projection])
    expect(await query(readModels, outcomes.satisfactionRate())).toEqual({
      numerator: 0,
      denominator: 1,
      rate: 0,
    })
  })

  it("take a reopened case out of the figures until it is closed again", async () => {
    const reopened = eventsOf([
      report("b1", 0),
      ...fullLoop("b1", 1, { satisfaction: "unsatisfied" }),
      command("ReopenCase", "b1", 8, { reason: "漏水未止 — still leaking" }),
    ])
    const readModels = await projectHistory(reopened, [CaseOutcomes.projection])
    expect(await query(readModels, outcomes.satisfactionRate())).toMatchObject({ denominator: 0 })
    expect(await query(readModels, outcomes.timeToResolve())).toEqual({
      count: 0,
      meanMs: undefined,
      p90Ms: undefined,
    })
  })
})

describe("a closing stored with the verdict, from before the call-back (回访) was its own command", () => {
  /** The figures a closed case shows: satisfaction, the other outcome rates, and whether it is still open. */
  const figures = async (events: ReadonlyArray<Case.Event>) => {
    const readModels = await projectHistory(events, [CaseOutcomes.projection, OpenCases.projection])
    return {
      satisfaction: await query(readModels, outcomes.satisfactionRate()),
      selfResolution: await query(readModels, outcomes.selfResolutionRate()),
      reopen: await query(readModels, outcomes.reopenRate()),
      timeToResolve: await query(readModels, outcomes.timeToResolve()),
      open: (await query(readModels, OpenCases.inGrid("grid-a"))).total,
      // A settled case (Case.isSettled) leaves the live read models: its document is dropped.
      kept: await query(
        readModels,
        Effect.map(
          Effect.flatMap(ReadModelStore.ReadModelStore, (store) => store.load(OpenCases.NAME, ["e1"])),
          (docs) => docs.has("e1"),
        ),
      ),
    }
  }

  it("counts as the call-back made at closing: the same satisfaction and settled figures", async () => {
    for (const satisfaction of Case.Satisfaction.literals) {
      const called = eventsOf([report("e1", 0), ...fullLoop("e1", 1, { satisfaction })])
      const closing = called.at(-2)
      if (closing?._tag !== "CaseClosed") throw new Error("the loop does not close before its call-back")
      const storedWithVerdict = [...called.slice(0, -2), { ...closing, satisfaction }]
      const before = await figures(storedWithVerdict)
      expect(before).toEqual(await figures(called))
      // From the rules: a verdict counts unless nobody was reached; a closed case is not open,
      // but only a satisfied one is settled — an unsatisfied one may still be reopened (发回重办).
      expect(before.satisfaction.denominator).toBe(satisfaction === "notReached" ? 0 : 1)
      expect(before.open).toBe(0)
      expect(before.kept).toBe(satisfaction === "unsatisfied")
    }
  })
})

describe("time to resolve", () => {
  it("gives the mean and the nearest-rank 90th percentile of report-to-close times", async () => {
    const readModels = await projectHistory(history, [CaseOutcomes.projection])
    const all = await query(readModels, outcomes.timeToResolve())
    expect(all).toEqual({
      count: 4,
      meanMs: ((7 + 14 + 11 + 7) / 4) * Instant.HOUR,
      p90Ms: 14 * Instant.HOUR,
    })
    expect(await query(readModels, outcomes.timeToResolve({ category: "utilities" }))).toEqual({
      count: 1,
      meanMs: 14 * Instant.HOUR,
      p90Ms: 14 * Instant.HOUR,
    })
    expect(
      await query(readModels, outcomes.timeToResolve({ gridId: "grid-a", category: "sanitation" })),
    ).toMatchObject({
      count: 1,
      meanMs: 7 * Instant.HOUR,
    })
    expect(await query(readModels, outcomes.timeToResolve({ communityId: "tianhong" }))).toMatchObject({
      count: 3,
    })
  })
})

describe("hotline diversion", () => {
  it("is the share of 12345 cases reported back as solved by the grid", async () => {
    const readModels = await projectHistory(history, [CaseOutcomes.projection])
    expect(await query(readModels, outcomes.hotlineDiversion())).toEqual({
      numerator: 1,
      denominator: 2,
      rate: 0.5,
    })
    expect(await query(readModels, outcomes.hotlineDiversion({ communityId: "tianhong" }))).toMatchObject({
      denominator: 0,
    })
  })
})
