import { EventStore } from "@gridcase/core"
import { Effect, Result, Stream } from "effect"
import fc from "fast-check"
import { expect, it } from "vitest"
import { newEvent, run } from "./fixtures.ts"
import type { EventStoreHarness } from "./harness.ts"

/**
 * Model-based check (基于模型的测试): random command sequences run against the store and
 * against a reference model — a plain list of events — and every answer must agree.
 * Positions are the store's to choose (a sequence may skip numbers), so the model compares
 * identities and order, and takes checkpoints from the store's own answers.
 */

interface ModelEvent {
  readonly streamId: string
  readonly revision: number
  readonly type: string
  readonly eventId: string
}

interface StoredAppend {
  readonly streamId: string
  readonly events: ReadonlyArray<EventStore.NewEvent>
  readonly expected: EventStore.ExpectedVersion
  readonly result: EventStore.AppendResult
}

interface Model {
  readonly log: Array<ModelEvent>
  readonly appends: Array<StoredAppend>
  lastPosition: number
}

interface Real {
  readonly store: EventStore.Shape
}

const STREAMS = ["case-a", "case-b", "visit-a"] as const
const TYPES = ["CaseReported", "CaseNoted"] as const

const versionOf = (model: Model, streamId: string) =>
  model.log.reduce((version, event) => (event.streamId === streamId ? event.revision : version), 0)

const shape = (event: ModelEvent | EventStore.RecordedEvent): ModelEvent => ({
  streamId: event.streamId,
  revision: event.revision,
  type: event.type,
  eventId: "eventId" in event ? event.eventId : event.metadata.eventId,
})

type ExpectedChoice = "any" | "noStream" | "exists" | "current" | number

class AppendCommand implements fc.AsyncCommand<Model, Real> {
  readonly streamId: string
  readonly types: ReadonlyArray<string>
  readonly choice: ExpectedChoice
  constructor(streamId: string, types: ReadonlyArray<string>, choice: ExpectedChoice) {
    this.streamId = streamId
    this.types = types
    this.choice = choice
  }
  check = () => true
  async run(model: Model, real: Real): Promise<void> {
    const version = versionOf(model, this.streamId)
    const expected = this.choice === "current" ? version : this.choice
    const events = this.types.map((type) => newEvent(type))
    const outcome = await run(Effect.result(real.store.append(this.streamId, events, expected)))
    if (!EventStore.satisfies(expected, version)) {
      expect(Result.isFailure(outcome) && outcome.failure).toMatchObject({
        _tag: "WrongExpectedVersion",
        actual: version,
      })
      return
    }
    if (Result.isFailure(outcome)) throw outcome.failure
    expect(outcome.success.nextExpectedVersion).toBe(version + events.length)
    if (events.length === 0) return
    expect(outcome.success.lastPosition).toBeGreaterThan(model.lastPosition)
    model.lastPosition = outcome.success.lastPosition
    events.forEach((event, index) => {
      model.log.push({
        streamId: this.streamId,
        revision: version + index + 1,
        type: event.type,
        eventId: event.metadata.eventId,
      })
    })
    model.appends.push({ streamId: this.streamId, events, expected, result: outcome.success })
  }
  toString = () => `append(${this.streamId}, [${this.types.join(",")}], ${this.choice})`
}

class RetryCommand implements fc.AsyncCommand<Model, Real> {
  readonly pick: number
  constructor(pick: number) {
    this.pick = pick
  }
  check = (model: Readonly<Model>) => model.appends.length > 0
  async run(model: Model, real: Real): Promise<void> {
    const original = model.appends[this.pick % model.appends.length]!
    const again = await run(real.store.append(original.streamId, original.events, original.expected))
    expect(again).toEqual(original.result)
  }
  toString = () => `retry(#${this.pick})`
}

