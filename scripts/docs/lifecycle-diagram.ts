import type { Transition } from "./explore.ts"

/** A command that moves many statuses to one (or one status to many) becomes a table row, not a fan of arrows. */
const FAN_LIMIT = 3

const NONE = "none"

const labelOf = (t: Transition): string => `${t.command} / ${t.events.join(" + ")}`

interface Fan {
  readonly label: string
  readonly from: ReadonlyArray<string>
  readonly to: ReadonlyArray<string>
}

const groupBy = <T>(items: ReadonlyArray<T>, key: (item: T) => string): Map<string, Array<T>> => {
  const groups = new Map<string, Array<T>>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return groups
}

const unique = (values: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(values)]

/** The moves of a lifecycle: status changes only, split into single arrows and fans. */
export const lifecycleMoves = (transitions: ReadonlyArray<Transition>) => {
  const moves = transitions.filter((t) => t.from !== t.to)
  const fanIn = [...groupBy(moves, (t) => `${labelOf(t)}→${t.to}`).values()].filter(
    (group) => unique(group.map((t) => t.from)).length >= FAN_LIMIT,
  )
  const fanOut = [...groupBy(moves, (t) => `${labelOf(t)}←${t.from}`).values()].filter(
    (group) => unique(group.map((t) => t.to)).length >= FAN_LIMIT,
  )
  const inFans = new Set(fanIn.concat(fanOut).flat())
  const fans: ReadonlyArray<Fan> = [...fanIn, ...fanOut].map((group) => ({
    label: labelOf(group[0]!),
    from: unique(group.map((t) => t.from)),
    to: unique(group.map((t) => t.to)),
  }))
  return { arrows: moves.filter((t) => !inFans.has(t)), fans }
}

/**
 * The state diagram of an aggregate's lifecycle in Mermaid, from explored transitions:
 * single moves as arrows labelled `Command / Event`, fans (a command that moves any of many
 * statuses) as notes, and an end mark on every status nothing moves out of.
 */
export const lifecycleDiagram = (transitions: ReadonlyArray<Transition>): string => {
  const { arrows, fans } = lifecycleMoves(transitions)
  const statuses = unique(transitions.flatMap((t) => [t.from, t.to])).filter((s) => s !== NONE)
  const movesOut = new Set(transitions.filter((t) => t.from !== t.to).map((t) => t.from))
  const node = (status: string) => (status === NONE ? "[*]" : status)
  const lines = ["stateDiagram-v2", "  direction TB"]
  for (const t of arrows) lines.push(`  ${node(t.from)} --> ${node(t.to)} : ${labelOf(t)}`)
  // One note per status: Mermaid stacks several notes on one state on top of each other.
  const notes = groupBy(
    fans.map((fan) =>
      fan.to.length === 1
        ? { anchor: fan.to[0]!, text: `${fan.label}<br/>from ${fan.from.join(", ")}` }
        : { anchor: fan.from[0]!, text: `${fan.label}<br/>to ${fan.to.join(", ")}` },
    ),
    (note) => note.anchor,
  )
  for (const [anchor, group] of notes) {
    lines.push(`  note right of ${anchor} : ${group.map((note) => note.text).join("<br/><br/>")}`)
  }
  for (const status of statuses) if (!movesOut.has(status)) lines.push(`  ${status} --> [*]`)
  return lines.join("\n")
}

/** The fans as a Markdown table: the moves the diagram shows as notes, spelled out. */
export const fanTable = (transitions: ReadonlyArray<Transition>): string => {
  const { fans } = lifecycleMoves(transitions)
  const code = (values: ReadonlyArray<string>) => values.map((v) => `\`${v}\``).join(", ")
  return [
    "| command / event | from | to |",
    "| --- | --- | --- |",
    ...fans.map((fan) => `| \`${fan.label}\` | ${code(fan.from)} | ${code(fan.to)} |`),
  ].join("\n")
}
