import { type Duration, Effect, Result, Schedule } from "effect"
import { type Decider, fold } from "../decider.ts"
import { Clock } from "../services/clock.ts"
import { Ids } from "../services/ids.ts"
import type { Instant } from "../shared/instant.ts"
import {
  type AppendError,
  type EventDecodeError,
  type StoreUnavailable,
  WrongExpectedVersion,
} from "../store/errors.ts"
import type { EventCodec } from "../store/event-codec.ts"
import { EventStore } from "../store/event-store.ts"
import type { EventMetadata, NewEvent } from "../store/recorded-event.ts"
import type { CommandContext } from "./command-context.ts"
import { type AggregateSnapshot, makeStreamLoader, readAggregate } from "./read-aggregate.ts"

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
export type CommandHandlerServices = EventStore | Ids | Clock

export interface CommandHandler<C, E, S, Err> {
  (
    command: C,
    context: CommandContext,
  ): Effect.Effect<HandledCommand<E, S>, CommandHandlerError<Err>, CommandHandlerServices>
  /** The aggregate behind a stream, loaded exactly as the handler loads it. */
  readonly load: (
    streamId: string,
  ) => Effect.Effect<AggregateSnapshot<S>, EventDecodeError | StoreUnavailable, EventStore>
}

const isConflict = (error: unknown): error is WrongExpectedVersion => error instanceof WrongExpectedVersion

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
 *   each event stamped with a fresh id from `Ids`, `recordedAt` from `Clock`, and the
 *   command context.
 * - **Conflict**: if another writer appended in between (`WrongExpectedVersion`), the whole
 *   load → decide → append runs again on the new state: first straight away (the competitor
 *   has already committed), then after exponential backoff with jitter, up to `maxAttempts`
 *   tries, after which the conflict surfaces. Every conflict means a competitor succeeded,
 *   so N commands racing on one stream all succeed when `maxAttempts ≥ N`.
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
  const loadStream = makeStreamLoader(decider, codec)

  const attempt = Effect.fnUntraced(function* (
    command: C,
    context: CommandContext,
  ): Effect.fn.Return<HandledCommand<E, S>, CommandHandlerError<Err | AuthErr>, CommandHandlerServices> {
    const streamId = streamIdOf(command)
    const loaded = yield* loadStream(streamId, context.commandId)
    if (authorize !== undefined) yield* authorize(command, loaded.state, context)
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
    const decision = decider.decide(command, loaded.state)
    if (Result.isFailure(decision)) return yield* Effect.fail(decision.failure)
    const events = decision.success
    if (events.length === 0) {
      return {
        streamId,
        events,
        state: loaded.state,
        nextExpectedVersion: loaded.version,
        lastPosition: loaded.lastPosition,
        duplicate: false,
      }
    }
    const ids = yield* Ids
    const clock = yield* Clock
    const shared = commandMetadata(context, clock.now())
    const toAppend = events.map((event): NewEvent => {
      const encoded = codec.encode(event)
      const metadata: EventMetadata = { eventId: ids.next(), schemaVersion: encoded.schemaVersion, ...shared }
      return { type: encoded.type, data: encoded.data, metadata }
    })
    const store = yield* EventStore
    const appended = yield* store.append(
      streamId,
      toAppend,
      loaded.version === 0 ? "noStream" : loaded.version,
    )
    return {
      streamId,
      events,
      state: fold(decider, events, loaded.state),
      nextExpectedVersion: appended.nextExpectedVersion,
      lastPosition: appended.lastPosition,
      duplicate: false,
    }
  })

  const retryPolicy = { schedule: backoff, while: isConflict, times: maxAttempts - 2 }
  const handle = (command: C, context: CommandContext) => {
    const first = attempt(command, context)
    // The retry machinery is only set up once a conflict happened: the common path stays one attempt.
    return maxAttempts === 1
      ? first
      : Effect.catchIf(first, isConflict, () => Effect.retry(attempt(command, context), retryPolicy))
  }
  return Object.assign(handle, { load: readAggregate(decider, codec) })
}
