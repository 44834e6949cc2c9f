import { Effect } from "effect"
import { validate, version } from "uuid"
import { describe, expect, it } from "vitest"
import { Ids } from "../../src/index.ts"

const threeIds = Ids.Ids.useSync((ids) => [ids.next(), ids.next(), ids.next()])

describe("Ids", () => {
  it("uuidV7 mints distinct, valid version-7 UUIDs", () => {
    const ids = Effect.runSync(Effect.provide(threeIds, Ids.Ids.uuidV7))
    expect(new Set(ids).size).toBe(3)
    for (const id of ids) {
      expect(validate(id)).toBe(true)
      expect(version(id)).toBe(7)
    }
  })

  it("sequential counts from 1 in valid v7 UUIDs, afresh each time the layer is built", () => {
    const program = Effect.provide(threeIds, Ids.Ids.sequential)
    const ids = Effect.runSync(program)
    expect(ids).toEqual([
      "00000000-0000-7000-8000-000000000001",
      "00000000-0000-7000-8000-000000000002",
      "00000000-0000-7000-8000-000000000003",
    ])
    for (const id of ids) expect(version(id)).toBe(7)
    expect(Effect.runSync(program)).toEqual(ids)
  })
})
