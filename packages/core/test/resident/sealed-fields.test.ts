import { Effect, Layer, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Privacy, Resident } from "../../src/index.ts"
import { openText } from "../../src/privacy/cipher.ts"

/**
 * The oracle is docs/domain.md#pipl, written out by hand: a resident's name, ID number, phone
 * number and address are personal information, and erasing the resident must leave none of them
 * readable. Crypto-shredding destroys one key, so each of these fields must be sealed under that
 * resident's own key — one sealed under anyone else's would outlive the erasure.
 */
const PIPL_FIELDS = ["name", "idNumber", "phone", "address"] as const
type Field = (typeof PIPL_FIELDS)[number]

const residentId = "resident-chen"
const neighbour = "resident-wang"
const T0 = Date.UTC(2026, 2, 2, 1, 0)
const who = (minutes: number) => ({ residentId, at: T0 + minutes * 60_000, by: "grid-worker-li" })
const PLAINTEXT: Record<Field, string> = {
  name: "陈秀英",
  idNumber: "11010519491231002X",
  phone: "13812345678",
  address: "秀英区海港社区5栋201",
}

/** Seals each field of `fields` under `owner(field)`'s key, in a key store shared by the test. */
const sealFields = (fields: ReadonlyArray<Field>, owner: (field: Field) => string) =>
  Effect.forEach(fields, (field) =>
    Effect.map(Privacy.sealPersonalDetailsPatch(owner(field), { [field]: PLAINTEXT[field] }), (sealed) => [
      field,
      sealed[field]!,
    ]),
  ).pipe(Effect.map((entries) => Object.fromEntries(entries) as Privacy.SealedPersonalDetailsPatch))

/** Every sealed value inside a JSON-like value, with the field it sits in. */
const sealedValuesIn = (value: unknown) => {
  const found: Array<{ sealed: Privacy.Sealed; field: string }> = []
  const walk = (node: unknown, key: string) => {
    if (typeof node !== "object" || node === null) return
    if ("subject" in node && "iv" in node && "ciphertext" in node)
      found.push({ sealed: node as Privacy.Sealed, field: key })
    else for (const [child, inner] of Object.entries(node)) walk(inner, child)
  }
  walk(value, "")
  return found
}

/**
 * Runs `commands` through the decider in order (a refusal appends nothing), erases the resident,
 * destroys their key as the handler does, and returns every plaintext still readable from the
 * events the decider accepted.
 */
const survivorsOfErasure = (
  build: (
    own: (field: Field) => string,
  ) => Effect.Effect<ReadonlyArray<Resident.SealedCommand>, unknown, Privacy.KeyStore>,
  foreign: ReadonlySet<Field>,
) => {
  const keys = Privacy.makeMemoryKeyStore()
  const program = Effect.gen(function* () {
    const commands = yield* build((field) => (foreign.has(field) ? neighbour : residentId))
    const decider = Resident.makeDecider()
    let state = decider.initialState
    const accepted: Array<Resident.Event> = []
    const refusals: Array<string> = []
    for (const command of [
      ...commands,
      { _tag: "EraseResident", ...who(9), reason: "本人申请删除个人信息" } as const,
    ]) {
      const decided = decider.decide(command, state)
      if (Result.isFailure(decided)) {
        refusals.push((decided.failure as { rule: string }).rule)
        continue
      }
      for (const event of decided.success) {
        accepted.push(event)
        state = decider.evolve(state, event)
      }
    }
    yield* keys.destroyKey(residentId)
    const readable: Array<string> = []
    for (const { sealed, field } of sealedValuesIn(accepted)) {
      const opened = yield* openText(sealed, field)
      if (opened !== Privacy.ERASED) readable.push(`${field}=${opened}`)
    }
    return { readable, refusals }
  })
  return Effect.runPromise(Effect.provide(program, Layer.succeed(Privacy.KeyStore, keys)))
}

const registration = (foreign: ReadonlySet<Field>) =>
  survivorsOfErasure(
    (own) =>
      Effect.map(
        sealFields(PIPL_FIELDS, own),
        (person): ReadonlyArray<Resident.SealedCommand> => [
          {
            _tag: "RegisterResident",
            ...who(0),
            householdId: "household-301",
            person: person as Privacy.SealedPersonalDetails,
          },
        ],
      ),
    foreign,
  )

const correction = (foreign: ReadonlySet<Field>) =>
  survivorsOfErasure(
    (own) =>
      Effect.gen(function* () {
        const person = (yield* sealFields(["name"], () => residentId)) as Privacy.SealedPersonalDetails
        const changes = yield* sealFields(PIPL_FIELDS, own)
        return [
          { _tag: "RegisterResident", ...who(0), householdId: "household-301", person },
          { _tag: "CorrectPersonalDetails", ...who(1), changes },
        ] satisfies ReadonlyArray<Resident.SealedCommand>
      }),
    foreign,
  )

describe("each sealed personal field through erasure (crypto-shredding)", () => {
  it("leaves nothing readable when every field is under the resident's own key", async () => {
    expect(await registration(new Set())).toEqual({ readable: [], refusals: [] })
    expect(await correction(new Set())).toEqual({ readable: [], refusals: [] })
  })

  for (const field of PIPL_FIELDS) {
    it(`refuses a registration whose ${field} is sealed under another subject's key, so it cannot survive erasure`, async () => {
      expect(await registration(new Set([field]))).toEqual({
        readable: [],
        // Refused at registration, the resident does not exist to be erased.
        refusals: ["sealedForAnotherSubject", "notRegistered"],
      })
    })

    it(`refuses a correction whose ${field} is sealed under another subject's key`, async () => {
      expect(await correction(new Set([field]))).toEqual({
        readable: [],
        refusals: ["sealedForAnotherSubject"],
      })
    })
  }

  it("property: whatever fields are sealed elsewhere, none of them is readable after erasure", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...PIPL_FIELDS], { minLength: 1 }),
        fc.boolean(),
        async (fields, viaCorrection) => {
          const outcome = await (viaCorrection ? correction : registration)(new Set(fields))
          expect(outcome.readable).toEqual([])
          expect(outcome.refusals[0]).toBe("sealedForAnotherSubject")
        },
      ),
      { numRuns: 40 },
    )
  })
})
