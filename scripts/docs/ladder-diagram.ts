import { Escalation, Level } from "@gridcase/core"

/** How the ladder's rungs read; typed by `Level`, so a new level does not compile until it has a name here. */
const LEVEL_NAMES: { readonly [L in Level.Level]: string } = {
  microGrid: "micro-grid 微网格",
  grid: "grid 网格",
  community: "community 社区/村",
  street: "street 街道/镇",
  district: "district 区",
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`

/** "5 working days", "1 working hour", "2 h wall clock": a limit as policy.md writes it. */
export const describeLimit = (limit: Escalation.TimeLimit): string => {
  if (limit.clock === "wall") {
    return limit.minutes % 60 === 0 ? `${limit.minutes / 60} h wall clock` : `${limit.minutes} min wall clock`
  }
  if (limit.minutes % Escalation.DEFAULT_WORKING_DAY_MINUTES === 0) {
    return plural(limit.minutes / Escalation.DEFAULT_WORKING_DAY_MINUTES, "working day")
  }
  return limit.minutes % 60 === 0
    ? plural(limit.minutes / 60, "working hour")
    : plural(limit.minutes, "working minute")
}

/** A category no rule names: the limits every category gets unless a rule says otherwise. */
const ANY_OTHER_CATEGORY = "\u0000any other category"

/**
 * The escalation ladder (层级) in Mermaid, bottom to top: each rung's arrow says how long a
 * case of an ordinary category may stay there (normal, then urgent), and each skip rule of the
 * policy (越级上报) is a dotted arrow past the rungs it jumps.
 */
export const ladderDiagram = (policy: Escalation.Policy): string => {
  const lines = ["flowchart BT"]
  for (const level of Level.LEVELS) lines.push(`  ${level}["${LEVEL_NAMES[level]}"]`)
  for (const level of Level.LEVELS) {
    const above = Level.above(level)
    if (above === undefined) continue
    const normal = describeLimit(policy.levelLimit(ANY_OTHER_CATEGORY, "normal", level))
    const urgent = describeLimit(policy.levelLimit(ANY_OTHER_CATEGORY, "urgent", level))
    lines.push(`  ${level} -->|"after ${normal}<br/>urgent: after ${urgent}"| ${above}`)
  }
  // A rule that lands on the next level up anyway jumps nothing: only real skips are drawn.
  for (const skip of policy.data.skips.filter((rule) => Level.above(rule.from) !== rule.to)) {
    const who = `${skip.category}${skip.urgency === undefined ? "" : `, ${skip.urgency}`}`
    lines.push(`  ${skip.from} -.->|"skip: ${who}"| ${skip.to}`)
  }
  return lines.join("\n")
}
