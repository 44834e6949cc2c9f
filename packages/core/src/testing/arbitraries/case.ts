import fc from "fast-check"
import type { CaseCommand, CaseCommandOf, CaseCommandTag } from "../../case/commands.ts"
import {
  type Assignee,
  type CaseId,
  type CaseLocation,
  CaseSource,
  EscalationReason,
  RejectionReason,
  RequestKind,
  Satisfaction,
  SupervisionReason,
} from "../../case/vocabulary.ts"
import { CaseStep } from "../../policy/policy.ts"
import type { Instant } from "../../shared/instant.ts"
import type { ActorId } from "../../shared/vocabulary.ts"
import { arbitraryCategory, arbitraryLevel, arbitraryUrgency } from "./policy.ts"

/**
 * The people who act on generated cases. A small pool on purpose: a request and its approval
 * come from different people most of the time, and from the same person (refused as
 * self-approval) now and then.
 */
export const CASE_ACTORS: ReadonlyArray<ActorId> = [
  "micro-grid-worker-wang",
  "grid-leader-li",
  "community-head-zhao",
  "supervisor-chen",
]

/** Case ids used by generated case sets and as the target of merges and duplicates. */
export const CASE_IDS: ReadonlyArray<CaseId> = ["case-1", "case-2", "case-3", "case-4", "case-5", "case-6"]

/** One of the few actors generated cases use, so the same person often reports, handles and verifies. */
export const arbitraryCaseActor: fc.Arbitrary<ActorId> = fc.constantFrom(...CASE_ACTORS)

/** Free text of a note, reason or result: a few realistic ones (content never drives a decision). */
export const arbitraryNote: fc.Arbitrary<string> = fc.constantFrom(
  "已到现场查看 — on site",
  "等待燃气公司 — waiting for the gas company",
  "住户不在家 — nobody home",
  "管道已修复 — pipe repaired",
)

/** Optional notes are left out half the time: an absent field must load back the same (JSON drops `undefined`). */
const optionalNote = fc.option(arbitraryNote, { nil: undefined, freq: 2 })

/** Where a case is: always its grid, and sometimes an address and coordinates (absent fields must round-trip). */
export const arbitraryLocation: fc.Arbitrary<CaseLocation> = fc.record(
  {
    gridId: fc.constantFrom("tianhong-grid-03", "nanshan-grid-12", "hekou-grid-01"),
    address: fc.constantFrom("5栋2单元 — building 5, unit 2", "地下室 — basement"),
    lat: fc.double({ min: 18, max: 45, noNaN: true }),
    long: fc.double({ min: 100, max: 125, noNaN: true }),
  },
  { requiredKeys: ["gridId"], noNullPrototype: true },
)

/** Whom a case is dispatched to: a person, or a unit (a department at some level) — the two shapes of 派遣. */
export const arbitraryAssignee: fc.Arbitrary<Assignee> = fc.oneof(
  fc.record({ _tag: fc.constant("person"), personId: arbitraryCaseActor }, { noNullPrototype: true }),
  fc.record(
    {
      _tag: fc.constant("unit"),
      level: arbitraryLevel,
      unitId: fc.constantFrom("tianhong-community", "minxin-street"),
    },
    { noNullPrototype: true },
  ),
  fc.record(
    { _tag: fc.constant("department"), departmentId: fc.constantFrom("water-company", "gas-company") },
    { noNullPrototype: true },
  ),
)

/** Where and when every generated command of one case is issued. */
export interface CaseCommandContext {
  readonly caseId: CaseId
  readonly at: Instant
}

/** Each case command's arbitrary, by tag. */
export type CaseCommandArbitraries = { readonly [T in CaseCommandTag]: fc.Arbitrary<CaseCommandOf<T>> }

/**
 * An arbitrary for every case command, all addressed to `caseId` and dated `at`. Each is a
 * plain `fc.record` of the command's fields, so a failing example shrinks field by field to
 * the simplest values (first actor, first level, no optional note…). Merges and duplicates
 * point at one of `CASE_IDS`, which may be the case itself (refused, as it should be).
 */
