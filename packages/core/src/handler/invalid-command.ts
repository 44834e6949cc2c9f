import { Result, Schema } from "effect"

/**
 * Input that is not a well-formed command (a missing field, a description over 4,000
 * characters, a latitude of 200…). Raised before anything is loaded or appended.
 */
export class InvalidCommand extends Schema.TaggedError<InvalidCommand>()("InvalidCommand", {
  /** The command's `_tag` when it had one, else "unknown". */
  command: Schema.String,
  /** What is wrong, path by path, as Effect Schema reports it. */
  issues: Schema.String,
}) {
  override get message(): string {
    return `invalid ${this.command} command: ${this.issues}`
  }
}

const tagOf = (input: unknown): string =>
  typeof input === "object" && input !== null && "_tag" in input && typeof input._tag === "string"
    ? input._tag
    : "unknown"

/** Validates untrusted input (an HTTP body, a queue message) as a command, or says what is wrong. */
export type CommandDecoder<C> = (input: unknown) => Result.Result<C, InvalidCommand>

/** A validator for untrusted input (HTTP bodies, queue messages) against a command Schema. */
export const commandDecoder = <C>(schema: Schema.Codec<C, unknown>): CommandDecoder<C> => {
  const decode = Schema.decodeUnknownResult(schema)
  return (input) => {
    const decoded = decode(input, { errors: "all" })
    return Result.isSuccess(decoded)
      ? Result.succeed(decoded.success)
      : Result.fail(new InvalidCommand({ command: tagOf(input), issues: decoded.failure.message }))
  }
}
