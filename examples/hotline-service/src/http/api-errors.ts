import { Effect, Schema } from "effect"

/**
 * What every refusal of the office API says: a message meant for the person calling, the
 * domain's error type when a domain rule refused (`Forbidden`, `IllegalCaseTransition`…) and
 * the rule's name when one applies.
 */
const fields = {
  error: Schema.String,
  type: Schema.optional(Schema.String),
  rule: Schema.optional(Schema.String),
}

/** 400: the request is not well formed (the message lists every problem). */
export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", fields, {
  httpApiStatus: 400,
  description: "the request is not well formed (the message lists every problem); nothing was appended",
}) {}
/** 401: no staff token, or an unknown one. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", fields, {
  httpApiStatus: 401,
  description: "no staff token, or an unknown one",
}) {}
/** 403: the caller holds no role that allows this, here. */
export class NotAllowed extends Schema.TaggedError<NotAllowed>()("NotAllowed", fields, {
  httpApiStatus: 403,
  description: "the token's holder may not do this here (nothing was appended)",
}) {}
/** 404: no such case, resident or page. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", fields, {
  httpApiStatus: 404,
  description: "no such case, resident or path",
}) {}
/** 409: the aggregate's status or a business rule refuses the command. */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", fields, {
  httpApiStatus: 409,
  description: "the status or a business rule refuses the command (nothing was appended)",
}) {}
/** 413: the body is larger than the office takes. */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", fields, {
  httpApiStatus: 413,
  description: "the body is larger than 1 MiB",
}) {}
/** 415: the body is not JSON. */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  fields,
  { httpApiStatus: 415, description: "the body is not JSON (Content-Type: application/json)" },
) {}
/** 503: the event store or the key store cannot be reached; retry with the same Idempotency-Key. */
export class Unavailable extends Schema.TaggedError<Unavailable>()("Unavailable", fields, {
  httpApiStatus: 503,
  description: "the event store or the key store cannot be reached: retry with the same Idempotency-Key",
}) {}

export type ApiError =
  | BadRequest
  | Unauthorized
  | NotAllowed
  | NotFound
  | Conflict
  | PayloadTooLarge
  | UnsupportedMediaType
  | Unavailable

/**
 * The refusals an endpoint of the office API can answer with, for the API definition (the
 * staff middleware adds `Unauthorized`). Every endpoint declares them all: a read can meet an
 * unreachable store, a command a missing case.
 */
export const API_ERRORS = [
  BadRequest,
  NotAllowed,
  NotFound,
  Conflict,
  PayloadTooLarge,
  UnsupportedMediaType,
  Unavailable,
]

type ErrorClass = new (props: { error: string; type?: string; rule?: string }) => ApiError

/**
 * The domain's refusals, by tag: which answer each one is. The one table of the office: the
 * Open311 side answers with the same classes, in its own format.
 */
const ANSWER_OF: Readonly<Record<string, ErrorClass>> = {
  InvalidCommand: BadRequest,
  Forbidden: NotAllowed,
  IllegalCaseTransition: Conflict,
  CaseRuleViolated: Conflict,
  ResidentRuleViolated: Conflict,
  PointsRuleViolated: Conflict,
  InsufficientPoints: Conflict,
  TerritoryRuleViolated: Conflict,
  CampaignRuleViolated: Conflict,
  WrongExpectedVersion: Conflict,
  KeyStoreUnavailable: Unavailable,
  StoreUnavailable: Unavailable,
  ReadModelStoreUnavailable: Unavailable,
}

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : undefined

/** A domain refusal as the office's answer; undefined for anything else (a defect). */
export const answerOf = (error: unknown): ApiError | undefined => {
  if (error instanceof BadRequest || error instanceof NotAllowed || error instanceof NotFound) return error
  const tag = tagOf(error)
  const Answer = tag === undefined ? undefined : ANSWER_OF[tag]
  if (Answer === undefined || tag === undefined) return undefined
  const rule = (error as { readonly rule?: unknown }).rule
  return new Answer({
    error: (error as Error).message,
    type: tag,
    ...(typeof rule === "string" ? { rule } : {}),
  })
}

/**
 * Runs a call of the office (a promise that rejects with the domain's typed errors): its domain
 * refusals become the office's answers, anything else stays a defect (a 500, reported).
 */
export const call = <A>(run: () => Promise<A>): Effect.Effect<A, ApiError> =>
  Effect.tryPromise({ try: run, catch: (error) => error }).pipe(
    Effect.catch((error) => {
      const answer = answerOf(error)
      return answer === undefined ? Effect.die(error) : Effect.fail(answer)
    }),
  )
