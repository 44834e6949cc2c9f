import { describe, expect, it } from "vitest"
import { DeciderSpecification, DeciderSpecificationError } from "../../src/testing/index.ts"
import {
  type AccountCommand,
  AlreadyOpen,
  accountDecider,
  Deposited,
  InsufficientFunds,
  Opened,
  Withdrawn,
} from "./bank-account.ts"

const spec = DeciderSpecification.for(accountDecider)
const opened = Opened.make({ owner: "Li Na" })
const withdraw = (amount: number): AccountCommand => ({ _tag: "Withdraw", accountId: "a", amount })

/** Runs an assertion that must fail and returns its error message. */
const failureOf = (assertion: () => unknown): string => {
  try {
    assertion()
  } catch (error) {
    expect(error).toBeInstanceOf(DeciderSpecificationError)
    return (error as DeciderSpecificationError).message
  }
  throw new Error("the specification passed but should have failed")
}

describe("DeciderSpecification", () => {
  it("passes when the decided events are exactly the expected ones", () => {
    spec.given([]).when({ _tag: "Open", accountId: "a", owner: "Li Na" }).then([opened])
    spec
      .given(opened)
      .when(withdraw(0))
      .then(Withdrawn.make({ amount: 0 }))
    spec.given(opened).when({ _tag: "Deposit", accountId: "a", amount: 0 }).then([])
  })

  it("shows a unified diff of the events when they differ", () => {
    const message = failureOf(() =>
      spec
        .given([opened, Deposited.make({ amount: 10 })])
        .when(withdraw(4))
        .then([Withdrawn.make({ amount: 5 })]),
    )
    expect(message).toContain("The decided events differ from the expected ones")
    expect(message).toContain('-    "amount": 5')
    expect(message).toContain('+    "amount": 4')
  })

  it("reports a rejection, with its fields, where events were expected", () => {
    const message = failureOf(() =>
      spec
        .given(opened)
        .when(withdraw(3))
        .then([Withdrawn.make({ amount: 3 })]),
    )
    expect(message).toContain("rejected")
    expect(message).toContain('"_tag": "InsufficientFunds"')
    expect(message).toContain('"requested": 3')
  })

  it("thenFails matches a rejection by tag or predicate and returns it", () => {
    const error = spec.given(opened).when(withdraw(3)).thenFails("InsufficientFunds")
    expect(error).toEqual(new InsufficientFunds({ balance: 0, requested: 3 }))
    spec
      .given(opened)
      .when(withdraw(3))
      .thenFails((failure) => failure instanceof InsufficientFunds)
    expect(spec.given(opened).when({ _tag: "Open", accountId: "a", owner: "x" }).thenFails()).toBeInstanceOf(
      AlreadyOpen,
    )
  })

  it("thenFails fails on acceptance, on another tag and on a predicate that says no", () => {
    expect(failureOf(() => spec.given(opened).when(withdraw(0)).thenFails())).toContain(
      "Expected the command to be rejected",
    )
    expect(failureOf(() => spec.given(opened).when(withdraw(3)).thenFails("AlreadyOpen"))).toContain(
      'Expected a rejection tagged "AlreadyOpen"',
    )
    expect(
      failureOf(() =>
        spec
          .given(opened)
          .when(withdraw(3))
          .thenFails(() => false),
      ),
    ).toContain("does not satisfy the predicate")
  })

  it("thenState compares the state after the decided events", () => {
    const given = spec.given([opened, Deposited.make({ amount: 10 })]).when(withdraw(4))
    given.thenState({ open: true, balance: 6 })
    const message = failureOf(() => given.thenState({ open: true, balance: 4 }))
    expect(message).toContain("The resulting state differs from the expected one")
    expect(message).toContain('-  "balance": 4')
    expect(message).toContain('+  "balance": 6')
  })

  it("answers an accidental await (which TypeScript flags, but JavaScript allows) with a clear error", async () => {
    const thenable: unknown = spec.given(opened).when(withdraw(0))
    await expect(async () => await thenable).rejects.toThrow(/not a promise/)
  })
})
