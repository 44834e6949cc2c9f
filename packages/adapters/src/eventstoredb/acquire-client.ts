import { EventStore } from "@gridcase/core"
import { Effect, type Scope } from "effect"

/**
 * The client a store runs on: the caller's own (left open), or one opened from a connection
 * string with `open` and disposed when the scope closes.
 */
export const acquireClient = <C extends { readonly dispose: () => Promise<void> }>(
  name: string,
  connection: C | string,
  open: (connectionString: string) => C,
): Effect.Effect<C, EventStore.StoreUnavailable, Scope.Scope> =>
  typeof connection === "string"
    ? Effect.acquireRelease(
        Effect.try({
          try: () => open(connection),
          catch: (cause) =>
            new EventStore.StoreUnavailable({
              message: `${name}: bad connection string: ${String(cause)}`,
              cause,
            }),
        }),
        (client) => Effect.promise(() => client.dispose()),
      )
    : Effect.succeed(connection)