export const arbitraryCaseCommands = ({ caseId, at }: CaseCommandContext): CaseCommandArbitraries => {
  const record = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
    fc.record(model, { noNullPrototype: true })
  const stamp = { caseId: fc.constant(caseId), at: fc.constant(at), by: arbitraryCaseActor }
  const tag = <T extends CaseCommandTag>(name: T) => ({ _tag: fc.constant(name), ...stamp })
  const report = {
    source: fc.constantFrom(...CaseSource.literals),
    category: arbitraryCategory,
    urgency: arbitraryUrgency,
    description: fc.constantFrom(
      "燃气灶未关 — gas stove left on",
      "水管破裂 — broken water pipe",
      "楼道堆物 — clutter in the stairwell",
    ),
    location: arbitraryLocation,
    level: arbitraryLevel,
    reporterRef: fc.option(fc.constantFrom("resident-0001", "resident-0002"), { nil: undefined }),
    mediaUrls: fc.option(fc.array(fc.constantFrom("https://example.org/photo-1.jpg"), { maxLength: 2 }), {
      nil: undefined,
    }),
    // Most cases do not come from the hotline; the others can be linked later.
    hotlineTicketId: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: fc.constant("12345-2026-000123"), weight: 1 },
    ),
  }
  const otherCase = fc.constantFrom(...CASE_IDS)
  return {
    ReportCase: record({ ...tag("ReportCase"), ...report }),
    RecordSelfHandledCase: record({ ...tag("RecordSelfHandledCase"), ...report, result: arbitraryNote }),
    AuditSelfHandledCase: record({
      ...tag("AuditSelfHandledCase"),
      passed: fc.boolean(),
      note: optionalNote,
    }),
    RegisterCase: record(tag("RegisterCase")),
    RejectCase: record({
      ...tag("RejectCase"),
      reason: fc.constantFrom(...RejectionReason.literals),
      duplicateOf: fc.option(otherCase, { nil: undefined }),
      note: optionalNote,
    }),
    DispatchCase: record({ ...tag("DispatchCase"), assignee: arbitraryAssignee, note: optionalNote }),
    AcknowledgeCase: record(tag("AcknowledgeCase")),
    SendBackCase: record({ ...tag("SendBackCase"), reason: arbitraryNote }),
    StartHandling: record(tag("StartHandling")),
    AddProgressNote: record({ ...tag("AddProgressNote"), note: arbitraryNote }),
    RequestExtension: record({
      ...tag("RequestExtension"),
      // Mostly a few working days; sometimes longer than a policy allows (refused).
      minutes: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 2400 }), weight: 4 },
        { arbitrary: fc.integer({ min: 1, max: 20_000 }), weight: 1 },
      ),
      reason: arbitraryNote,
    }),
    RequestVoid: record({ ...tag("RequestVoid"), reason: arbitraryNote }),
    RequestShelve: record({ ...tag("RequestShelve"), reason: arbitraryNote }),
    RequestSendBack: record({ ...tag("RequestSendBack"), reason: arbitraryNote }),
    ApproveRequest: record({
      ...tag("ApproveRequest"),
      kind: fc.constantFrom(...RequestKind.literals),
      note: optionalNote,
    }),
    DenyRequest: record({
      ...tag("DenyRequest"),
      kind: fc.constantFrom(...RequestKind.literals),
      reason: arbitraryNote,
    }),
    RestoreCase: record({ ...tag("RestoreCase"), note: optionalNote }),
    HoldCase: record({ ...tag("HoldCase"), reason: arbitraryNote }),
    ResumeCase: record(tag("ResumeCase")),
    ResolveCase: record({ ...tag("ResolveCase"), result: arbitraryNote }),
    VerifyCase: record({ ...tag("VerifyCase"), passed: fc.boolean(), note: optionalNote }),
    CloseCase: record({ ...tag("CloseCase"), note: optionalNote }),
    FollowUpCase: record({
      ...tag("FollowUpCase"),
      satisfaction: fc.constantFrom(...Satisfaction.literals),
      note: optionalNote,
    }),
    RemindCase: record({
      ...tag("RemindCase"),
      note: arbitraryNote,
      step: fc.option(fc.constantFrom(...CaseStep.literals), { nil: undefined }),
    }),
    ExplainDelay: record({
      ...tag("ExplainDelay"),
      step: fc.constantFrom(...CaseStep.literals),
      reason: arbitraryNote,
    }),
    CriticizeCase: record({
      ...tag("CriticizeCase"),
      step: fc.constantFrom(...CaseStep.literals),
      note: arbitraryNote,
    }),
    ReopenCase: record({ ...tag("ReopenCase"), reason: arbitraryNote }),
    MergeCase: record({ ...tag("MergeCase"), into: otherCase }),
    SuperviseCase: record({
      ...tag("SuperviseCase"),
      reason: fc.constantFrom(...SupervisionReason.literals),
      responder: fc.option(arbitraryAssignee, { nil: undefined }),
      note: arbitraryNote,
    }),
    AnswerSupervision: record({ ...tag("AnswerSupervision"), note: arbitraryNote }),
    LinkHotlineTicket: record({
      ...tag("LinkHotlineTicket"),
      ticketId: fc.constantFrom("12345-2026-000123", "12345-2026-000456"),
    }),
    ReportHotlineOutcome: record({
      ...tag("ReportHotlineOutcome"),
      outcome: arbitraryNote,
      solvedByGrid: fc.boolean(),
    }),
    EscalateCase: record({
      ...tag("EscalateCase"),
      fromLevel: arbitraryLevel,
      reason: fc.constantFrom(...EscalationReason.literals),
      note: optionalNote,
    }),
    DeEscalateCase: record({
      ...tag("DeEscalateCase"),
      fromLevel: arbitraryLevel,
      toLevel: arbitraryLevel,
      reason: arbitraryNote,
    }),
  }
}

/** Any case command for `caseId` at `at`, every kind equally likely. */
export const arbitraryCaseCommand = (context: CaseCommandContext): fc.Arbitrary<CaseCommand> =>
  fc.oneof(...Object.values(arbitraryCaseCommands(context)))
