import { Context, Layer } from "effect"
import { uuidV7 } from "../internal/uuid-v7.ts"

/** An id source: what the `Ids` service provides. */
export interface IdsShape {
  /** A fresh identifier, unique within the store (an event id, a case id…). */
  readonly next: () => string
}

/**
 * Where new identifiers come from. UUID v7 in production: it starts with a millisecond
 * timestamp, so ids sort roughly by creation time and index well in B-trees (SQLite,
 * PostgreSQL), unlike random v4 ids.
 */
export class Ids extends Context.Service<Ids, IdsShape>()("@gridcase/core/Ids") {
  static readonly uuidV7: Layer.Layer<Ids> = Layer.succeed(Ids, Ids.of({ next: uuidV7 }))

  /**
   * Deterministic ids for tests: `00000000-0000-7000-8000-000000000001`, `…002`, … — still
   * well-formed v7 UUIDs, so a store that checks the format accepts them. The counter starts
   * afresh each time the layer is built: build it once per store, or two runs will mint the
   * same event ids and the store will treat the second append as a retry of the first.
   */
  static readonly sequential: Layer.Layer<Ids> = Layer.sync(Ids, () => {
    let counter = 0
    return Ids.of({
      next: () => {
        counter += 1
        return `00000000-0000-7000-8000-${counter.toString(16).padStart(12, "0")}`
      },
    })
  })
}
