import type { EventStore } from "@gridcase/core"
import type { LogServerFilter } from "./esdb-client.ts"

/**
 * How a port filter is applied to `$all` (过滤): a server-side filter narrows what the server
 * sends, and `matches` — the exact rule — decides what the store delivers. The server can
 * filter on stream names or on event types, not both at once, so `server` may let through
 * more than `matches` accepts, never less.
 *
 * `$all` also holds the server's own events: system streams and event types start with `$`
 * (stream metadata, projections' links, statistics…). They are never this store's events.
 */
export interface FilterPlan {
  readonly server: LogServerFilter
  /** Whether the event in the server's stream `streamName` (namespace included) with `type` is delivered. */
  readonly matches: (streamName: string, type: string) => boolean
}

/** Escapes `text` for a regular expression that matches it literally (JavaScript and .NET agree on these). */
export const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/#\s-]/g, "\\$&")

/** A regex matching exactly the listed event types (none at all for an empty list). */
export const exactTypesRegex = (types: ReadonlyArray<string>): string =>
  types.length === 0 ? "(?!)" : `^(?:${types.map(escapeRegex).join("|")})$`

/**
 * Plans `filter` for a store whose streams all start with `namespace` (`""`: the whole
 * database). The stream prefix — namespace and the filter's own prefix — goes to the server
 * as a prefix filter when there is one; otherwise a type list goes as an exact regex;
 * otherwise the server drops system event types (`^(?!\$)`: types not starting with `$`).
 */
export const planFilter = (namespace: string, filter: EventStore.EventFilter): FilterPlan => {
  const prefix = namespace + (filter.streamPrefix ?? "")
  const types = filter.types
  const server: LogServerFilter =
    prefix !== ""
      ? { filterOn: "streamName", checkpointInterval: 1, prefixes: [prefix] }
      : types !== undefined
        ? { filterOn: "eventType", checkpointInterval: 1, regex: exactTypesRegex(types) }
        : { filterOn: "eventType", checkpointInterval: 1, regex: "^(?!\\$)" }
  return {
    server,
    matches: (streamName, type) =>
      !streamName.startsWith("$") &&
      !type.startsWith("$") &&
      streamName.startsWith(prefix) &&
      (types === undefined || types.includes(type)),
  }
}
