import { Effect, type Scope } from "effect"
import pg from "pg"
import type { ReadModelStoreUnavailable } from "../../projection/errors.ts"
import type { ProjectionLeasesShape } from "../../runner/leases.ts"
import { unavailableIn } from "../sql-encoding.ts"

/** Where PostgreSQL leases take their advisory locks (a pool or a connection string) and under which key space. */
export interface PostgresProjectionLeasesOptions {
  /** A pool to take connections from (never ended here), or a connection string (an own pool). */
  readonly connection: pg.Pool | string
  /** Separates these leases from other users of advisory locks on the server; defaults to `gridcase`. */
  readonly namespace?: string
}

const unavailable = unavailableIn("postgres")

const ignore = () => {}

/**
 * Leases on PostgreSQL session advisory locks (`pg_try_advisory_lock`): a lease is a lock held
 * by a connection set aside for it. When the process dies its connections close and the
 * server releases the locks, so failover needs no expiry or heartbeat. Each held lease keeps
 * one connection out of the pool: size the pool for the projections a process may run.
 */
export const makePostgresProjectionLeases = (
  options: PostgresProjectionLeasesOptions,
): Effect.Effect<ProjectionLeasesShape, never, Scope.Scope> =>
  Effect.gen(function* () {
    const pool =
      typeof options.connection === "string"
        ? yield* Effect.acquireRelease(
            Effect.sync(() => {
              const own = new pg.Pool({ connectionString: options.connection as string })
              own.on("error", () => {})
              return own
            }),
            (own) => Effect.promise(() => own.end()),
          )
        : options.connection
    const namespace = options.namespace ?? "gridcase"
    const lockKey = "hashtext($1), hashtext($2)"

    const tryAcquire = (projection: string): Effect.Effect<boolean, ReadModelStoreUnavailable, Scope.Scope> =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function* () {
          const client = yield* restore(Effect.tryPromise({ try: () => pool.connect(), catch: unavailable }))
          // A lease's connection may die while held (that is how a lease lapses): not a crash.
          client.on("error", ignore)
          const granted = yield* Effect.tryPromise({
            try: async () =>
              (
                await client.query<{ granted: boolean }>(
                  `SELECT pg_try_advisory_lock(${lockKey}) AS granted`,
                  [namespace, projection],
                )
              ).rows[0]!.granted,
            catch: unavailable,
          }).pipe(Effect.tapError(() => Effect.sync(() => client.release(true))))
          if (!granted) {
            client.off("error", ignore)
            client.release()
            return false
          }
          // Unlock and hand the connection back; a broken connection is discarded, which also unlocks.
          yield* Effect.addFinalizer(() =>
            Effect.promise(async () => {
              try {
                await client.query(`SELECT pg_advisory_unlock(${lockKey})`, [namespace, projection])
                client.off("error", ignore)
                client.release()
              } catch {
                client.release(true)
              }
            }),
          )
          return true
        }),
      )

    return { tryAcquire }
  })
