import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { Calendar, Case, Escalation, EventStore, Instant } from "@gridcase/core"
import { Effect, Layer, Result } from "effect"
import type { Projection } from "../../src/projection/projection.ts"
import { openProjector } from "../../src/runner/projector.ts"
import { makeMemoryReadModelStore } from "../../src/stores/memory/memory-read-model-store.ts"
import { ReadModelStore, type ReadModelStoreShape } from "../../src/stores/read-model-store.ts"
import { appendStorable, type StorableEvent, storable } from "./domain-events.ts"

export const config: Case.DeciderConfig = { policy: Escalation.defaultPolicy, calendar: Calendar.shanghai }
export const caseDecider = Case.makeDecider(config)

/** Monday 2 March 2026, 09:00 in Shanghai: a working morning. */
export const MONDAY_9AM = Date.UTC(2026, 2, 2, 1, 0)
export const at = (hours: number) => MONDAY_9AM + hours * Instant.HOUR

/**
 * The events a command sequence produces, each command decided against its own case's state
 * (commands of several cases may interleave); fails the test if the decider refuses one.
 */
export const eventsOf = (commands: ReadonlyArray<Case.Command>): ReadonlyArray<Case.Event> => {
  const states = new Map<string, Case.State>()
  const events: Array<Case.Event> = []
  for (const command of commands) {
    const before = states.get(command.caseId) ?? caseDecider.initialState
    const decision = caseDecider.decide(command, before)
    if (Result.isFailure(decision)) {
      throw new Error(`example refused ${command._tag} of ${command.caseId}: ${decision.failure.message}`)
    }
    states.set(command.caseId, decision.success.reduce(caseDecider.evolve, before))
    events.push(...decision.success)
  }
  return events
}

/** Case events with their codec and case streams. */
export const caseStorable = (events: ReadonlyArray<Case.Event>) =>
  storable(Case.eventCodec, (event) => Case.streamId(event.caseId), events)

/** Stores case events in their case streams, one append per event, in the given order. */
export const appendCaseEvents = (store: EventStore.Shape, events: ReadonlyArray<Case.Event>) =>
  appendStorable(store, caseStorable(events))

/** Every event of the store, paged as the runner pages it. */
export const readEverything = (store: EventStore.Shape) =>
  Effect.gen(function* () {
    const all: Array<EventStore.RecordedEvent> = []
    for (;;) {
      const page = yield* store.readAll({ after: all.at(-1)?.position ?? 0 })
      if (page.length === 0) return all
      all.push(...page)
    }
  })

/** A fresh memory event store and read-model store, as services. */
export const freshStores = () => {
  const events = makeMemoryEventStore()
  const readModels = makeMemoryReadModelStore()
  return {
    events,
    readModels,
    layer: Layer.mergeAll(
      Layer.succeed(EventStore.EventStore, EventStore.EventStore.of(events)),
      Layer.succeed(ReadModelStore, ReadModelStore.of(readModels)),
    ),
  }
}

export const provideReadModels =
  (readModels: ReadModelStoreShape) =>
  <A, E>(effect: Effect.Effect<A, E, ReadModelStore>): Effect.Effect<A, E> =>
    Effect.provideService(effect, ReadModelStore, readModels)

type CommandFields<T extends Case.Command["_tag"]> = Omit<
  Extract<Case.Command, { _tag: T }>,
  "_tag" | "caseId" | "at" | "by"
>

/** A case command dated `hours` after Monday 09:00; `by` defaults to the grid leader. */
export const command = <T extends Case.Command["_tag"]>(
  tag: T,
  caseId: string,
  hours: number,
  fields: CommandFields<T> & { readonly by?: string },
): Case.Command => ({ by: "grid-leader-li", ...fields, _tag: tag, caseId, at: at(hours) }) as Case.Command

/** A patrol report of a sanitation problem at grid level, overridable field by field. */
export const report = (
  caseId: string,
  hours: number,
  fields: Partial<CommandFields<"ReportCase">> & { readonly by?: string } = {},
): Case.Command =>
  command("ReportCase", caseId, hours, {
    source: "patrol",
    category: "sanitation",
    urgency: "normal",
    description: "楼道堆物 — clutter in the stairwell",
    location: { gridId: "grid-a" },
    level: "grid",
    by: "grid-worker-wang",
    ...fields,
  })

/** 结案, then at once the call-back (回访) that brings the reporter's verdict. */
export const closeAndCallBack = (
  caseId: string,
  hours: number,
  satisfaction: Case.Satisfaction = "satisfied",
): ReadonlyArray<Case.Command> => [
  command("CloseCase", caseId, hours, {}),
  command("FollowUpCase", caseId, hours, { satisfaction, by: "hotline-operator-zhao" }),
]

/**
 * Register → dispatch to a person → acknowledge → start → resolve → verify → close, an hour
 * apart, and the call-back (回访) at closing.
 */
export const fullLoop = (
  caseId: string,
  from: number,
  close: { readonly satisfaction?: Case.Satisfaction } = {},
): ReadonlyArray<Case.Command> => [
  command("RegisterCase", caseId, from, {}),
  command("DispatchCase", caseId, from + 1, { assignee: { _tag: "person", personId: "grid-worker-wang" } }),
  command("AcknowledgeCase", caseId, from + 2, { by: "grid-worker-wang" }),
  command("StartHandling", caseId, from + 3, { by: "grid-worker-wang" }),
  command("ResolveCase", caseId, from + 4, { result: "已清理 — cleared", by: "grid-worker-wang" }),
  command("VerifyCase", caseId, from + 5, { passed: true }),
  ...closeAndCallBack(caseId, from + 6, close.satisfaction),
]

/** Runs a projection over every event of the store, page by page, as the runner catches up. */
export const catchUp = (
  projection: Projection,
  store: EventStore.Shape,
  readModels: ReadModelStoreShape,
  batchSize = 1_000,
) =>
  Effect.gen(function* () {
    const projector = yield* openProjector(projection, readModels)
    for (;;) {
      const page = yield* store.readAll({
        ...projection.filter,
        after: projector.checkpoint().position,
        maxCount: batchSize,
      })
      if (page.length === 0) return projector.checkpoint()
      yield* projector.handle(page)
    }
  })

/** Stores events of any aggregates and builds the given read models from them; returns the read-model store. */
export const projectStorable = (
  events: ReadonlyArray<StorableEvent>,
  projections: ReadonlyArray<Projection>,
) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const stores = freshStores()
      yield* appendStorable(stores.events, events)
      for (const projection of projections) yield* catchUp(projection, stores.events, stores.readModels)
      return stores.readModels
    }),
  )

/** Stores a case history and builds the given read models from it; returns the read-model store. */
export const projectHistory = (events: ReadonlyArray<Case.Event>, projections: ReadonlyArray<Projection>) =>
  projectStorable(caseStorable(events), projections)

/** Runs a query against a read-model store. */
export const query = <A, E>(readModels: ReadModelStoreShape, effect: Effect.Effect<A, E, ReadModelStore>) =>
  Effect.runPromise(provideReadModels(readModels)(effect))
