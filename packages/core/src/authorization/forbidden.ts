import { Schema } from "effect"

/**
 * The actor may not issue this command here (无权操作). Names who, what and why, so an audit log
 * or an error page explains itself. A forbidden command appends nothing.
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  actor: Schema.String,
  command: Schema.String,
  reason: Schema.String,
}) {
  override get message(): string {
    return `${this.actor} may not ${this.command}: ${this.reason}`
  }
}
