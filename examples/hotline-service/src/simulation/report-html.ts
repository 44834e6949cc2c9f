import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { Level } from "@gridcase/core"
import type { SimulationSummary } from "./simulate.ts"
import { summarySections } from "./summary.ts"

const require = createRequire(import.meta.url)

/** Apache ECharts, the dashboard's chart library, read from node_modules to be inlined: the report works offline. */
const echartsSource = () => readFileSync(require.resolve("echarts/dist/echarts.min.js"), "utf8")

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  )

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c")

/**
 * The data of every chart of the report, by the id of the element it is drawn in: what the
 * page's script hands to ECharts, kept apart so a test can read it back from the file.
 */
export const reportCharts = (summary: SimulationSummary) => {
  const byRank = (a: Level.Level, b: Level.Level) => Level.rank(a) - Level.rank(b)
  const levels = [...new Set(summary.escalations.map((of) => of.level))].sort(byRank)
  const reasons = [...new Set(summary.escalations.map((of) => of.reason))]
  const overdueLevels = [...new Set(summary.overdue.cells.map((cell) => cell.level))].sort(byRank)
  return {
    daily: {
      title: "每日受理与结案 Reported and closed per day",
      type: "line",
      x: summary.daily.map((day) => day.day),
      series: [
        { name: "受理 reported", data: summary.daily.map((day) => day.reported) },
        { name: "结案 closed", data: summary.daily.map((day) => day.closed) },
      ],
    },
    counts: {
      title: "案件去向 Where the cases ended",
      type: "pie",
      data: [
        { name: "在办 open", value: summary.counts.open },
        { name: "已结案 closed", value: summary.counts.closed },
        { name: "不予立案 rejected", value: summary.counts.rejected },
        { name: "作废 voided", value: summary.counts.voided },
        { name: "已合并 merged", value: summary.counts.merged },
      ],
    },
    escalations: {
      title: "升级 按层级与原因 Escalations by level and cause",
      type: "bar",
      x: levels,
      series: reasons.map((reason) => ({
        name: reason,
        data: levels.map(
          (level) =>
            summary.escalations.find((of) => of.level === level && of.reason === reason)?.escalations ?? 0,
        ),
      })),
    },
    overdue: {
      title: "期末超期 按层级 Overdue at the end by level",
      type: "bar",
      x: overdueLevels,
      series: [
        {
          name: "超期 overdue",
          data: overdueLevels.map((level) =>
            summary.overdue.cells
              .filter((cell) => cell.level === level)
              .reduce((sum, cell) => sum + cell.cases, 0),
          ),
        },
      ],
    },
    onTime: {
      title: "各环节按期率 Steps on time (%)",
      type: "bar",
      x: summary.assessment.onTimeBySteps.map((step) => step.step),
      series: [
        {
          name: "按期 on time %",
          data: summary.assessment.onTimeBySteps.map((step) =>
            step.rate === undefined ? null : Math.round(step.rate * 1000) / 10,
          ),
        },
      ],
    },
    openPerGrid: {
      title: "各网格在办 Open cases per grid",
      type: "bar",
      x: summary.openPerGrid.grids.map((grid) => grid.gridId),
      series: [{ name: "在办 open", data: summary.openPerGrid.grids.map((grid) => grid.open) }],
    },
    resolve: {
      title: "平均办理时长 (小时) Mean hours to resolve by category",
      type: "bar",
      x: summary.timeToResolve.byCategory.map((of) => of.category),
      series: [
        {
          name: "小时 hours",
          data: summary.timeToResolve.byCategory.map((of) =>
            of.meanHours === undefined ? null : Math.round(of.meanHours * 10) / 10,
          ),
        },
      ],
    },
  }
}

/** The page's own script: draws each chart of `CHARTS` in its element, without animation (a report, not a screen). */
const DRAW = `
for (const [id, chart] of Object.entries(CHARTS)) {
  const view = echarts.init(document.getElementById(id), null, { renderer: "svg" })
  const base = { animation: false, title: { text: chart.title, top: 4, left: "center", textStyle: { fontSize: 14 } }, tooltip: {}, legend: { top: 32 } }
  view.setOption(
    chart.type === "pie"
      ? { ...base, series: [{ type: "pie", radius: "55%", top: 50, data: chart.data }] }
      : {
          ...base,
          grid: { top: 70, bottom: 60, left: 50, right: 20 },
          xAxis: { type: "category", data: chart.x, axisLabel: { rotate: chart.x.length > 12 ? 60 : 0 } },
          yAxis: { type: "value" },
          series: chart.series.map((s) => ({ ...s, type: chart.type, stack: chart.id === "escalations" ? "all" : undefined })),
        },
  )
}`

/**
 * The whole run as one offline HTML page (模拟月报): the summary's tables in Chinese and English
 * and its charts, drawn by Apache ECharts inlined into the page — no CDN, no server — with the
 * summary itself embedded as JSON.
 */
export const reportHtml = (summary: SimulationSummary): string => {
  const charts = reportCharts(summary)
  const tables = summarySections(summary)
    .map(
      ([title, rows]) =>
        `<section><h2>${escapeHtml(title)}</h2><table>${rows
          .map(
            ([zh, en, figure]) =>
              `<tr><th>${escapeHtml(zh)}</th><td class="en">${escapeHtml(en)}</td><td>${escapeHtml(figure)}</td></tr>`,
          )
          .join("")}</table></section>`,
    )
    .join("\n")
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>街道模拟月报 — simulation report ${escapeHtml(summary.start.slice(0, 10))}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2rem; color: #1b2430; }
h1 { font-size: 1.4rem; }
h2 { font-size: 1.1rem; border-bottom: 1px solid #ccd; }
table { border-collapse: collapse; margin-bottom: 1rem; }
th, td { text-align: left; padding: 0.15rem 0.8rem 0.15rem 0; vertical-align: top; }
th { font-weight: 600; }
td.en { color: #556; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 1rem; }
.chart { height: 22rem; border: 1px solid #dde; }
</style>
</head>
<body>
<h1>街道模拟月报 Simulation report — ${escapeHtml(summary.start.slice(0, 10))} – ${escapeHtml(summary.end.slice(0, 10))}</h1>
<div class="charts">${Object.keys(charts)
    .map((id) => `<div id="${id}" class="chart"></div>`)
    .join("")}</div>
${tables}
<script>${echartsSource()}</script>
<script id="summary" type="application/json">${scriptJson(summary)}</script>
<script>const CHARTS = ${scriptJson(Object.fromEntries(Object.entries(charts).map(([id, chart]) => [id, { ...chart, id }])))};
${DRAW}</script>
</body>
</html>
`
}
