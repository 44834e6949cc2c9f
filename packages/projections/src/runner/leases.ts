import { Context, Effect, type Scope } from "effect"
import type { ReadModelStoreUnavailable } from "../projection/errors.ts"

/**
 * Who runs which projection when several runner processes share a store (租约): each
 * projection is run by one process at a time. A lease is held for the life of a scope and
 * lapses by itself when its process dies, so another process takes the projection over.
 * Leases keep processes from doing the same work twice; correctness never rests on them —
 * a process that lost its lease without noticing is still stopped by the checkpoint's
 * compare-and-set.
 */
export interface ProjectionLeasesShape {
  /** Takes the projection's lease for the scope if nobody holds it; false when another process does. */
  readonly tryAcquire: (projection: string) => Effect.Effect<boolean, ReadModelStoreUnavailable, Scope.Scope>
}

/** The leases service (租约): which runner process may advance which projection, when several share one store. */
export class ProjectionLeases extends Context.Service<ProjectionLeases, ProjectionLeasesShape>()(
  "@gridcase/projections/ProjectionLeases",
) {}

/**
 * Leases among runners of one process: for tests, and for several runners sharing a memory
 * or SQLite store in one process. A lease is released when its scope closes.
 */
export const makeMemoryProjectionLeases = (): ProjectionLeasesShape => {
  const held = new Set<string>()
  return {
    tryAcquire: (projection) =>
      Effect.suspend(() => {
        if (held.has(projection)) return Effect.succeed(false)
        held.add(projection)
        return Effect.as(
          Effect.addFinalizer(() => Effect.sync(() => held.delete(projection))),
          true,
        )
      }),
  }
}
