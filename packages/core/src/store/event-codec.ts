import { Result, Schema } from "effect"
import { compileGuard } from "../internal/compiled-guard.ts"
import { EventDecodeError } from "./errors.ts"
import type { RecordedEvent } from "./recorded-event.ts"

/**
 * Lifts a payload written at `fromVersion` to `fromVersion + 1`. Chained, so an event written
 * at version 1 and read by code at version 3 passes through the 1→2 and 2→3 upcasters.
 */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>

/** Per event type: the current schema version and the upcasters keyed by the version they lift from. */
export type UpcasterRegistry = Readonly<
  Record<string, { readonly current: number; readonly from: Readonly<Record<number, Upcaster>> }>
>

/** An event as the store keeps it: its type, its payload as JSON data, the schema version it was written at. */
export interface EncodedEvent {
  readonly type: string
  readonly data: Record<string, unknown>
  readonly schemaVersion: number
}

/**
 * Where a store that keeps an event's schema version (模式版本) beside its metadata hands it
 * over: a getter under this key on the recorded event's prototype. Decoding an event needs
 * only that version of all the metadata, and `JSON.parse` of the metadata was about an eighth
 * of a SQLite rebuild (bench/findings.md, finding 7); the SQLite store therefore parses
 * `metadata` when it is first read and answers the version from a column. On the
 * prototype, not the event: spreading, `JSON.stringify` and `toEqual` see a plain
 * `RecordedEvent`, and a copy falls back to its metadata. `Symbol.for`, so that two copies of
 * this package agree on it.
 */
export const storedSchemaVersion: unique symbol = Symbol.for("@gridcase/core/storedSchemaVersion")

/** An event that may carry its store's copy of the schema version (see `storedSchemaVersion`). */
interface MaybeStoredVersion {
  readonly [storedSchemaVersion]?: unknown
}

/**
 * The schema version an event was written at: its store's copy when the store keeps one, which
 * is always the metadata's own `schemaVersion`, else read from the metadata.
 */
export const schemaVersionOf = (recorded: RecordedEvent): number => {
  const kept = (recorded as MaybeStoredVersion)[storedSchemaVersion]
  return typeof kept === "number" ? kept : recorded.metadata.schemaVersion
}

/** Turns domain events (tagged by `_tag`) into storable payloads and back, upcasting old versions. */
export interface EventCodec<E extends { readonly _tag: string }> {
  readonly encode: (event: E) => EncodedEvent
  readonly decode: (recorded: RecordedEvent) => Result.Result<E, EventDecodeError>
  readonly types: ReadonlyArray<string>
}

/**
 * Builds a codec from the Schema of an aggregate's event union. The stored `type` is the
 * event's `_tag`; the stored payload is the Schema-encoded event without `_tag`.
 */
export const makeEventCodec = <S extends Schema.Codec<{ readonly _tag: string }, unknown> & Schema.Top>(
  schema: S,
  types: ReadonlyArray<string>,
  upcasters: UpcasterRegistry = {},
): EventCodec<S["Type"]> => {
  const encodeSync = Schema.encodeSync(schema as Schema.Codec<S["Type"], unknown>)
  const decodeResult = Schema.decodeUnknownResult(schema as Schema.Codec<S["Type"], unknown>)
  // Most stored events are valid: a compiled guard says so quickly, and Schema's parser only
  // runs for those it refuses (to explain why) or when the schema is beyond the guard.
  const guard = compileGuard(schema)
  const known = new Set(types)
  const fail = (recorded: RecordedEvent, reason: string) =>
    Result.fail(
      new EventDecodeError({
        streamId: recorded.streamId,
        revision: recorded.revision,
        position: recorded.position,
        type: recorded.type,
        reason,
      }),
    )
  return {
    types,
    encode: (event) => {
      const { _tag, ...data } = encodeSync(event) as Record<string, unknown>
      return { type: event._tag, data, schemaVersion: upcasters[event._tag]?.current ?? 1 }
    },
    decode: (recorded) => {
      if (!known.has(recorded.type)) return fail(recorded, `unknown event type "${recorded.type}"`)
      if (typeof recorded.data !== "object" || recorded.data === null || Array.isArray(recorded.data)) {
        return fail(recorded, "payload is not an object")
      }
      let data = recorded.data as Record<string, unknown>
      const entry = upcasters[recorded.type]
      const current = entry?.current ?? 1
      const written = schemaVersionOf(recorded)
      if (written > current)
        return fail(recorded, `schema version ${written} is newer than this code (${current})`)
      for (let version = written; version < current; version++) {
        const lift = entry?.from[version]
        if (lift === undefined) return fail(recorded, `no upcaster from version ${version}`)
        data = lift(data)
      }
      const candidate = { ...data, _tag: recorded.type }
      if (guard?.(candidate) === true) return Result.succeed(candidate as S["Type"])
      const decoded = decodeResult(candidate)
      return Result.isSuccess(decoded)
        ? Result.succeed(decoded.success)
        : fail(recorded, decoded.failure.message)
    },
  }
}
