import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Effect, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  Authorization,
  Calendar,
  Case,
  type CommandHandler,
  Escalation,
  type EventStore,
  Territory,
} from "../../src/index.ts"
import { installTerritory, pipeReport, run } from "../support/handler-fixture.ts"
import { cmd, DISTRICT, T1 } from "../territory/fixture.ts"

// People of the sample territory, and the roles the case commands below ask for, each over an
// area of the level it belongs to, so that most changes are accepted and grant or take away
// what a later command needs.
const PEOPLE = ["leader-li", "worker-wang", "worker-ma", "head-zhao", "centre-zhou", "resident-7"] as const
const GRIDS = ["nanshan-g1", "nanshan-g2", "tianhong-g3"] as const
const POSTS: ReadonlyArray<readonly [Territory.Role, string]> = [
  ...GRIDS.flatMap((gridId) => [["gridLeader", gridId] as const, ["gridWorker", gridId] as const]),
  ["stationHead", "nanshan"],
  ["stationHead", "tianhong"],
  ["dispatcher", "minxin"],
]
/** Cases reported before the run, one in each grid. */
const CASES = GRIDS.map((gridId, i) => ({ caseId: `pipe-${i + 1}`, gridId }))

type Step =
  | {
      readonly kind: "territory"
      readonly change: "GrantRole" | "RevokeRole"
      readonly personId: string
      readonly post: readonly [Territory.Role, string]
    }
  | {
      readonly kind: "case"
      readonly command: "RegisterCase" | "DispatchCase" | "AcknowledgeCase" | "RecordSelfHandledCase"
      readonly caseIndex: number
      readonly gridId: string
      readonly by: string
      readonly assignee: string
    }

const arbitraryStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("territory" as const),
    change: fc.constantFrom("GrantRole" as const, "RevokeRole" as const),
    personId: fc.constantFrom(...PEOPLE),
    post: fc.constantFrom(...POSTS),
  }),
  fc.record({
    kind: fc.constant("case" as const),
    command: fc.constantFrom(
      "RegisterCase" as const,
      "DispatchCase" as const,
      "AcknowledgeCase" as const,
      "RecordSelfHandledCase" as const,
    ),
    caseIndex: fc.nat({ max: CASES.length - 1 }),
    gridId: fc.constantFrom(...GRIDS),
    by: fc.constantFrom(...PEOPLE),
    assignee: fc.constantFrom(...PEOPLE),
  }),
)

const runOn = <A, E>(store: EventStore.Shape, program: Effect.Effect<A, E, CommandHandler.Services>) =>
  run(program, store, { at: T1 })

const config = { policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }
const options = { territoryOf: () => DISTRICT }
const territories = Territory.makeHandler()

/** A store with the sample territory and the cases of {@link CASES} reported in it. */
const prepared = async (): Promise<EventStore.Shape> => {
  const store = makeMemoryEventStore()
  const cases = Case.makeGuardedHandler(config, options)
  await runOn(
    store,
    Effect.gen(function* () {
      yield* installTerritory
      for (const { caseId, gridId } of CASES)
        yield* cases(pipeReport(caseId, gridId), { commandId: `report-${caseId}`, actor: "resident-7" })
    }),
  )
  return store
}

const territoryCommand = (step: Extract<Step, { kind: "territory" }>, at: number): Territory.Command =>
  cmd(
    {
      _tag: step.change,
      personId: step.personId,
      role: step.post[0],
      scope: { _tag: "area", areaId: step.post[1] },
    },
    at,
  )

const caseCommand = (step: Extract<Step, { kind: "case" }>, index: number, at: number): Case.Command => {
  const caseId = CASES[step.caseIndex]!.caseId
  switch (step.command) {
    case "RegisterCase":
    case "AcknowledgeCase":
      return { _tag: step.command, caseId, at, by: step.by }
    case "DispatchCase":
      return {
        _tag: "DispatchCase",
        caseId,
        at,
        by: step.by,
        assignee: { _tag: "person", personId: step.assignee },
      }
    case "RecordSelfHandledCase":
      return {
        _tag: "RecordSelfHandledCase",
        caseId: `patrol-${index}`,
        at,
        by: step.by,
        source: "patrol",
        category: "environment",
        urgency: "normal",
        description: "垃圾堆放 — rubbish dumped by the gate",
        location: { gridId: step.gridId },
        level: "grid",
        result: "当场清理 — cleared on the spot",
      }
  }
}

/** A command's outcome as far as the decision goes: the case it left, or the typed refusal. */
const outcomeOf = <S, E>(result: Result.Result<{ readonly state: S }, E>) =>
  Result.isSuccess(result) ? { accepted: result.success.state } : { refused: result.failure }

describe("a guarded handler with its territory view", () => {
  it("decides every command as a handler that folds the whole territory afresh", async () => {
    const seen = { accepted: 0, forbidden: 0 }
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryStep, { minLength: 1, maxLength: 30 }), async (steps) => {
        // The same history is written to two stores: one is served by a single handler whose
        // view carries over from command to command, the other by a new handler each time.
        const [kept, fresh] = [await prepared(), await prepared()]
        const cached = Case.makeGuardedHandler(config, options)
        for (const [i, step] of steps.entries()) {
          const at = T1 + (i + 1) * 60_000
          const context = { commandId: `step-${i}`, actor: step.kind === "case" ? step.by : "installer" }
          if (step.kind === "territory") {
            const change = territoryCommand(step, at)
            const [here, there] = [
              await runOn(kept, Effect.result(territories(change, context))),
              await runOn(fresh, Effect.result(territories(change, context))),
            ]
            expect(Result.isSuccess(here)).toBe(Result.isSuccess(there))
            continue
          }
          const command = caseCommand(step, i, at)
          const here = outcomeOf(await runOn(kept, Effect.result(cached(command, context))))
          const there = outcomeOf(
            await runOn(fresh, Effect.result(Case.makeGuardedHandler(config, options)(command, context))),
          )
          expect(here).toEqual(there)
          if ("accepted" in here) seen.accepted += 1
          else if (here.refused instanceof Authorization.Forbidden) seen.forbidden += 1
        }
      }),
      { numRuns: 100 },
    )
    // The runs exercised both sides of the check, not only refusals for unrelated reasons.
    expect(seen.accepted).toBeGreaterThan(0)
    expect(seen.forbidden).toBeGreaterThan(0)
  })
})
