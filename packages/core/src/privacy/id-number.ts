import { Schema } from "effect"

/**
 * Province-level codes that open a 居民身份证号 (GB/T 2260, two first digits): the 31 mainland
 * provinces, plus 71 (Taiwan), 81 (Hong Kong), 82 (Macao) and 83 (residence permits of Taiwan
 * residents, 830000). The four digits after it (prefecture, county) are not checked: the
 * county table changes every year and residence permits use 00.
 */
// biome-ignore format: one row per region of the code table
export const ID_PROVINCE_CODES: ReadonlyArray<string> = [
  "11", "12", "13", "14", "15",
  "21", "22", "23",
  "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46",
  "50", "51", "52", "53", "54",
  "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
]
const PROVINCES: ReadonlySet<string> = new Set(ID_PROVINCE_CODES)

/** ISO 7064 MOD 11-2 weights of the first 17 digits: 2^(17−i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
/** The check character for each weighted sum mod 11; 10 is written X. */
const CHECK_CHARACTERS = "10X98765432"

/**
 * The check character (校验码) of the first 17 digits of an identity number, by ISO 7064
 * MOD 11-2 as GB 11643 prescribes. Any single changed digit changes it (11 is prime and no
 * weight is 0 mod 11), which is why one typo never passes.
 */
export const idNumberCheckCharacter = (first17: string): string => {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARACTERS[sum % 11]!
}

const isRealDate = (yyyymmdd: string): boolean => {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  )
}

/**
 * What is wrong with a 居民身份证号 (18-character resident identity number, GB 11643), or
 * undefined when it is well formed: 6-digit region code (地址码) starting with a known
 * province, 8-digit birth date (出生日期码) that exists and is not before 1900, 3-digit
 * sequence (顺序码), check character (校验码) 0–9 or an upper-case X.
 *
 * A birth date in the future is not caught here: that needs a clock, and this check is pure.
 */
export const idNumberProblem = (value: string): string | undefined => {
  if (!/^\d{17}[\dX]$/.test(value)) {
    return "a 居民身份证号 has 18 characters: 17 digits and a check character (0-9 or upper-case X)"
  }
  const province = value.slice(0, 2)
  if (!PROVINCES.has(province)) return `region code ${value.slice(0, 6)}: no province has code ${province}`
  const birth = value.slice(6, 14)
  if (!isRealDate(birth)) return `birth date ${birth} is not a real date from 1900 on`
  const expected = idNumberCheckCharacter(value)
  const actual = value[17]
  return actual === expected ? undefined : `check character should be ${expected}, not ${actual}`
}

/** A valid 居民身份证号; a bad one fails decoding with {@link idNumberProblem}'s explanation. */
export const ChineseIdNumber = Schema.String.check(
  Schema.makeFilter((value: string) => idNumberProblem(value) ?? true, {
    expected: "a valid 居民身份证号 (resident identity number)",
  }),
).annotate({ identifier: "ChineseIdNumber" })
export type ChineseIdNumber = typeof ChineseIdNumber.Type
