import { Instant, type Privacy, Resident } from "@gridcase/core"
import type { Exploration } from "./explore.ts"

/** Tuesday 2026-03-10 09:30 in Shanghai. */
const START = Date.UTC(2026, 2, 10, 1, 30)
const RESIDENT = "resident-1"
const WORKER = "worker-1"

/**
 * A field as the resident handler hands it to the decider: sealed under the resident's own key.
 * The decider only checks whose key sealed it, so a stand-in ciphertext explores the same paths.
 */
const sealed = (field: string): Privacy.Sealed => ({
  subject: RESIDENT,
  iv: "docs-iv",
  ciphertext: `sealed ${field}`,
})

type Examples = {
  readonly [T in Resident.CommandTag]: (
    r: Resident.RegisteredResident,
  ) => ReadonlyArray<Resident.SealedCommandOf<T>>
}

const stamp = (r: Resident.RegisteredResident) => ({
  residentId: RESIDENT,
  at: r.lastAt + Instant.MINUTE,
  by: WORKER,
})

/**
 * Example commands for a registered resident, at the decider's level (details already sealed),
 * one entry per command so that a new command fails to typecheck here until it has examples.
 * One care tag and one visit id keep the exploration small; the visit is tried with and without
 * raising a case.
 */
const EXAMPLES: Examples = {
  // Only a resident not yet registered can be: see OPENING.
  RegisterResident: () => [],
  CorrectPersonalDetails: (r) => [
    { ...stamp(r), _tag: "CorrectPersonalDetails", changes: { phone: sealed("phone") } },
  ],
  MoveResident: (r) => [
    {
      ...stamp(r),
      _tag: "MoveResident",
      householdId: r.householdId === "household-1" ? "household-2" : "household-1",
    },
  ],
  TagResident: (r) => [{ ...stamp(r), _tag: "TagResident", tag: "elderlyAlone" }],
  UntagResident: (r) => [
    { ...stamp(r), _tag: "UntagResident", tag: "elderlyAlone", reason: "moved in with family" },
  ],
  SetCarePlan: (r) => [
    { ...stamp(r), _tag: "SetCarePlan", tag: "elderlyAlone", cadence: { visits: 1, per: "month" } },
  ],
  EndCarePlan: (r) => [{ ...stamp(r), _tag: "EndCarePlan", tag: "elderlyAlone", reason: "no longer alone" }],
  RecordVisit: (r) => [
    { ...stamp(r), _tag: "RecordVisit", visitId: "visit-1", findings: "well" },
    {
      ...stamp(r),
      _tag: "RecordVisit",
      visitId: "visit-2",
      findings: "the roof leaks",
      raiseCase: {
        caseId: "case-1",
        gridId: "grid-1",
        category: "vulnerablePerson",
        urgency: "normal",
        description: "roof leaks at an elderly resident's home",
        level: "grid",
      },
    },
  ],
  EraseResident: (r) => [{ ...stamp(r), _tag: "EraseResident", reason: "asked to be forgotten" }],
  RevealPersonalDetails: (r) => [
    { ...stamp(r), _tag: "RevealPersonalDetails", reason: "calling about a visit" },
  ],
}

const OPENING: ReadonlyArray<Resident.SealedCommand> = [
  {
    _tag: "RegisterResident",
    residentId: RESIDENT,
    at: START,
    by: WORKER,
    householdId: "household-1",
    person: { name: sealed("name"), idNumber: sealed("idNumber") },
  },
]

/** A resident (居民), explored at the decider's level: the handler seals details before deciding. */
export const residentExploration: Exploration<Resident.SealedCommand, Resident.Event, Resident.State> = {
  decider: Resident.makeDecider(),
  statusOf: (state) => (!state.exists ? "none" : state.erased ? "erased" : "registered"),
  keyOf: (state) =>
    state.exists
      ? JSON.stringify([
          state.erased,
          state.householdId,
          state.tags,
          Resident.activeCarePlan(state, "elderlyAlone")?.cadence ?? null,
          state.visits.map((visit) => visit.visitId),
        ])
      : "none",
  examples: (state) =>
    state.exists
      ? (
          Object.values(EXAMPLES) as ReadonlyArray<
            (r: Resident.RegisteredResident) => ReadonlyArray<Resident.SealedCommand>
          >
        ).flatMap((make) => make(state))
      : OPENING,
  statusOrder: ["none", "registered", "erased"],
}
