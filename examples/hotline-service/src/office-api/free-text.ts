import { Privacy } from "@gridcase/core"
import { Effect } from "effect"
import { BadRequest } from "../http/api-errors.ts"

/** Whether a text is an http(s) URL: the only media links the office keeps and shows. */
export const isWebUrl = (text: string | undefined): text is string => {
  if (text === undefined || !URL.canParse(text)) return false
  const { protocol } = new URL(text)
  return protocol === "http:" || protocol === "https:"
}

/** Media links a command carries (`mediaUrls`): each must be http(s), never `javascript:` or `data:`. */
export const checkMediaUrls = (body: Readonly<Record<string, unknown>>): BadRequest | undefined => {
  const urls = body.mediaUrls
  if (!Array.isArray(urls)) return undefined
  const bad = urls.find((url) => typeof url !== "string" || !isWebUrl(url))
  return bad === undefined
    ? undefined
    : new BadRequest({ error: `mediaUrls must be http(s) URLs, got ${JSON.stringify(bad).slice(0, 80)}` })
}

/** A mainland mobile number (11 digits from 13–19) standing alone. */
const MOBILE = /(?<![\d])1[3-9]\d{9}(?![\d])/g
/** Eighteen characters that may be a resident identity number (身份证号), standing alone. */
const ID_NUMBER = /(?<![\dXx])\d{17}[\dXx](?![\dXx])/g

/** What in a text looks like personal details, or undefined. */
const personalDetailIn = (text: string): string | undefined => {
  if (text.match(MOBILE) !== null) return "a mobile phone number"
  const ids = text.match(ID_NUMBER) ?? []
  if (ids.some((id) => Privacy.idNumberProblem(id) === undefined)) return "an identity card number"
  return undefined
}

/**
 * Free text (a description, visit findings, a note) lands in the permanent log, where crypto-
 * shredding cannot reach it. A phone or identity number in it is refused at entry, saying where
 * such details belong: on the resident, sealed under their key. Names cannot be told apart from
 * other words, so the privacy guide asks staff to keep them out
 * (docs/operations.md#erasing-a-person-crypto-shredding). `sealed`
 * names fields that are sealed before storage (a registration's `person`).
 */
export const checkFreeText = (
  body: Readonly<Record<string, unknown>>,
  sealed: ReadonlyArray<string> = [],
): BadRequest | undefined => {
  const stack: Array<readonly [string, unknown]> = Object.entries(body).filter(
    ([name]) => !sealed.includes(name),
  )
  while (stack.length > 0) {
    const [name, value] = stack.pop()!
    if (typeof value === "string") {
      const found = personalDetailIn(value)
      if (found !== undefined) {
        return new BadRequest({
          error: `${name} holds what looks like ${found}: free text is kept for good, so put personal details on the resident (they are sealed there), not in the log`,
          type: "PersonalDetailsInFreeText",
        })
      }
    } else if (typeof value === "object" && value !== null) {
      for (const entry of Object.entries(value)) stack.push([`${name}.${entry[0]}`, entry[1]])
    }
  }
  return undefined
}

/** A body staff wrote, checked: media links and free text, as an effect that fails with the refusal. */
export const checkWritten = (body: Readonly<Record<string, unknown>>, sealed: ReadonlyArray<string> = []) => {
  const refused = checkMediaUrls(body) ?? checkFreeText(body, sealed)
  return refused === undefined ? Effect.void : Effect.fail(refused)
}
