import { Layer, ManagedRuntime } from "effect"
import type { CommandContext } from "../handler/command-context.ts"
import type { CommandHandler, HandledCommand } from "../handler/command-handler.ts"
import type { AggregateSnapshot } from "../internal/read-aggregate.ts"
import { Clock } from "../services/clock.ts"
import { Ids } from "../services/ids.ts"
import type { EventStore } from "../store/event-store.ts"

/** A command handler driven with `await`, for applications that do not use Effect. */
export interface AsyncCommandHandler<C, E, S> {
  /** Handles one command; rejects with the typed error itself (see {@link createAsyncHandler}). */
  readonly send: (command: C, context: CommandContext) => Promise<HandledCommand<E, S>>
  /** The current state and version of one stream. */
  readonly load: (streamId: string) => Promise<AggregateSnapshot<S>>
  /** Releases what the layer acquired (connections, subscriptions). Call it once, at shutdown. */
  readonly dispose: () => Promise<void>
}

/**
 * Wraps an Effect command handler in Promises, on one `ManagedRuntime` built from `layer`
 * (built on first use, shared by every call until `dispose`).
 *
 * `layer` must provide the `EventStore`; it may also provide `Clock` and `Ids`, which
 * otherwise default to the machine's clock and UUID v7.
 *
 * A failed command rejects with the typed error instance itself — the decider's error or
 * one of the store's (`WrongExpectedVersion`, `EventDecodeError`, `StoreUnavailable`…),
 * all `Error` subclasses carrying a `_tag` — so plain `try`/`catch` can tell them apart by
 * `instanceof` or by `_tag`:
 *
 * ```ts
 * const cases = createAsyncHandler(caseHandler, MemoryEventStore.layer)
 * try {
 *   const { state } = await cases.send(command, { commandId: crypto.randomUUID(), actor: "worker-17" })
 * } catch (error) {
 *   if (error instanceof WrongExpectedVersion) retryLater()
 *   else throw error
 * }
 * await cases.dispose()
 * ```
 */
export const createAsyncHandler = <C, E, S, Err, LayerError>(
  handler: CommandHandler<C, E, S, Err>,
  layer: Layer.Layer<EventStore, LayerError>,
): AsyncCommandHandler<C, E, S> => {
  // Later layers win in a merge, so the caller's Clock or Ids replace the defaults.
  const runtime = ManagedRuntime.make(Layer.mergeAll(Clock.system, Ids.uuidV7, layer))
  return {
    send: (command, context) => runtime.runPromise(handler(command, context)),
    load: (streamId) => runtime.runPromise(handler.load(streamId)),
    dispose: () => runtime.dispose(),
  }
}
