import { type Duration, Effect, Result, Schedule } from "effect"
import { BusinessClock } from "../services/business-clock.ts"
import { Ids, type IdsShape } from "../services/ids.ts"
import { type Decider, fold } from "../shared/decider.ts"
import type { Instant } from "../shared/instant.ts"
import {
  type AppendError,
  EventDecodeError,
  StoreUnavailable,
  WrongExpectedVersion,
} from "../store/errors.ts"
import type { EventCodec } from "../store/event-codec.ts"
import { EventStore } from "../store/event-store.ts"
import type { EventMetadata, NewEvent } from "../store/recorded-event.ts"
import type { CommandContext } from "./command-context.ts"
import { type AggregateReader, makeKeptAggregateReader } from "./kept-aggregate.ts"
import { type AggregateSnapshot, emptySnapshot, makeStreamLoader } from "./read-aggregate.ts"
import { makeSnapshotCache, type SnapshotCache } from "./snapshot-cache.ts"

/** How to build a command handler for one aggregate type (see `makeCommandHandler`). */
export interface CommandHandlerOptions<C, E extends { readonly _tag: string }, S, Err, AuthErr = never> {
  readonly decider: Decider<C, E, S, Err>
  readonly codec: EventCodec<E>
  /** Which stream (aggregate instance) a command addresses, e.g. `case-${command.caseId}`. */
  readonly streamIdOf: (command: C) => string
  /** Tries per command when the stream moved underneath it, the first included. Defaults to 5. */
  readonly maxAttempts?: number
  /** Backoff before the second retry; it doubles each time (±20 % jitter, capped at 1 s). Defaults to 10 ms. */
  readonly retryBaseDelay?: Duration.Input
  /**
   * Authorization (权限校验), run on every attempt after the stream is loaded and before
   * anything else: a failure (e.g. `Forbidden`) refuses the command, so nothing is decided,
   * appended or returned — not even a retried command's earlier outcome. It may read other
   * streams (the territory that says who holds which role); it must not write.
   */
  readonly authorize?: (
    command: C,
    state: S,
    context: CommandContext,
  ) => Effect.Effect<void, AuthErr, CommandHandlerServices>
  /**
   * How many streams' folded states the handler keeps between commands, per event store
   * (least recently used out first). Defaults to 1,000; 0 keeps none, so every command reads
   * its stream. See `makeCommandHandler` for how a kept state is used safely.
   */
  readonly cacheCapacity?: number
}

/** The outcome of one command. */
export interface HandledCommand<E, S> {
  readonly streamId: string
  /** The domain events this command produced (empty when the decider decided nothing needed doing). */
  readonly events: ReadonlyArray<E>
  /** The aggregate's state with those events applied. */
  readonly state: S
  /** The stream's version afterwards: the expected version for a follow-up append. */
  readonly nextExpectedVersion: number
  /** Global position of the stream's last event afterwards: a projection past it has seen this command. */
  readonly lastPosition: number
  /**
   * True when the command id had been handled before: `events` are the ones that first
   * handling appended, nothing was decided or appended now, and `state`, `nextExpectedVersion`
   * and `lastPosition` describe the stream as it is now.
   */
  readonly duplicate: boolean
}

/** Everything a command can fail with: the decider's own rejection, or the store's. */
export type CommandHandlerError<Err> = Err | AppendError | EventDecodeError | StoreUnavailable

/** The services a handler runs on. */
export type CommandHandlerServices = EventStore | Ids | BusinessClock

/** A command handler: handles one command of its aggregate, and loads a stream as it does. */
export interface CommandHandler<C, E, S, Err> {
  (
    command: C,
    context: CommandContext,
  ): Effect.Effect<HandledCommand<E, S>, CommandHandlerError<Err>, CommandHandlerServices>
  /**
   * The aggregate behind a stream as it stands now, for queries: the state kept from the last
   * load, brought up to date with the events appended since (`makeKeptAggregateReader`), or a
   * whole read when the handler keeps nothing (`cacheCapacity: 0`). `readsSince`: see
   * `AggregateReader`.
   */
  readonly load: AggregateReader<S>
}

