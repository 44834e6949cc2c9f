import type { Share, SimulationSummary } from "./simulate.ts"

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

const share = (of: Share) =>
  of.rate === undefined ? "–" : `${percent(of.rate)} (${count(of.numerator)}/${count(of.denominator)})`

type Row = readonly [zh: string, en: string, value: string]

const LEVEL_WORDS: Readonly<Record<string, string>> = {
  microGrid: "微网格",
  grid: "网格",
  community: "社区",
  street: "街道",
  district: "区",
}
const REASON_WORDS: Readonly<Record<string, string>> = {
  overdue: "超时 overdue",
  requested: "请求协助 asked",
  manual: "督办 by a supervisor",
}
const STEP_WORDS: Readonly<Record<string, string>> = {
  register: "立案 register",
  dispatch: "派遣 dispatch",
  acknowledge: "签收 acknowledge",
  handle: "处置 handle",
  verify: "核查 verify",
  whole: "全程 whole case",
}

/** The report's sections, each a list of rows in Chinese and English with the figure. */
export const summarySections = (
  summary: SimulationSummary,
): ReadonlyArray<readonly [string, ReadonlyArray<Row>]> => {
  const { counts, assessment, workload } = summary
  const effort = workload.effort
  return [
    [
      "概况 The run",
      [
        [
          "辖区",
          "district",
          `${summary.grids} grids, ${summary.workers} grid workers, ${count(summary.households)} households, ${count(summary.residents)} residents`,
        ],
        [
          "模拟期间",
          "period",
          `${summary.start.slice(0, 10)} – ${summary.end.slice(0, 10)} (${summary.days} days)`,
        ],
        ["受理案件", "cases reported", count(summary.cases)],
        ["在办", "still open", count(counts.open)],
        ["已结案", "closed", count(counts.closed)],
        ["不予立案", "rejected (not registered)", count(counts.rejected)],
        ["作废", "voided", count(counts.voided)],
        ["已合并", "merged", count(counts.merged)],
      ],
    ],
    [
      "超期与升级 Overdue and escalations",
      [
        ["期末超期 (红灯)", "overdue at the end (a red step light)", count(summary.overdue.total)],
        ...summary.overdue.cells.map(
          (cell): Row => [
            `  ${LEVEL_WORDS[cell.level] ?? cell.level}层级 · ${cell.departmentId ?? "未派部门"}`,
            `  at ${cell.level}, ${cell.departmentId ?? "no department"}`,
            count(cell.cases),
          ],
        ),
        ...summary.escalations.map(
          (of): Row => [
            `升级至${LEVEL_WORDS[of.level] ?? of.level}`,
            `escalated to ${of.level}: ${REASON_WORDS[of.reason] ?? of.reason}`,
            `${count(of.escalations)} (${count(of.cases)} cases)`,
          ],
        ),
      ],
    ],
    [
      "综合评价 The assessment",
      [
        ["网格事网格了 (自办率)", "self-resolution", share(assessment.selfResolution)],
        ["重办率 (回访不满意)", "reopened", share(assessment.reopen)],
        ["满意率", "satisfaction", share(assessment.satisfaction)],
        ["分担12345热线", "hotline diversion", share(assessment.hotlineDiversion)],
        ["按期率 (各环节)", "steps on time", share(assessment.onTime)],
        ...assessment.onTimeBySteps.map(
          (step): Row => [
            `  ${STEP_WORDS[step.step]?.split(" ")[0] ?? step.step}`,
            `  ${step.step}`,
            share(step),
          ],
        ),
        ["退回", "returns", count(assessment.returns)],
        ["推诿 (来回退回)", "sent back and forth", count(assessment.bounced)],
        ["返工 / 重办", "rework", count(assessment.reworks)],
        ["误派", "wrong dispatches", count(assessment.misdispatches)],
        [
          "办理时长 平均 / p90",
          "time to resolve: mean / p90",
          `${hours(summary.timeToResolve.meanHours)} / ${hours(summary.timeToResolve.p90Hours)}`,
        ],
        [
          "各网格在办 最多 / 中位",
          "open per grid: most / median",
          `${summary.openPerGrid.max} / ${summary.openPerGrid.median}`,
        ],
      ],
    ],
    [
      "工作量 Workload (721)",
      [
        [
          "网格员在手案件 最多",
          "most open cases a worker holds",
          workload.openHeld[0] === undefined
            ? "–"
            : `${workload.openHeld[0].openCases} (${workload.openHeld[0].personId})`,
        ],
        ["精力在网格 (目标70%)", "effort in the grid (721: 70 %)", percent(effort.inGrid)],
        ["受理业务 (目标20%)", "time on business (721: 20 %)", percent(effort.business)],
        ["轮流上岗", "time on rotating duty", percent(effort.duty)],
        ["在岗人员比例 (目标10%)", "staff on duty a working day (721: 10 %)", percent(effort.staffOnDuty)],
        [
          "人均每工作日记录工时",
          "logged hours per worker a working day",
          effort.hoursPerWorkerDay === undefined ? "–" : `${effort.hoursPerWorkerDay.toFixed(1)} h`,
        ],
      ],
    ],
    [
      "居民服务 Residents",
      [
        [
          "登记居民 (重点帮扶)",
          "residents registered (cared for)",
          `${count(summary.registered)} (${count(summary.cared)})`,
        ],
        [
          "走访 (发现问题)",
          "care visits (cases they raised)",
          `${count(summary.visits)} (${count(summary.visitCases)})`,
        ],
        [
          "走访达标率",
          `care-visit compliance over ${summary.careCompliance.months.length === 0 ? "no whole month" : summary.careCompliance.months.join(", ")}`,
          summary.careCompliance.months.length === 0
            ? "– (no whole month in the run)"
            : share(summary.careCompliance),
        ],
        [
          "敲门行动 已访 / 拒访 / 无人 / 未敲",
          "door-knocking: visited / refused / no answer / not yet",
          `${count(summary.campaign.visited)} / ${count(summary.campaign.refused)} / ${count(summary.campaign.noAnswer)} / ${count(summary.campaign.pending)} of ${count(summary.campaign.households)} (${count(summary.campaign.knocks)} knocks)`,
        ],
        [
          "道德银行 积分 / 兑换",
          "moral bank: points awarded / redemptions",
          `${count(summary.pointsAwarded)} / ${count(summary.redemptions)}`,
        ],
      ],
    ],
    [
      "运行 The machine",
      [
        ["指令 / 被拒", "commands sent / refused", `${count(summary.commands)} / ${count(summary.refused)}`],
        [
          "耗时",
          "wall time",
          `${summary.wallSeconds.toFixed(1)} s (${count(Math.round(summary.commands / summary.wallSeconds))} commands/s)`,
        ],
      ],
    ],
  ]
}

/** The summary as a table in Chinese and English, section by section, the way a monthly report (月报) lists its figures. */
export const summaryTable = (summary: SimulationSummary): string => {
  const sections = summarySections(summary)
  const rows = sections.flatMap(([, of]) => of)
  const zh = Math.max(...rows.map(([word]) => columns(word)))
  const en = Math.max(...rows.map(([, word]) => columns(word)))
  const value = Math.max(...rows.map(([, , figure]) => columns(figure)))
  const line = `+${"-".repeat(zh + 2)}+${"-".repeat(en + 2)}+${"-".repeat(value + 2)}+`
  return [
    line,
    ...sections.flatMap(([title, of]) => [
      `| ${pad(title, zh + en + value + 6)} |`,
      line,
      ...of.map(
        ([word, english, figure]) => `| ${pad(word, zh)} | ${pad(english, en)} | ${pad(figure, value)} |`,
      ),
      line,
    ]),
  ].join("\n")
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
