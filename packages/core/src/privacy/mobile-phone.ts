import { Schema } from "effect"

/**
 * A mainland China mobile number (手机号): 11 digits, `1` then a network digit 3–9. Written
 * bare, without +86 or separators, so one person's number is always the same string.
 */
export const MobilePhone = Schema.String.check(
  Schema.isPattern(/^1[3-9]\d{9}$/, {
    expected: "a mainland mobile number: 11 digits starting 13–19, without +86 or spaces",
  }),
).annotate({ identifier: "MobilePhone" })
export type MobilePhone = typeof MobilePhone.Type