const isConflict = (error: unknown): error is WrongExpectedVersion => error instanceof WrongExpectedVersion

/** A stream as the handler last saw it: its folded state, and which commands its events came from. */
interface HeldStream<S> extends AggregateSnapshot<S> {
  readonly commandIds: Set<string>
}

/** Metadata shared by every event of one command; exactOptionalPropertyTypes keeps absent ids absent. */
const commandMetadata = (context: CommandContext, recordedAt: Instant) => {
  const shared = {
    recordedAt,
    commandId: context.commandId,
    correlationId: context.correlationId ?? context.commandId,
    actor: context.actor,
  }
  return context.causationId === undefined ? shared : { ...shared, causationId: context.causationId }
}

/** Everything a handler decides once, at construction, that its commands then share. */
interface Setup<C, E extends { readonly _tag: string }, S, Err, AuthErr> {
  readonly decider: Decider<C, E, S, Err>
  readonly codec: EventCodec<E>
  readonly streamIdOf: (command: C) => string
  readonly authorize: CommandHandlerOptions<C, E, S, Err, AuthErr>["authorize"]
  readonly loadStream: ReturnType<typeof makeStreamLoader<C, E, S, Err>>
  /** The kept states; none when `cacheCapacity` is 0. */
  readonly cache: SnapshotCache<HeldStream<S>> | undefined
  readonly maxAttempts: number
  readonly retryPolicy: {
    readonly schedule: Schedule.Schedule<Duration.Duration, unknown>
    readonly while: (error: unknown) => boolean
    readonly times: number
  }
}

type Handled<E, S, Err> = Effect.Effect<
  HandledCommand<E, S>,
  CommandHandlerError<Err>,
  CommandHandlerServices
>

/** The events of one decision as the store takes them: encoded, each with a fresh id and the command's metadata. */
const toNewEvents = <E extends { readonly _tag: string }>(
  codec: EventCodec<E>,
  events: ReadonlyArray<E>,
  context: CommandContext,
  ids: IdsShape,
  recordedAt: Instant,
): ReadonlyArray<NewEvent> => {
  const shared = commandMetadata(context, recordedAt)
  return events.map((event): NewEvent => {
    const encoded = codec.encode(event)
    const metadata: EventMetadata = { eventId: ids.next(), schemaVersion: encoded.schemaVersion, ...shared }
    return { type: encoded.type, data: encoded.data, metadata }
  })
}

/**
 * Decides `command` on `held` and appends what it decided with `held.version` as the expected
 * version. Keeps the stream's new state in the cache once appended.
 */
const decideAndAppend = <C, E extends { readonly _tag: string }, S, Err, AuthErr>(
  setup: Setup<C, E, S, Err, AuthErr>,
  command: C,
  context: CommandContext,
  held: HeldStream<S>,
): Handled<E, S, Err> =>
  Effect.gen(function* () {
    const { streamId } = held
    const decision = setup.decider.decide(command, held.state)
    if (Result.isFailure(decision)) return yield* Effect.fail(decision.failure)
    const events = decision.success
    if (events.length === 0) {
      return {
        streamId,
        events,
        state: held.state,
        nextExpectedVersion: held.version,
        lastPosition: held.lastPosition,
        duplicate: false,
      }
    }
    const toAppend = toNewEvents(setup.codec, events, context, yield* Ids, (yield* BusinessClock).now())
    const store = yield* EventStore
    const appended = yield* store.append(streamId, toAppend, held.version === 0 ? "noStream" : held.version)
    const state = fold(setup.decider, events, held.state)
    if (setup.cache !== undefined) {
      held.commandIds.add(context.commandId)
      setup.cache.of(store).keep(streamId, {
        streamId,
        state,
        version: appended.nextExpectedVersion,
        lastPosition: appended.lastPosition,
        commandIds: held.commandIds,
      })
    }
    return {
      streamId,
      events,
      state,
      nextExpectedVersion: appended.nextExpectedVersion,
      lastPosition: appended.lastPosition,
      duplicate: false,
    }
  })

