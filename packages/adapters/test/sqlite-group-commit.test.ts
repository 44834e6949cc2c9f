import { DatabaseSync } from "node:sqlite"
import { newEvent, newEvents } from "@gridcase/adapters/testing"
import { Effect, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeGroupCommit } from "../src/sqlite/group-commit.ts"
import { migrate } from "../src/sqlite/schema.ts"

const openWriter = () => {
  const db = new DatabaseSync(":memory:")
  migrate(db)
  let commits = 0
  const writer = makeGroupCommit(db, () => commits++)
  return { db, writer, commits: () => commits }
}

describe("sqlite group commit", () => {
  it("appends issued together share one transaction, and a conflicting one fails alone", async () => {
    const { writer, commits } = openWriter()
    const outcomes = await Effect.runPromise(
      Effect.all(
        [
          writer.append("case-1", newEvents(2), "noStream"),
          writer.append("case-2", newEvents(1), "noStream"),
          writer.append("case-1", newEvents(1), 5),
          writer.append("case-1", newEvents(1), 2),
        ].map(Effect.result),
        { concurrency: "unbounded" },
      ),
    )
    expect(commits()).toBe(1)
    expect(outcomes.map((outcome) => Result.isSuccess(outcome))).toEqual([true, true, false, true])
    expect(Result.isFailure(outcomes[2]!) && outcomes[2].failure).toMatchObject({
      _tag: "WrongExpectedVersion",
      actual: 2,
    })
    expect(Result.isSuccess(outcomes[3]!) && outcomes[3].success.nextExpectedVersion).toBe(3)
  })

  it("checks each append of a batch against the state the earlier ones left", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("a", "b"), fc.integer({ min: 0, max: 3 })), { maxLength: 12 }),
        async (appends) => {
          const { db, writer } = openWriter()
          const outcomes = await Effect.runPromise(
            Effect.all(
              appends.map(([stream, expected]) =>
                Effect.result(writer.append(stream, [newEvent("X")], expected)),
              ),
              { concurrency: "unbounded" },
            ),
          )
          const versions = new Map<string, number>()
          appends.forEach(([stream, expected], index) => {
            const version = versions.get(stream) ?? 0
            expect(Result.isSuccess(outcomes[index]!)).toBe(expected === version)
            if (expected === version) versions.set(stream, version + 1)
          })
          const stored = db.prepare("SELECT COUNT(*) AS n FROM gridcase_events").get() as { n: number }
          expect(stored.n).toBe([...versions.values()].reduce((sum, version) => sum + version, 0))
        },
      ),
      { numRuns: 50 },
    )
  })

  it("a retry of an append earlier in the same batch returns that append's result", async () => {
    const { writer } = openWriter()
    const events = newEvents(2)
    const [first, retry] = await Effect.runPromise(
      Effect.all([writer.append("case-1", events, "noStream"), writer.append("case-1", events, "noStream")], {
        concurrency: "unbounded",
      }),
    )
    expect(retry).toEqual(first)
  })

  it("an id stored earlier in the same batch, reused in another stream, is a duplicate", async () => {
    const { writer } = openWriter()
    const events = newEvents(1)
    const outcomes = await Effect.runPromise(
      Effect.all(
        [
          writer.append("case-1", events, "noStream"),
          writer.append("case-2", events, "noStream"),
          writer.append("case-3", newEvents(1), "noStream"),
        ].map(Effect.result),
        { concurrency: "unbounded" },
      ),
    )
    expect(outcomes.map((outcome) => outcome._tag)).toEqual(["Success", "Failure", "Success"])
    expect(outcomes[1]).toMatchObject({ failure: { _tag: "DuplicateEventId" } })
  })

  it("an insert the database refuses fails its append alone, with or without a savepoint", async () => {
    const { db, writer } = openWriter()
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON gridcase_events WHEN NEW.type = 'Refused'
             BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END`)
    const outcomes = await Effect.runPromise(
      Effect.all(
        [
          writer.append("case-1", [newEvent("Refused")], "noStream"),
          writer.append("case-2", [newEvent("Fine"), newEvent("Refused")], "noStream"),
          writer.append("case-3", [newEvent("Fine")], "noStream"),
        ].map(Effect.result),
        { concurrency: "unbounded" },
      ),
    )
    expect(outcomes.map((outcome) => outcome._tag)).toEqual(["Failure", "Failure", "Success"])
    expect(outcomes[0]).toMatchObject({ failure: { _tag: "StoreUnavailable" } })
    const types = db.prepare("SELECT stream_id, type FROM gridcase_events ORDER BY position").all()
    expect(types).toEqual([{ stream_id: "case-3", type: "Fine" }])
  })

  it("an error that ends the transaction fails the whole batch and keeps none of it", async () => {
    const { db, writer } = openWriter()
    db.exec(`CREATE TRIGGER abandon BEFORE INSERT ON gridcase_events WHEN NEW.type = 'Abandon'
             BEGIN SELECT RAISE(ROLLBACK, 'transaction abandoned'); END`)
    const outcomes = await Effect.runPromise(
      Effect.all(
        [
          writer.append("case-1", [newEvent("Fine")], "noStream"),
          writer.append("case-2", [newEvent("Abandon")], "noStream"),
          writer.append("case-3", [newEvent("Fine")], "noStream"),
        ].map(Effect.result),
        { concurrency: "unbounded" },
      ),
    )
    expect(outcomes.every((outcome) => outcome._tag === "Failure")).toBe(true)
    expect((db.prepare("SELECT COUNT(*) AS n FROM gridcase_events").get() as { n: number }).n).toBe(0)
    expect(
      (await Effect.runPromise(writer.append("case-4", newEvents(1), "noStream"))).nextExpectedVersion,
    ).toBe(1)
  })

  it("writes queued appends on close and refuses later ones", async () => {
    const { db, writer } = openWriter()
    const pending = Effect.runPromise(writer.append("case-1", newEvents(3), "noStream"))
    writer.close()
    expect((await pending).nextExpectedVersion).toBe(3)
    const refused = await Effect.runPromise(Effect.flip(writer.append("case-1", newEvents(1), "any")))
    expect(refused).toMatchObject({ _tag: "StoreUnavailable" })
    expect((db.prepare("SELECT COUNT(*) AS n FROM gridcase_events").get() as { n: number }).n).toBe(3)
  })
})
