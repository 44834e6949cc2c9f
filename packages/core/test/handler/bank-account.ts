import { Result, Schema } from "effect"
import { type Decider, EventStore } from "../../src/index.ts"

/**
 * A toy aggregate for testing the generic handler: small enough to reason about, with a
 * creation command, a rejection, and a command that may decide nothing.
 */
export const Opened = Schema.TaggedStruct("Opened", { owner: Schema.String })
export const Deposited = Schema.TaggedStruct("Deposited", { amount: Schema.Int })
export const Withdrawn = Schema.TaggedStruct("Withdrawn", { amount: Schema.Int })
export const AccountEvent = Schema.Union([Opened, Deposited, Withdrawn])
export type AccountEvent = typeof AccountEvent.Type

export type AccountCommand =
  | { readonly _tag: "Open"; readonly accountId: string; readonly owner: string }
  /** A zero deposit is accepted and changes nothing: the decider returns no events. */
  | { readonly _tag: "Deposit"; readonly accountId: string; readonly amount: number }
  | { readonly _tag: "Withdraw"; readonly accountId: string; readonly amount: number }

export interface AccountState {
  readonly open: boolean
  readonly balance: number
}

export class AccountNotOpen extends Schema.TaggedError<AccountNotOpen>()("AccountNotOpen", {
  command: Schema.String,
}) {}
export class AlreadyOpen extends Schema.TaggedError<AlreadyOpen>()("AlreadyOpen", {}) {}
export class InsufficientFunds extends Schema.TaggedError<InsufficientFunds>()("InsufficientFunds", {
  balance: Schema.Int,
  requested: Schema.Int,
}) {}
export type AccountError = AccountNotOpen | AlreadyOpen | InsufficientFunds

export const accountDecider: Decider.Decider<AccountCommand, AccountEvent, AccountState, AccountError> = {
  initialState: { open: false, balance: 0 },
  evolve: (state, event) => {
    switch (event._tag) {
      case "Opened":
        return { open: true, balance: 0 }
      case "Deposited":
        return { ...state, balance: state.balance + event.amount }
      case "Withdrawn":
        return { ...state, balance: state.balance - event.amount }
    }
  },
  decide: (command, state) => {
    if (command._tag === "Open") {
      return state.open
        ? Result.fail(new AlreadyOpen())
        : Result.succeed([Opened.make({ owner: command.owner })])
    }
    if (!state.open) return Result.fail(new AccountNotOpen({ command: command._tag }))
    if (command._tag === "Deposit") {
      return Result.succeed(command.amount === 0 ? [] : [Deposited.make({ amount: command.amount })])
    }
    return command.amount > state.balance
      ? Result.fail(new InsufficientFunds({ balance: state.balance, requested: command.amount }))
      : Result.succeed([Withdrawn.make({ amount: command.amount })])
  },
}

export const accountCodec = EventStore.makeEventCodec(AccountEvent, ["Opened", "Deposited", "Withdrawn"])

export const accountStream = (command: AccountCommand): string => `account-${command.accountId}`

/** Opens account `accountId` for Li Na. */
export const openAccount = (accountId = "a"): AccountCommand => ({ _tag: "Open", accountId, owner: "Li Na" })
/** Deposits `amount` (0 decides nothing) into account `accountId`. */
export const deposit = (amount: number, accountId = "a"): AccountCommand => ({
  _tag: "Deposit",
  accountId,
  amount,
})
/** Withdraws `amount` from account `accountId`. */
export const withdraw = (amount: number, accountId = "a"): AccountCommand => ({
  _tag: "Withdraw",
  accountId,
  amount,
})
