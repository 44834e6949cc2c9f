import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { CommandHandler, Privacy, Resident } from "../../src/index.ts"
import { openText } from "../../src/privacy/cipher.ts"
import { ctx, minutes, residentWorld } from "./setup.ts"

const residentId = "resident-chen-xiuying"
const stamp = (n: number, by = "grid-worker-li") => ({ residentId, at: minutes(n), by })
const PLAINTEXT = {
  name: "陈秀英",
  idNumber: "11010519491231002X",
  phone: "13812345678",
  newPhone: "15987654321",
  address: "海口市秀英区海港社区向荣街5号201",
}

const decode = (input: unknown): Resident.Command => {
  const decoded = Resident.decodeCommand(input)
  if (Result.isFailure(decoded)) throw decoded.failure
  return decoded.success
}

/** Every sealed value anywhere inside a JSON-like value. */
const sealedValuesIn = (
  value: unknown,
): ReadonlyArray<{ readonly sealed: Privacy.Sealed; readonly field: string }> => {
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

describe("personal data and erasure (crypto-shredding)", () => {
  it("refuses a bad ID number with a clear InvalidCommand before anything is stored", () => {
    const decoded = Resident.decodeCommand({
      _tag: "RegisterResident",
      ...stamp(0),
      householdId: "household-201",
      person: { name: PLAINTEXT.name, idNumber: "110105194912310021", phone: "1381234567" },
    })
    expect(Result.isFailure(decoded)).toBe(true)
    const error = Result.isFailure(decoded) ? decoded.failure : undefined
    expect(error).toBeInstanceOf(CommandHandler.InvalidCommand)
    expect(error?.issues).toMatch(/check character should be X, not 1/)
    expect(error?.issues).toMatch(/mainland mobile number/)
  })

  it("stores only ciphertext, and after erasure no plaintext of the person is readable anywhere the library wrote", async () => {
    const world = residentWorld()
    const { run, residents, recordVisit } = world
    await run(
      residents(
        decode({
          _tag: "RegisterResident",
          ...stamp(0),
          householdId: "household-201",
          person: {
            name: PLAINTEXT.name,
            idNumber: PLAINTEXT.idNumber,
            phone: PLAINTEXT.phone,
            address: PLAINTEXT.address,
          },
        }),
        ctx("c-register"),
      ),
    )
    await run(
      residents(
        decode({ _tag: "CorrectPersonalDetails", ...stamp(1), changes: { phone: PLAINTEXT.newPhone } }),
        ctx("c-phone"),
      ),
    )
    await run(residents({ _tag: "TagResident", ...stamp(2), tag: "elderlyAlone" }, ctx("c-tag")))
    await run(
      recordVisit(
        {
          _tag: "RecordVisit",
          ...stamp(30),
          visitId: "visit-1",
          findings: "独居老人，行动不便，家中生活困难",
          raiseCase: {
            caseId: "case-hardship-1",
            gridId: "haikou-port-grid-07",
            category: "vulnerablePerson",
            urgency: "normal",
            description: "家庭生活困难，需协助申请临时救助",
            level: "grid",
          },
        },
        ctx("c-visit"),
      ),
    )

    // Before erasure: nothing in plaintext in the store, yet the details read back through the key.
    const before = JSON.stringify(await world.allEvents())
    for (const plaintext of Object.values(PLAINTEXT)) expect(before).not.toContain(plaintext)
    const loaded = await run(residents.load(Resident.streamId(residentId)))
    if (!loaded.state.exists) throw new Error("registered")
    expect(await run(Resident.reveal(loaded.state))).toEqual({
      name: PLAINTEXT.name,
      idNumber: PLAINTEXT.idNumber,
      phone: PLAINTEXT.newPhone,
      address: PLAINTEXT.address,
    })

    await run(
      residents(
        { _tag: "EraseResident", ...stamp(60, "community-head-zhao"), reason: "本人申请删除个人信息" },
        ctx("c-erase"),
      ),
    )

    const events = await world.allEvents()
    const after = JSON.stringify(events)
    // The scan sees every stream the library wrote: the case the visit raised is there, in the clear.
    expect(after).toContain("家庭生活困难，需协助申请临时救助")
    expect(events.map((event) => event.type)).toContain("CaseReported")
    for (const plaintext of Object.values(PLAINTEXT)) expect(after).not.toContain(plaintext)
    // Every sealed field ever stored — the old phone number included — now opens to ERASED.
    const sealed = sealedValuesIn(events.map((event) => event.data))
    expect(sealed.length).toBe(5)
    for (const { sealed: value, field } of sealed)
      expect(await run(openText(value, field))).toEqual(Privacy.ERASED)

    // History still replays, and shows the person as erased.
    const replayed = await run(residents.load(Resident.streamId(residentId)))
    expect(replayed.state).toMatchObject({ exists: true, erased: true, person: undefined })
    if (!replayed.state.exists) throw new Error("registered")
    expect(await run(Resident.reveal(replayed.state))).toBe(Privacy.ERASED)
  })

  it("keeps nothing new for an erased person, and lets an erasure be retried", async () => {
    const { run, attempt, residents, keys } = residentWorld()
    const register = decode({
      _tag: "RegisterResident",
      ...stamp(0),
      householdId: "household-201",
      person: { name: PLAINTEXT.name },
    })
    await run(residents(register, ctx("c-register")))
    const erase: Resident.Command = { _tag: "EraseResident", ...stamp(1), reason: "本人申请删除个人信息" }
    await run(residents(erase, ctx("c-erase")))

    const correction = decode({
      _tag: "CorrectPersonalDetails",
      ...stamp(2),
      changes: { phone: PLAINTEXT.phone },
    })
    const refused = await attempt(residents(correction, ctx("c-late")))
    expect(refused._tag === "Failure" && refused.failure).toBeInstanceOf(Resident.ResidentRuleViolated)
    expect(refused._tag === "Failure" && refused.failure).toMatchObject({ rule: "erased" })
    const reregistered = await attempt(residents({ ...register, at: minutes(3) }, ctx("c-again")))
    expect(reregistered._tag === "Failure" && reregistered.failure).toMatchObject({ rule: "erased" })
    expect(await attempt(keys.createKey(residentId))).toEqual(
      Result.fail(new Privacy.SubjectErased({ subject: residentId })),
    )

    const retried = await run(residents(erase, ctx("c-erase")))
    expect(retried.duplicate).toBe(true)
    const again = await run(residents({ ...erase, at: minutes(4) }, ctx("c-erase-2")))
    expect(again.events).toEqual([])
    expect(again.state).toMatchObject({ erased: true })
  })

  it("destroys the key only once the erasure is on record", async () => {
    const { run, attempt, residents, keys } = residentWorld()
    const erase: Resident.Command = { _tag: "EraseResident", ...stamp(1), reason: "本人申请删除个人信息" }
    const refused = await attempt(residents(erase, ctx("c-erase")))
    expect(refused._tag === "Failure" && refused.failure).toMatchObject({ rule: "notRegistered" })
    await run(
      residents(
        decode({ _tag: "RegisterResident", ...stamp(2), householdId: "h", person: { name: "李娜" } }),
        ctx("c-1"),
      ),
    )
    expect(await run(Effect.map(keys.getKey(residentId), (key) => key._tag))).toBe("Some")
  })
})