/** One try on a fresh read of the stream. */
const attemptOnFreshRead = <C, E extends { readonly _tag: string }, S, Err, AuthErr>(
  setup: Setup<C, E, S, Err, AuthErr>,
  command: C,
  context: CommandContext,
): Handled<E, S, Err | AuthErr> =>
  Effect.gen(function* () {
    const streamId = setup.streamIdOf(command)
    const loaded = yield* setup.loadStream(streamId, context.commandId)
    if (setup.cache !== undefined) setup.cache.of(yield* EventStore).keep(streamId, loaded)
    if (setup.authorize !== undefined) yield* setup.authorize(command, loaded.state, context)
    if (loaded.eventsOfCommand.length > 0) {
      return {
        streamId,
        events: loaded.eventsOfCommand,
        state: loaded.state,
        nextExpectedVersion: loaded.version,
        lastPosition: loaded.lastPosition,
        duplicate: true,
      }
    }
    return yield* decideAndAppend(setup, command, context, loaded)
  })

/**
 * The try on the kept state, without reading the stream: the command's outcome if it appended,
 * `undefined` when only a fresh read can tell (see "Kept states" on `makeCommandHandler`).
 */
const attemptOnKept = <C, E extends { readonly _tag: string }, S, Err, AuthErr>(
  setup: Setup<C, E, S, Err, AuthErr>,
  cache: SnapshotCache<HeldStream<S>>,
  command: C,
  context: CommandContext,
): Effect.Effect<
  HandledCommand<E, S> | undefined,
  StoreUnavailable | EventDecodeError,
  CommandHandlerServices
> =>
  Effect.gen(function* () {
    const streamId = setup.streamIdOf(command)
    const held =
      cache.of(yield* EventStore).get(streamId) ?? emptyStream(streamId, setup.decider.initialState)
    if (held.commandIds.has(context.commandId)) return undefined
    const tried = yield* Effect.result(
      Effect.gen(function* () {
        if (setup.authorize !== undefined) yield* setup.authorize(command, held.state, context)
        return yield* decideAndAppend(setup, command, context, held)
      }),
    )
    if (Result.isSuccess(tried)) return tried.success.events.length > 0 ? tried.success : undefined
    // A store that is unavailable or holds an undecodable event is not a question of
    // staleness: that surfaces as it would on a fresh read. (If an append was stored after all,
    // the caller's retry conflicts on the kept version and is then recognised as a duplicate.)
    const { failure } = tried
    if (failure instanceof StoreUnavailable || failure instanceof EventDecodeError)
      return yield* Effect.fail(failure)
    return undefined
  })

/** Tries on fresh reads, retrying conflicts with backoff up to `maxAttempts` tries. */
const onFreshReads = <C, E extends { readonly _tag: string }, S, Err, AuthErr>(
  setup: Setup<C, E, S, Err, AuthErr>,
  command: C,
  context: CommandContext,
): Handled<E, S, Err | AuthErr> => {
  const first = attemptOnFreshRead(setup, command, context)
  // The retry machinery is only set up once a conflict happened: the common path stays one attempt.
  return setup.maxAttempts === 1
    ? first
    : Effect.catchIf(first, isConflict, () =>
        Effect.retry(attemptOnFreshRead(setup, command, context), setup.retryPolicy),
      )
}

/** An empty stream as the kept-state path sees it: what a new aggregate is. */
const emptyStream = <S>(streamId: string, initialState: S): HeldStream<S> => ({
  ...emptySnapshot(streamId, initialState),
  commandIds: new Set(),
})

