import { type AggregateSchemas, currentSchemaVersion } from "./aggregates.ts"
import type { DocComment } from "./doc-comments.ts"
import type { Transition } from "./explore.ts"
import { describeFields, type FieldShape, type NamedTypes } from "./schema-shape.ts"

export interface CatalogInput {
  readonly aggregates: ReadonlyArray<AggregateSchemas>
  /** Explored transitions by aggregate name; an aggregate without one gets no command → event mapping. */
  readonly explored: ReadonlyMap<string, ReadonlyArray<Transition>>
  readonly docs: ReadonlyArray<DocComment>
}

/** GitHub's heading anchor for a heading that is just `` `name` ``. */
const anchor = (name: string) => `#${name.toLowerCase().replace(/[^a-z0-9_-]/g, "")}`

/** Table cells cannot hold a raw `|`. */
const cell = (text: string) => text.replace(/\|/g, "\\|")

const code = (text: string) => `\`${cell(text)}\``

const list = (items: ReadonlyArray<string>, none = "—") => (items.length === 0 ? none : items.join(", "))

const unique = (values: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(values)]

const typeCell = (type: string, named: NamedTypes) =>
  named.has(type) ? `[${code(type)}](${anchor(type)})` : code(type)

const fieldTable = (fields: ReadonlyArray<FieldShape>, named: NamedTypes): string =>
  fields.length === 0
    ? "No fields besides `_tag`."
    : [
        "| field | type | required | constraints |",
        "| --- | --- | --- | --- |",
        ...fields.map(
          (f) =>
            `| \`${f.name}\` | ${typeCell(f.type, named)} | ${f.optional ? "optional" : "yes"} | ${cell(list(f.constraints, ""))} |`,
        ),
      ].join("\n")

const docOf = (docs: ReadonlyArray<DocComment>, name: string): string | undefined =>
  docs.find((doc) => doc.name === name)?.text.replace(/\s+/g, " ")

const commandSection = (
  aggregate: AggregateSchemas,
  tag: string,
  transitions: ReadonlyArray<Transition> | undefined,
  docs: ReadonlyArray<DocComment>,
  named: NamedTypes,
): string => {
  const fields = describeFields(aggregate.commands!.cases[tag]!.ast, named)
  const doc = docOf(docs, `${aggregate.commandsDeclared}.${tag}`)
  const mine = transitions?.filter((t) => t.command === tag) ?? []
  const emits = unique(mine.map((t) => t.events.map((e) => `[\`${e}\`](${anchor(e)})`).join(" + ")))
  const moves = unique(mine.filter((t) => t.from !== t.to).map((t) => `\`${t.from}\` → \`${t.to}\``))
  const keeps = unique(mine.filter((t) => t.from === t.to).map((t) => `\`${t.from}\``))
  const facts =
    transitions === undefined
      ? []
      : [
          `- Emits: ${list(emits, "nothing the exploration reached")}`,
          ...(moves.length > 0 ? [`- Moves the aggregate: ${moves.join(", ")}`] : []),
          ...(keeps.length > 0 ? [`- Leaves the status as it is in: ${keeps.join(", ")}`] : []),
        ]
  return [`#### \`${tag}\``, ...(doc === undefined ? [] : [doc]), facts.join("\n"), fieldTable(fields, named)]
    .filter((part) => part !== "")
    .join("\n\n")
}

const eventSection = (
  aggregate: AggregateSchemas,
  tag: string,
  transitions: ReadonlyArray<Transition> | undefined,
  docs: ReadonlyArray<DocComment>,
  named: NamedTypes,
): string => {
  const fields = describeFields(aggregate.events.cases[tag]!.ast, named)
  const doc = docOf(docs, `${aggregate.eventsDeclared}.${tag}`)
  const version = aggregate.codec === undefined ? undefined : currentSchemaVersion(aggregate.codec, tag)
  const emittedBy = unique(
    (transitions ?? [])
      .filter((t) => t.events.includes(tag))
      .map((t) => `[\`${t.command}\`](${anchor(t.command)})`),
  )
  const facts = [
    ...(version === undefined ? [] : [`- Schema version: ${version}`]),
    ...(transitions === undefined ? [] : [`- Emitted by: ${list(emittedBy, "no explored command")}`]),
  ]
  return [`#### \`${tag}\``, ...(doc === undefined ? [] : [doc]), facts.join("\n"), fieldTable(fields, named)]
    .filter((part) => part !== "")
    .join("\n\n")
}

