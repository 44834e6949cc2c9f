import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { makePostgresEventStore } from "@gridcase/adapters/postgres"
import { makeSqliteEventStore } from "@gridcase/adapters/sqlite"
import type { EventStore } from "@gridcase/core"
import { Effect, Exit, Scope } from "effect"
import type { StoreKind } from "../job.ts"
import { scratchPgSchema, scratchSqliteFile } from "../support/scratch.ts"

export interface OpenStore {
  readonly store: EventStore.Shape
  /** Closes the store and removes its scratch database. */
  readonly close: () => Promise<void>
}

/** Opens one of gridcase's scoped stores outside Effect code: the scope stays open until `close`. */
const openScoped = async (
  make: Effect.Effect<EventStore.Shape, EventStore.StoreUnavailable, Scope.Scope>,
  cleanup: () => Promise<void> | void,
): Promise<OpenStore> => {
  const scope = await Effect.runPromise(Scope.make())
  const store = await Effect.runPromise(Scope.provide(scope)(make))
  return {
    store,
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      await cleanup()
    },
  }
}

/** An existing SQLite file (a seeded history), left in place on close. */
export const openOurSqliteFile = (filename: string, synchronous: "FULL" | "NORMAL" = "FULL") =>
  openScoped(makeSqliteEventStore({ filename, synchronous }), () => {})

/**
 * A fresh, empty gridcase store: memory, SQLite at full durability (WAL, synchronous=FULL, the
 * default) in a scratch file, or PostgreSQL in a scratch schema.
 */
export const openOurStore = async (kind: StoreKind): Promise<OpenStore> => {
  switch (kind) {
    case "memory":
      return { store: makeMemoryEventStore(), close: async () => {} }
    case "sqlite": {
      const file = scratchSqliteFile("ours")
      return openScoped(makeSqliteEventStore({ filename: file.filename }), file.remove)
    }
    case "postgres": {
      const schema = await scratchPgSchema("ours")
      return openScoped(makePostgresEventStore({ connection: schema.url, schema: schema.name }), schema.drop)
    }
    case "none":
      throw new Error("gridcase has no store of kind none")
  }
}