/**
 * Builds the command handler (命令处理) for one aggregate type: load → decide → append.
 *
 * - **Load**: reads the stream, decodes each event once and folds it with `evolve`.
 * - **Authorize** (optional): the `authorize` hook may refuse the command (`Forbidden`) on the
 *   loaded state; a refusal appends nothing.
 * - **Idempotent by command id**: if an event of the stream already carries
 *   `metadata.commandId === context.commandId`, the command was handled before (a client
 *   retry, a redelivered message); its earlier events come back with `duplicate: true`
 *   and nothing is decided or appended. Idempotency is per stream, which is where
 *   `streamIdOf` sends a retry of the same command.
 * - **Decide**: a rejection is the decider's typed error; nothing is appended. An empty
 *   decision appends nothing either.
 * - **Append** with the loaded version as expected version (`"noStream"` for a new stream),
 *   each event stamped with a fresh id from `Ids`, `recordedAt` from `BusinessClock`, and the
 *   command context.
 * - **Conflict**: if another writer appended in between (`WrongExpectedVersion`), the whole
 *   load → decide → append runs again on the new state: first straight away (the competitor
 *   has already committed), then after exponential backoff with jitter, up to `maxAttempts`
 *   tries, after which the conflict surfaces. Every conflict means a competitor succeeded,
 *   so N commands racing on one stream all succeed when `maxAttempts ≥ N`.
 * - **Kept states** (快照缓存, `cacheCapacity`): the handler keeps the state each command left
 *   a stream in, and tries the next command on that stream against it without reading the
 *   stream — or, for a stream it holds nothing of, against the empty stream, which is what a
 *   new case is. Only an append can confirm such a try: its expected version is the kept
 *   version, so if anyone else wrote the stream meanwhile the store refuses it. Any other
 *   outcome — a conflict, a rejection, an empty decision, a refused authorization — may come
 *   from a stale state, so the command then runs as above, on a fresh read, and that try does
 *   not count against `maxAttempts`. (`StoreUnavailable` and `EventDecodeError` surface at once,
 *   as they would anyway.) A command id seen in the kept stream is
 *   answered from a fresh read too. So a handler that is the stream's only writer handles a
 *   command with one round trip to the store instead of two, and several writers stay
 *   correct, each paying a wasted try when another wrote first. `load` keeps its own states
 *   the same way and reads only a stream's tail: a query never decides, so it needs no
 *   confirmation, only the events appended since.
 */
export const makeCommandHandler = <C, E extends { readonly _tag: string }, S, Err, AuthErr = never>(
  options: CommandHandlerOptions<C, E, S, Err, AuthErr>,
): CommandHandler<C, E, S, Err | AuthErr> => {
  const { decider, codec, streamIdOf, authorize } = options
  const maxAttempts = options.maxAttempts ?? 5
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`)
  }
  const backoff = Schedule.min([
    Schedule.exponential(options.retryBaseDelay ?? "10 millis"),
    Schedule.spaced("1 second"),
  ]).pipe(Schedule.jittered)
  const cacheCapacity = options.cacheCapacity ?? 1_000
  const setup: Setup<C, E, S, Err, AuthErr> = {
    decider,
    codec,
    streamIdOf,
    authorize,
    loadStream: makeStreamLoader(decider, codec),
    cache: cacheCapacity > 0 ? makeSnapshotCache<HeldStream<S>>(cacheCapacity) : undefined,
    maxAttempts,
    retryPolicy: { schedule: backoff, while: isConflict, times: maxAttempts - 2 },
  }
  const { cache } = setup
  const handle = (command: C, context: CommandContext) =>
    cache === undefined
      ? onFreshReads(setup, command, context)
      : Effect.flatMap(attemptOnKept(setup, cache, command, context), (handled) =>
          handled === undefined ? onFreshReads(setup, command, context) : Effect.succeed(handled),
        )
  return Object.assign(handle, { load: makeKeptAggregateReader(decider, codec, cacheCapacity) })
}
