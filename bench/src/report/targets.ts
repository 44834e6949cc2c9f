import type { StoreKind } from "../job.ts"
import { advantage, isSpread, type ResultRecord } from "./records.ts"

export interface TargetVerdict {
  readonly target: string
  readonly verdict: "met" | "missed" | "not measured"
  readonly detail: string
}

const integer = (value: number) => Math.round(value).toLocaleString("en-US")
const times = (value: number) => `${value.toFixed(2)}×`
const percent = (value: number) => `${Math.round(value * 100)} %`

const find = (
  records: ReadonlyArray<ResultRecord>,
  workload: (name: string) => boolean,
  store: StoreKind,
  unit: string,
) => records.filter((record) => workload(record.workload) && record.store === store && record.unit === unit)

/** A target over several figures: met when every one of them meets it. */
const allOf = (
  target: string,
  figures: ReadonlyArray<ResultRecord>,
  measure: (record: ResultRecord) => number | undefined,
  meets: (value: number) => boolean,
  show: (value: number) => string,
): TargetVerdict => {
  const measured = figures.map((record) => ({ record, value: measure(record) }))
  const known = measured.filter(
    (entry): entry is { record: ResultRecord; value: number } => entry.value !== undefined,
  )
  if (known.length === 0) return { target, verdict: "not measured", detail: "no figure measured" }
  const unknown = measured.filter((entry) => entry.value === undefined)
  const detail = [
    ...known.map(({ record, value }) => `${record.workload} (${record.store}): ${show(value)}`),
    ...unknown.map(({ record }) => `${record.workload} (${record.store}): not comparable, a side failed`),
  ].join("; ")
  return { target, verdict: known.every(({ value }) => meets(value)) ? "met" : "missed", detail }
}

/**
 * A figure that only explains another — the same workload with a library default turned off —
 * is reported but not judged: the targets are about gridcase as it ships.
 */
const isVariant = (workload: string) => workload.includes("reading every stream")

const ceilingRatio = (record: ResultRecord) => advantage(record, record.ceiling)
const emmettRatio = (record: ResultRecord) => advantage(record, record.emmett)
const rate = (record: ResultRecord) => (isSpread(record.ours) ? record.ours.median : undefined)

/** The targets, judged on medians. */
export const judgeTargets = (records: ReadonlyArray<ResultRecord>): Array<TargetVerdict> => {
  const commandRates = find(records, (name) => name.startsWith("command handling"), "sqlite", "commands/s")
  const best = commandRates
    .map((record) => ({ record, value: rate(record) }))
    .filter((entry): entry is { record: ResultRecord; value: number } => entry.value !== undefined)
    .sort((a, b) => b.value - a.value)[0]
  const sqliteCommands: TargetVerdict =
    best === undefined
      ? { target: "SQLite: ≥ 10,000 commands/s in one process", verdict: "not measured", detail: "" }
      : {
          target: "SQLite: ≥ 10,000 commands/s in one process (group commit, synchronous=FULL)",
          verdict: best.value >= 10_000 ? "met" : "missed",
          detail: commandRates
            .map(
              (record) =>
                `${record.workload}: ${rate(record) === undefined ? "failed" : integer(rate(record)!)}`,
            )
            .join("; "),
        }
  const rebuilds = records.filter(
    (record) =>
      record.workload.startsWith("rebuild") &&
      !record.workload.includes("side by side") &&
      record.unit === "events/s",
  )
  const memoryOf = (unit: string) => {
    const growth = records.filter((record) => record.workload.startsWith("growth") && record.unit === unit)
    return {
      growth,
      values: growth.map((record) => (isSpread(record.ours) ? record.ours.median : undefined)),
    }
  }
  const retained = memoryOf("MB, heap after GC")
  const peak = memoryOf("MB, peak RSS")
  const flat: TargetVerdict =
    retained.values.length < 2 || retained.values.some((value) => value === undefined)
      ? { target: "Rebuild memory independent of history length", verdict: "not measured", detail: "" }
      : {
          target:
            "Rebuild memory independent of history length (heap retained after GC at the longest history ≤ 1.25× the shortest)",
          verdict: retained.values.at(-1)! <= 1.25 * retained.values[0]! ? "met" : "missed",
          detail: retained.growth
            .map(
              (record, index) =>
                `${record.workload.replace("growth: ", "")}: ${integer(retained.values[index]!)} MB retained, ${
                  peak.values[index] === undefined ? "?" : integer(peak.values[index]!)
                } MB peak RSS`,
            )
            .join("; "),
        }
  return [
    sqliteCommands,
    allOf(
      "SQLite: batched append ≥ 50 % of the raw ceiling at the same durability",
      [
        ...find(records, (name) => name.startsWith("batched append"), "sqlite", "events/s"),
        ...find(records, (name) => name.startsWith("group commit"), "sqlite", "events/s"),
      ],
      ceilingRatio,
      (value) => value >= 0.5,
      percent,
    ),
    allOf(
      "SQLite: rehydration ≥ 50 % of raw",
      find(records, (name) => name.startsWith("rehydrate"), "sqlite", "rehydrations/s"),
      ceilingRatio,
      (value) => value >= 0.5,
      percent,
    ),
    allOf(
      "PostgreSQL: append ≥ 90 % of the raw ceiling",
      find(records, (name) => name.includes("append"), "postgres", "events/s"),
      ceilingRatio,
      (value) => value >= 0.9,
      percent,
    ),
    allOf(
      "HTTP: the service ≥ 50 % of a bare node:http server doing one INSERT per request",
      [
        ...find(records, (name) => name.startsWith("HTTP"), "sqlite", "requests/s"),
        ...find(records, (name) => name.startsWith("HTTP"), "postgres", "requests/s"),
      ],
      ceilingRatio,
      (value) => value >= 0.5,
      percent,
    ),
    allOf(
      "PostgreSQL: command handling ≥ 3× Emmett",
      find(
        records,
        (name) => name.startsWith("command handling") && !isVariant(name),
        "postgres",
        "commands/s",
      ),
      emmettRatio,
      (value) => value >= 3,
      times,
    ),
    allOf(
      "Every shared workload ≥ 2× Emmett",
      records.filter(
        (record) =>
          record.emmett !== undefined && record.lowerIsBetter !== true && !isVariant(record.workload),
      ),
      emmettRatio,
      (value) => value >= 2,
      times,
    ),
    allOf(
      "Rebuild of 1M events ≥ 200,000 events/s from SQLite",
      rebuilds,
      rate,
      (value) => value >= 200_000,
      integer,
    ),
    flat,
  ]
}