class ReadStreamCommand implements fc.AsyncCommand<Model, Real> {
  readonly streamId: string
  readonly direction: "forwards" | "backwards"
  readonly fromRevision: number | undefined
  readonly maxCount: number | undefined
  constructor(
    streamId: string,
    direction: "forwards" | "backwards",
    fromRevision: number | undefined,
    maxCount: number | undefined,
  ) {
    this.streamId = streamId
    this.direction = direction
    this.fromRevision = fromRevision
    this.maxCount = maxCount
  }
  check = () => true
  async run(model: Model, real: Real): Promise<void> {
    const stream = model.log.filter((event) => event.streamId === this.streamId)
    const from = this.fromRevision ?? (this.direction === "forwards" ? 1 : stream.length)
    const selected =
      this.direction === "forwards"
        ? stream.filter((event) => event.revision >= from)
        : stream.filter((event) => event.revision <= from).reverse()
    const read = await run(
      real.store.readStream(this.streamId, {
        direction: this.direction,
        ...(this.fromRevision === undefined ? {} : { fromRevision: this.fromRevision }),
        ...(this.maxCount === undefined ? {} : { maxCount: this.maxCount }),
      }),
    )
    expect(read.map(shape)).toEqual(selected.slice(0, this.maxCount ?? selected.length))
  }
  toString = () => `readStream(${this.streamId}, ${this.direction}, ${this.fromRevision}, ${this.maxCount})`
}

class ReadAllCommand implements fc.AsyncCommand<Model, Real> {
  readonly cut: number
  readonly maxCount: number | undefined
  readonly filter: EventStore.EventFilter
  constructor(cut: number, maxCount: number | undefined, filter: EventStore.EventFilter) {
    this.cut = cut
    this.maxCount = maxCount
    this.filter = filter
  }
  check = () => true
  async run(model: Model, real: Real): Promise<void> {
    const everything = await run(real.store.readAll({ maxCount: 100_000 }))
    expect(everything.map(shape)).toEqual(model.log)
    everything.forEach((event, index) => {
      if (index > 0) expect(event.position).toBeGreaterThan(everything[index - 1]!.position)
    })
    const skip = this.cut % (everything.length + 1)
    const after = skip === 0 ? 0 : everything[skip - 1]!.position
    const page = await run(
      real.store.readAll({
        ...this.filter,
        after,
        ...(this.maxCount === undefined ? {} : { maxCount: this.maxCount }),
      }),
    )
    const selected = everything.slice(skip).filter((event) => EventStore.matchesFilter(this.filter, event))
    expect(page).toEqual(selected.slice(0, this.maxCount ?? selected.length))
  }
  toString = () => `readAll(cut ${this.cut}, max ${this.maxCount}, ${JSON.stringify(this.filter)})`
}

const streamId = fc.constantFrom(...STREAMS)

const commands = [
  fc
    .tuple(
      streamId,
      fc.array(fc.constantFrom(...TYPES), { maxLength: 3 }),
      fc.oneof(
        fc.constantFrom<ExpectedChoice>("any", "noStream", "exists", "current", "current"),
        fc.nat({ max: 4 }),
      ),
    )
    .map(([stream, types, choice]) => new AppendCommand(stream, types, choice)),
  fc.nat().map((pick) => new RetryCommand(pick)),
  fc
    .tuple(
      streamId,
      fc.constantFrom("forwards" as const, "backwards" as const),
      fc.option(fc.nat({ max: 6 }), { nil: undefined }),
      fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    )
    .map((args) => new ReadStreamCommand(...args)),
  fc
    .tuple(
      fc.nat(),
      fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      fc.record(
        {
          types: fc.subarray([...TYPES], { minLength: 1 }),
          streamPrefix: fc.constantFrom("case-", "visit-", "case-a"),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([cut, maxCount, filter]) => new ReadAllCommand(cut, maxCount, filter)),
]

export const describeModelContract = (name: string, harness: EventStoreHarness): void => {
  it(`${name}: agrees with a reference model on random command sequences, subscription included`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (sequence) => {
        const store = await harness.make()
        try {
          const model: Model = { log: [], appends: [], lastPosition: 0 }
          await fc.asyncModelRun(() => ({ model, real: { store } }), sequence)
          const live = await run(store.subscribe().pipe(Stream.take(model.log.length), Stream.runCollect))
          expect(live).toEqual(await run(store.readAll({ maxCount: 100_000 })))
        } finally {
          await harness.teardown?.(store)
        }
      }),
      { numRuns: harness.numRuns ?? 15 },
    )
  })
}
