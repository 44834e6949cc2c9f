import type { EventStore } from "@gridcase/core"
import { Result, Schema, SchemaAST } from "effect"

/** A tagged union Schema (`Schema.TaggedUnion`): one struct per `_tag`. */
export interface TaggedUnionSchema {
  readonly ast: SchemaAST.AST
  readonly cases: Readonly<Record<string, { readonly ast: SchemaAST.AST }>>
}

/** What the catalog documents about one aggregate, found among a package's namespaces. */
export interface AggregateSchemas {
  /** The namespace, e.g. `Case`. */
  readonly name: string
  /** Public names, e.g. `Case.Command` and `Case.Event`. */
  readonly commandsExport?: string
  readonly eventsExport: string
  /** Names the unions are declared under in the sources (their Schema identifier), e.g. `CaseEvent`: doc comments are found by these. */
  readonly commandsDeclared?: string
  readonly eventsDeclared: string
  readonly commands?: TaggedUnionSchema
  readonly events: TaggedUnionSchema
  readonly codec?: EventStore.EventCodec<{ readonly _tag: string }>
  readonly codecExport?: string
}

const isTaggedUnion = (value: unknown): value is TaggedUnionSchema =>
  Schema.isSchema(value) &&
  typeof (value as { readonly cases?: unknown }).cases === "object" &&
  SchemaAST.isUnion((value as { readonly ast: SchemaAST.AST }).ast)

const isCodec = (value: unknown): value is EventStore.EventCodec<{ readonly _tag: string }> =>
  typeof value === "object" &&
  value !== null &&
  "encode" in value &&
  "decode" in value &&
  Array.isArray((value as { readonly types?: unknown }).types)

/** The `identifier` annotation a Schema is declared with (`CaseEvent`), which names it in the sources. */
const declaredName = (schema: TaggedUnionSchema, fallback: string): string => {
  const identifier = SchemaAST.resolveIdentifier(schema.ast)
  return typeof identifier === "string" ? identifier : fallback
}

/**
 * Finds every aggregate a package exports, by convention: a namespace with a tagged union
 * `Event`, optionally a tagged union `Command`, and the codec `eventCodec`. A new aggregate
 * namespace that follows the convention shows up in the catalog by itself.
 */
export const findAggregates = (
  namespaces: Readonly<Record<string, unknown>>,
): ReadonlyArray<AggregateSchemas> =>
  Object.entries(namespaces)
    .flatMap(([name, namespace]) => {
      const members = (namespace ?? {}) as Readonly<Record<string, unknown>>
      const { Event: events, Command: commands, eventCodec: codec } = members
      if (!isTaggedUnion(events)) return []
      return [
        {
          name,
          eventsExport: `${name}.Event`,
          eventsDeclared: declaredName(events, `${name}Event`),
          events,
          ...(isTaggedUnion(commands)
            ? {
                commands,
                commandsExport: `${name}.Command`,
                commandsDeclared: declaredName(commands, `${name}Command`),
              }
            : {}),
          ...(isCodec(codec) ? { codec, codecExport: `${name}.eventCodec` } : {}),
        },
      ]
    })
    .sort((a, b) => a.name.localeCompare(b.name))

const NEWER = /newer than this code \((\d+)\)/

/**
 * The schema version an event type is written at, asked of the codec itself: it refuses a
 * payload from the future and names its own current version in the refusal. That reads the
 * upcaster registry the codec was really built with, whatever it is called.
 */
export const currentSchemaVersion = (
  codec: EventStore.EventCodec<{ readonly _tag: string }>,
  type: string,
): number => {
  const probe: EventStore.RecordedEvent = {
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
