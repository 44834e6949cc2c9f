import { Effect, Schema, Stream } from "effect"
import type { HttpServerRequest } from "effect/http"
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from "./api-errors.ts"

/** The largest body the office reads (本地设定): a command or a form is a few kilobytes. */
export const BODY_LIMIT = 1024 * 1024
/**
 * How deep a JSON body may nest (本地设定). The deepest command (a boundary's rings of
 * positions) nests six levels; a body nested thousands deep is an attack on whatever walks it.
 */
export const MAX_DEPTH = 32

const tooLarge = () => new PayloadTooLarge({ error: `the request body is larger than ${BODY_LIMIT} bytes` })

/**
 * The body's bytes, at most `BODY_LIMIT`: a declared length past it is refused before anything
 * is read, and a body that grows past it while being read stops there. Either way the answer is
 * a 413, and the server drains or drops the rest.
 */
export const readBody = (
  request: HttpServerRequest.HttpServerRequest,
): Effect.Effect<Buffer, PayloadTooLarge | BadRequest> =>
  Effect.suspend(() => {
    if (Number(request.headers["content-length"]) > BODY_LIMIT) return Effect.fail(tooLarge())
    let size = 0
    const chunks: Array<Uint8Array> = []
    return request.stream.pipe(
      Stream.mapError(() => new BadRequest({ error: "the request body could not be read" })),
      Stream.runForEach((chunk) => {
        size += chunk.length
        if (size > BODY_LIMIT) return Effect.fail(tooLarge())
        chunks.push(chunk)
        return Effect.void
      }),
      Effect.map(() => Buffer.concat(chunks)),
    )
  })

/** How deeply a parsed JSON value nests, counted without recursion (so any depth is safe to measure). */
const depthOf = (value: unknown): number => {
  let deepest = 0
  const stack: Array<readonly [unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (typeof node !== "object" || node === null) continue
    deepest = Math.max(deepest, depth)
    if (deepest > MAX_DEPTH) return deepest
    for (const child of Object.values(node)) stack.push([child, depth + 1])
  }
  return deepest
}

/** JSON's `null` for an optional field means "absent", as the generated JSON Schemas say. */
const dropNulls = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(dropNulls)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, dropNulls(field)]),
  )
}

/**
 * A JSON object body, decoded with the endpoint's own payload Schema (the one the OpenAPI
 * document shows): 415 unless it is JSON, 413 past the size limit, 400 when it is not JSON,
 * nests deeper than `MAX_DEPTH` or does not match the Schema (every problem listed). Nothing is
 * read before the caller is known: the staff middleware runs first.
 */
export const jsonBody = <A>(
  request: HttpServerRequest.HttpServerRequest,
  schema: Schema.Decoder<A>,
): Effect.Effect<A & Record<string, unknown>, BadRequest | PayloadTooLarge | UnsupportedMediaType> =>
  Effect.gen(function* () {
    const type = request.headers["content-type"] ?? ""
    if (!type.toLowerCase().startsWith("application/json")) {
      return yield* new UnsupportedMediaType({ error: "send JSON: Content-Type must be application/json" })
    }
    const text = (yield* readBody(request)).toString("utf8")
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return yield* new BadRequest({ error: "the body is not valid JSON" })
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return yield* new BadRequest({ error: "the body must be a JSON object" })
    }
    if (depthOf(parsed) > MAX_DEPTH) {
      return yield* new BadRequest({ error: `the body nests deeper than ${MAX_DEPTH} levels` })
    }
    const body = dropNulls(parsed) as Record<string, unknown>
    yield* Schema.decodeUnknownEffect(schema)(body, { errors: "all" }).pipe(
      Effect.mapError((error) => new BadRequest({ error: error.message, type: "InvalidCommand" })),
    )
    // The body as sent (not as decoded): core's decoder decodes the command it becomes.
    return body as A & Record<string, unknown>
  })

/** The `Idempotency-Key` header: a retried command with the same key is handled once. */
export const IdempotencyKey = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)).annotate({
  description: "Send the same key when retrying: the command is handled once.",
})

/** The headers of every command endpoint. */
export const CommandHeaders = { "idempotency-key": Schema.optional(IdempotencyKey) }
