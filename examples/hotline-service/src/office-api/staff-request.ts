import { HttpError, json, type Request, type Response } from "../http/router.ts"
import { dropNulls } from "./command-bodies.ts"
import type { StaffTokens } from "./staff-tokens.ts"

/** Refusals of the domain, by tag: what HTTP status each one is. */
const STATUS_OF: Readonly<Record<string, number>> = {
  InvalidCommand: 400,
  Forbidden: 403,
  IllegalCaseTransition: 409,
  CaseRuleViolated: 409,
  ResidentRuleViolated: 409,
  PointsRuleViolated: 409,
  InsufficientPoints: 409,
  KeyStoreUnavailable: 503,
  WrongExpectedVersion: 409,
  StoreUnavailable: 503,
}

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : undefined

/** A domain refusal as a JSON answer that says what was wrong; anything else is rethrown. */
export const refusal = (error: unknown): Response => {
  const tag = tagOf(error)
  const status = tag === undefined ? undefined : STATUS_OF[tag]
  if (status === undefined) throw error
  const fields = error as Record<string, unknown>
  return json(status, {
    error: (error as Error).message,
    type: tag,
    ...(typeof fields.rule === "string" ? { rule: fields.rule } : {}),
  })
}

export const personOf = (request: Request, tokens: StaffTokens): string => {
  const header = request.headers.authorization
  const token =
    typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7).trim() : undefined
  if (token === undefined || token === "") {
    throw new HttpError(401, "send your staff token: Authorization: Bearer <token>")
  }
  const person = tokens.personOf(token)
  if (person === undefined) throw new HttpError(401, "this staff token is not valid")
  return person
}

export const jsonBody = async (request: Request): Promise<Record<string, unknown>> => {
  const type = request.headers["content-type"] ?? ""
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new HttpError(415, "send JSON: Content-Type must be application/json")
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(await request.text())
  } catch (error) {
    if (error instanceof HttpError) throw error
    throw new HttpError(400, "the body is not valid JSON")
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "the body must be a JSON object")
  }
  return dropNulls(parsed) as Record<string, unknown>
}

export const idempotencyKey = (request: Request): string | undefined => {
  const key = request.headers["idempotency-key"]
  if (key === undefined) return undefined
  if (typeof key !== "string" || key.length === 0 || key.length > 200) {
    throw new HttpError(400, "Idempotency-Key must be 1 to 200 characters")
  }
  return key
}