/** One line per command: where it may be issued and what it emits. */
const overview = (commandTags: ReadonlyArray<string>, transitions: ReadonlyArray<Transition>): string =>
  [
    "| command | accepted when the status is | emits |",
    "| --- | --- | --- |",
    ...commandTags.map((tag) => {
      const mine = transitions.filter((t) => t.command === tag)
      const from = unique(mine.map((t) => `\`${t.from}\``))
      const emits = unique(mine.flatMap((t) => t.events)).map((e) => `[\`${e}\`](${anchor(e)})`)
      return `| [\`${tag}\`](${anchor(tag)}) | ${list(from)} | ${list(emits)} |`
    }),
  ].join("\n")

const aggregateSection = (
  aggregate: AggregateSchemas,
  transitions: ReadonlyArray<Transition> | undefined,
  docs: ReadonlyArray<DocComment>,
  named: NamedTypes,
): string => {
  const exportsLine = [
    ...(aggregate.commandsExport === undefined ? [] : [`commands \`${aggregate.commandsExport}\``]),
    `events \`${aggregate.eventsExport}\``,
    ...(aggregate.codecExport === undefined ? [] : [`codec \`${aggregate.codecExport}\``]),
  ].join(" · ")
  const mapping =
    transitions === undefined
      ? "_Which command emits which event is not listed: this aggregate has no exploration in `scripts/docs/explorations.ts` yet._"
      : ""
  const commandTags = aggregate.commands === undefined ? [] : Object.keys(aggregate.commands.cases)
  return [
    `## ${aggregate.name}`,
    `Exports: ${exportsLine}.`,
    mapping,
    transitions === undefined ? "" : overview(commandTags, transitions),
    ...(commandTags.length === 0
      ? []
      : [
          "### Commands",
          ...commandTags.map((tag) => commandSection(aggregate, tag, transitions, docs, named)),
        ]),
    "### Events",
    ...Object.keys(aggregate.events.cases).map((tag) =>
      eventSection(aggregate, tag, transitions, docs, named),
    ),
  ]
    .filter((part) => part !== "")
    .join("\n\n")
}

const namedTypeSection = (name: string, named: NamedTypes, docs: ReadonlyArray<DocComment>): string => {
  const type = named.get(name)!
  const doc = docs.find((d) => d.name === name)?.text.replace(/\s+/g, " ")
  const definition =
    type.fields.length > 0
      ? fieldTable(type.fields, named)
      : `\`${type.definition}\`${type.constraints.length > 0 ? ` — ${type.constraints.join(", ")}` : ""}`
  return [`### \`${name}\``, ...(doc === undefined ? [] : [doc]), definition].join("\n\n")
}

const HOW_IT_IS_MADE = `This file is generated by \`scripts/docs/generate.ts\` — do not edit it; run
\`pnpm docs:generate\`. \`pnpm docs:check\` (part of \`pnpm test\`) fails when it is stale.

How each part is found:

- **Aggregates**: every \`<Name>Event\` tagged-union Schema exported by \`@gridcase/core\`, with its
  \`<Name>Command\` union and the codec whose event types match. A new aggregate that follows the
  naming appears here on the next \`pnpm docs:generate\`.
- **Fields**: read from the Schemas themselves (their AST): names, types, whether a field may be
  absent, and the checks on it. Types that carry an \`identifier\` are described once, under
  [Shared types](#shared-types).
- **Schema versions**: asked of each event's codec, so they follow the upcaster registry the
  codec was built with (see [operations](operations.md#upgrading-event-schemas)).
- **Which command emits which event**: found by running the real decider, not from a
  hand-kept table (which would drift silently). \`scripts/docs/explorations.ts\` gives example
  commands per aggregate; the generator explores breadth first from the empty aggregate, feeding
  each example to \`decide\` and folding the events with \`evolve\`, and records every accepted
  move. For the case, every (command, status) pair in \`ALLOWED_FROM\` must be reached by an
  accepted example, or generation fails — so a new command or status cannot silently go missing.`

/** The whole catalog page. */
export const renderCatalog = ({ aggregates, explored, docs }: CatalogInput): string => {
  const named: NamedTypes = new Map()
  const sections = aggregates.map((aggregate) =>
    aggregateSection(aggregate, explored.get(aggregate.name), docs, named),
  )
  const types = [...named.keys()].sort().map((name) => namedTypeSection(name, named, docs))
  return ["# Event and command catalog", HOW_IT_IS_MADE, ...sections, "## Shared types", ...types].join(
    "\n\n",
  )
}
