import type { EventCodec, RecordedEvent } from "@gridcase/core"
import { Result, Schema, SchemaAST } from "effect"

/** A tagged union Schema (`Schema.TaggedUnion`): one struct per `_tag`. */
export interface TaggedUnionSchema {
  readonly ast: SchemaAST.AST
  readonly cases: Readonly<Record<string, { readonly ast: SchemaAST.AST }>>
}

/** What the catalog documents about one aggregate, found among a package's exports. */
export interface AggregateSchemas {
  /** `Case` for `CaseCommand` / `CaseEvent`. */
  readonly name: string
  /** Export names, e.g. `CaseCommand` and `CaseEvent`. */
  readonly commandsExport?: string
  readonly eventsExport: string
  readonly commands?: TaggedUnionSchema
  readonly events: TaggedUnionSchema
  readonly codec?: EventCodec<{ readonly _tag: string }>
  readonly codecExport?: string
}

const isTaggedUnion = (value: unknown): value is TaggedUnionSchema =>
  Schema.isSchema(value) &&
  typeof (value as { readonly cases?: unknown }).cases === "object" &&
  SchemaAST.isUnion((value as { readonly ast: SchemaAST.AST }).ast)

const isCodec = (value: unknown): value is EventCodec<{ readonly _tag: string }> =>
  typeof value === "object" &&
  value !== null &&
  "encode" in value &&
  "decode" in value &&
  Array.isArray((value as { readonly types?: unknown }).types)

const sameMembers = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
  a.length === b.length && a.every((item) => b.includes(item))

/**
 * Finds every aggregate a module exports, by convention: a tagged union named `<Name>Event`,
 * optionally a tagged union named `<Name>Command`, and the codec whose `types` are exactly the
 * event tags. A new aggregate that follows the convention shows up in the catalog by itself.
 */
export const findAggregates = (
  exports: Readonly<Record<string, unknown>>,
): ReadonlyArray<AggregateSchemas> => {
  const codecs = Object.entries(exports).filter(
    (entry): entry is [string, EventCodec<{ readonly _tag: string }>] => isCodec(entry[1]),
  )
  return Object.entries(exports)
    .filter(
      (entry): entry is [string, TaggedUnionSchema] => entry[0].endsWith("Event") && isTaggedUnion(entry[1]),
    )
    .map(([eventsExport, events]) => {
      const name = eventsExport.slice(0, -"Event".length)
      const commandsExport = `${name}Command`
      const commands = exports[commandsExport]
      const codec = codecs.find(([, candidate]) => sameMembers(candidate.types, Object.keys(events.cases)))
      return {
        name,
        eventsExport,
        events,
        ...(isTaggedUnion(commands) ? { commands, commandsExport } : {}),
        ...(codec === undefined ? {} : { codec: codec[1], codecExport: codec[0] }),
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

const NEWER = /newer than this code \((\d+)\)/

/**
 * The schema version an event type is written at, asked of the codec itself: it refuses a
 * payload from the future and names its own current version in the refusal. That reads the
 * upcaster registry the codec was really built with, whatever it is called.
 */
export const currentSchemaVersion = (codec: EventCodec<{ readonly _tag: string }>, type: string): number => {
  const probe: RecordedEvent = {
    streamId: "docs-probe",
    revision: 1,
    position: 1,
    type,
    data: {},
    metadata: { eventId: "docs-probe", schemaVersion: Number.MAX_SAFE_INTEGER, recordedAt: 0 },
  }
  const decoded = codec.decode(probe)
  const version = Result.isFailure(decoded) ? NEWER.exec(decoded.failure.reason)?.[1] : undefined
  if (version === undefined) {
    throw new Error(`cannot read the schema version of ${type} from its codec: did event-codec.ts change?`)
  }
  return Number(version)
}
