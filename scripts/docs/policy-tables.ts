import type { Escalation } from "@gridcase/core"
import { describeLimit } from "./ladder-diagram.ts"

/** One number of a policy, as a row: what it applies to, the number, where it comes from. */
interface Row {
  readonly rule: string
  readonly value: string
  readonly source: Escalation.RuleSource
}

const match = (fields: ReadonlyArray<string | undefined>): string =>
  fields.filter((field) => field !== undefined).join(", ") || "any case"

/** Every number of a policy, rules first (stays, steps, skips), then its settings. */
const rowsOf = (data: Escalation.PolicyData): ReadonlyArray<Row> => [
  ...data.levelLimits.map((rule) => ({
    rule: `stay at ${rule.level ?? "any level"} (${match([rule.category, rule.urgency])})`,
    value: describeLimit(rule.limit),
    source: rule.source,
  })),
  ...data.stepLimits.map((rule) => ({
    rule: `${rule.step} (${match([rule.category, rule.urgency])})`,
    value: describeLimit(rule.limit),
    source: rule.source,
  })),
  ...data.skips.map((rule) => ({
    rule: `skip (${match([rule.category, rule.urgency])})`,
    value: `${rule.from} → ${rule.to}`,
    source: rule.source,
  })),
  {
    rule: "`extensions.maxCount`",
    value: `${data.extensions.maxCount} per level`,
    source: data.settingSources.extensionCount,
  },
  {
    rule: "`extensions.maxMinutes`",
    value: describeLimit({ clock: "working", minutes: data.extensions.maxMinutes }),
    source: data.settingSources.extensionLength,
  },
  {
    rule: "`sendBackWindow`",
    value: describeLimit(data.sendBackWindow),
    source: data.settingSources.sendBackWindow,
  },
  {
    rule: "`reopenWindow`",
    value: describeLimit(data.reopenWindow),
    source: data.settingSources.reopenWindow,
  },
  {
    rule: "`criticismAfter`",
    value: describeLimit(data.criticismAfter),
    source: data.settingSources.criticismAfter,
  },
  { rule: "`yellowAt`", value: String(data.yellowAt), source: data.settingSources.yellowAt },
]

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ")
const factLink = (fact: string): string => `[${fact}](domain.md#${fact})`

/** The numbers that quote a published rule: the quote, who, when, where, and how the policy reads it. */
export const publishedTable = (data: Escalation.PolicyData): string => {
  const lines = [
    "| rule | number | quote (原文) | publisher | date | where | reading | fact |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ]
  for (const { rule, value, source } of rowsOf(data)) {
    if (source._tag !== "published") continue
    lines.push(
      `| ${cell(rule)} | ${cell(value)} | 「${cell(source.quote)}」 | ${cell(source.publisher)} | ${cell(source.date)} | ${cell(source.where)} | ${cell(source.reading)} | ${factLink(source.fact)} |`,
    )
  }
  return lines.join("\n")
}

/** The local settings (本地设定): each number with its reason and the facts it builds on. */
export const localTable = (data: Escalation.PolicyData): string => {
  const lines = ["| rule | number | reason (本地设定) | builds on |", "| --- | --- | --- | --- |"]
  for (const { rule, value, source } of rowsOf(data)) {
    if (source._tag !== "local") continue
    const basis = (source.basis ?? []).map(factLink).join(", ") || "—"
    lines.push(`| ${cell(rule)} | ${cell(value)} | ${cell(source.reason)} | ${basis} |`)
  }
  return lines.join("\n")
}
