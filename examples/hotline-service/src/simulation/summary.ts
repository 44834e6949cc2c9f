import { Level } from "@gridcase/core"
import type { SimulationSummary } from "./simulate.ts"

const percent = (rate: number | undefined) => (rate === undefined ? "–" : `${(rate * 100).toFixed(1)} %`)
const hours = (value: number | undefined) => (value === undefined ? "–" : `${value.toFixed(1)} h`)
const count = (value: number) => value.toLocaleString("en")

/** Columns a string takes in a terminal: CJK characters take two. */
const columns = (text: string): number =>
  [...text].reduce(
    (sum, character) =>
      sum +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        character,
      )
        ? 2
        : 1),
    0,
  )

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - columns(text)))

/** The summary as a two-column table, the way a monthly report (月报) lists its figures. */
export const summaryTable = (summary: SimulationSummary): string => {
  const rows: Array<readonly [string, string]> = [
    [
      "district",
      `${summary.grids} grids, ${summary.workers} grid workers, ${count(summary.households)} households, ${count(summary.residents)} residents`,
    ],
    ["days simulated", String(summary.days)],
    ["cases reported", count(summary.cases)],
    ["closed / still open", `${count(summary.closed)} / ${count(summary.open)}`],
    ["self-resolution (网格事网格了)", percent(summary.selfResolution)],
    ["satisfaction (回访满意率)", percent(summary.satisfaction)],
    ["overdue at the end (超时)", count(summary.overdueNow)],
    ...Level.LEVELS.filter((level) => level !== "microGrid").map(
      (level) =>
        [
          `escalations to ${level}`,
          `${count(summary.escalations[level].overdue + summary.escalations[level].requested)} (${summary.escalations[level].overdue} overdue, ${summary.escalations[level].requested} asked)`,
        ] as const,
    ),
    ["residents registered (cared for)", `${count(summary.registered)} (${count(summary.cared)})`],
    ["care visits (cases they raised)", `${count(summary.visits)} (${count(summary.visitCases)})`],
    [
      "care-visit compliance (走访达标)",
      summary.careCompliance === undefined
        ? "– (no plan has had a whole month yet)"
        : percent(summary.careCompliance),
    ],
    [
      "points awarded / redemptions (道德银行)",
      `${count(summary.pointsAwarded)} / ${count(summary.redemptions)}`,
    ],
    [
      "time to resolve: mean / p90",
      `${hours(summary.meanHoursToResolve)} / ${hours(summary.p90HoursToResolve)}`,
    ],
    ["commands sent / refused", `${count(summary.commands)} / ${count(summary.refused)}`],
    [
      "wall time",
      `${summary.wallSeconds.toFixed(1)} s (${count(Math.round(summary.commands / summary.wallSeconds))} commands/s)`,
    ],
  ]
  const left = Math.max(...rows.map(([label]) => columns(label)))
  const right = Math.max(...rows.map(([, value]) => columns(value)))
  const line = `+${"-".repeat(left + 2)}+${"-".repeat(right + 2)}+`
  return [line, ...rows.map(([label, value]) => `| ${pad(label, left)} | ${pad(value, right)} |`), line].join(
    "\n",
  )
}

/** A one-line progress bar, redrawn in place on a terminal and printed every tenth elsewhere. */
export const progressBar = (stream: NodeJS.WriteStream) => {
  let lastTenth = -1
  return ({ day, days, cases }: { day: number; days: number; cases: number }) => {
    const width = 30
    const filled = Math.round((width * day) / days)
    const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] day ${day}/${days}  ${count(cases)} cases`
    if (stream.isTTY) {
      stream.write(`\r${bar}${day === days ? "\n" : ""}`)
      return
    }
    const tenth = Math.floor((10 * day) / days)
    if (tenth !== lastTenth) {
      lastTenth = tenth
      stream.write(`${bar}\n`)
    }
  }
}
