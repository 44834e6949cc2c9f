import type { Case } from "@gridcase/core"

/**
 * Where an input of the simulation comes from: a source quoted in the original language (with
 * the docs/domain.md anchor that holds it), or an assumption (假设, 本地设定) with its reason.
 */
export type Basis =
  | { readonly kind: "source"; readonly anchor: string; readonly quote: string; readonly reading: string }
  | { readonly kind: "assumption"; readonly reason: string }

/** One input rate of the simulation, with its basis: what `--help` prints, row by row. */
export interface Input<T> {
  readonly zh: string
  readonly en: string
  readonly value: T
  readonly basis: Basis
}

const assumed = (reason: string): Basis => ({ kind: "assumption", reason })

type Weights<K extends string> = Readonly<Record<K, number>>

/** The categories a resident asks the 12345 line for help with (求助类), spread as the grid sees them. */
const HELP_CATEGORIES = [
  "neighbourDispute",
  "commonAreaClutter",
  "disorderlyParking",
  "safetyHazard",
  "utilities",
  "sanitation",
  "greenSpace",
  "vulnerablePerson",
  "epidemic",
  "suggestion",
  "environment",
] as const satisfies ReadonlyArray<keyof typeof Case.CATEGORIES>

/**
 * The grid's own mix of what patrols, residents and visits report. No published breakdown of
 * grid cases by category was found: an assumption after the five seed stories' cases.
 */
const GRID_MIX: Weights<keyof typeof Case.CATEGORIES> = {
  neighbourDispute: 14,
  // Parking was filed as clutter before it had its own category: a quarter of that share moved to it.
  commonAreaClutter: 12,
  disorderlyParking: 4,
  safetyHazard: 6,
  utilities: 14,
  sanitation: 16,
  greenSpace: 5,
  vulnerablePerson: 6,
  epidemic: 1,
  policyConsultation: 9,
  complaint: 7,
  suggestion: 3,
  environment: 3,
}

const helpTotal = HELP_CATEGORIES.reduce((sum, category) => sum + GRID_MIX[category], 0)

/**
 * Every input rate of the simulation (docs/domain.md#figures), each with its source or marked
 * an assumption. The simulated people read their chances from here and nowhere else, and
 * `--help` prints this table, so a reader sees what the figures rest on.
 */
export const INPUTS = {
  casesPerResidentYear: {
    zh: "每位居民每年案件数",
    en: "cases per resident a year",
    value: 0.3,
    basis: {
      kind: "source",
      anchor: "docs/domain.md#figure-hotline-volume",
      quote: "全年受理企业群众诉求358.27万件,同比增长8.93%",
      reading:
        "Xuzhou's 12345 line, 2025: 3.58 million items for a city of about 10 million — about 0.3 each",
    },
  },
  hotlineMix: {
    zh: "12345 来电类别",
    en: "12345 items by category",
    value: {
      policyConsultation: 38.74,
      complaint: 19.72,
      ...Object.fromEntries(
        HELP_CATEGORIES.map((category) => [category, (40.42 * GRID_MIX[category]) / helpTotal]),
      ),
    } as Weights<keyof typeof Case.CATEGORIES>,
    basis: {
      kind: "source",
      anchor: "docs/domain.md#figure-hotline-volume",
      quote: "求助类86.16万件占比40.42%,咨询类82.56万件占比38.74%; 投诉举报类42.02万件占比19.72%",
      reading:
        "consultations 38.74 %, complaints 19.72 %, requests for help 40.42 % — spread over the help categories as the grid mix has them (assumption)",
    },
  },
  gridMix: {
    zh: "网格上报类别",
    en: "patrol, resident and visit reports by category",
    value: GRID_MIX,
    basis: assumed(
      "no published breakdown of grid cases by category; weighted after the seed stories' cases",
    ),
  },
  sourceMix: {
    zh: "案件来源",
    en: "where reports come from",
    value: { patrol: 40, residentReport: 25, hotline: 28, visit: 7 } as Weights<
      "patrol" | "residentReport" | "hotline" | "visit"
    >,
    basis: assumed("no published split of grid cases by source found"),
  },
  urgentShare: {
    zh: "紧急案件比例",
    en: "share reported urgent, by category",
    value: { safetyHazard: 0.2, utilities: 0.3 } as Readonly<Partial<Record<string, number>>>,
    basis: assumed(
      "a hazard is urgent when it threatens at once (gas left on, docs/domain.md#nantong-5); most (e-bikes charging in a stairwell) are not — no published share",
    ),
  },
  handlingMinutes: {
    zh: "平均处置时长 (分钟)",
    en: "mean handling time in minutes, by category",
    value: {
      utilities: 180,
      safetyHazard: 240,
      sanitation: 240,
      commonAreaClutter: 1_200,
      disorderlyParking: 600,
      greenSpace: 2_400,
      neighbourDispute: 2_880,
      vulnerablePerson: 2_880,
      complaint: 2_400,
      policyConsultation: 600,
      suggestion: 1_800,
      epidemic: 600,
      environment: 2_400,
    } satisfies Weights<keyof typeof Case.CATEGORIES>,
    basis: assumed("no published handling times per category; a burst pipe is quick, a dispute is not"),
  },
  selfHandled: {
    zh: "巡查自处理比例",
    en: "share of patrol finds fixed on the spot (自处理)",
    value: 0.15,
    basis: assumed("no published self-handling share found"),
  },
  auditPassed: {
    zh: "自处理核查通过",
    en: "self-handled cases passing their audit",
    value: 0.95,
    basis: assumed("no published figure"),
  },
  rejected: {
    zh: "不予立案比例",
    en: "share of reports not registered (不予立案)",
    value: 0.04,
    basis: assumed("no published rejection rate found"),
  },
  helpAsked: {
    zh: "请求上级协助比例",
    en: "share of registered cases the owner asks the level above for help with",
    value: { grid: 0.08, above: 0.03 },
    basis: assumed("no published figure; a grid asks more often than a community or street"),
  },
  toDepartment: {
    zh: "派往职能部门比例",
    en: "share of grid cases with a department dispatched to one",
    value: 0.2,
    basis: assumed("no published figure"),
  },
  returned: {
    zh: "退回比例",
    en: "share of dispatches sent back (退回), each time — twice is 推诿",
    value: 0.03,
    basis: assumed("no published return rate found (docs/domain.md#measure-buck-passing has none)"),
  },
  extension: {
    zh: "延期率",
    en: "share of cases in handling given an extension (延期)",
    value: 0.0002,
    basis: {
      kind: "source",
      anchor: "docs/domain.md#rule-fuzhou-measures",
      quote: "延期率0.02%,同比下降0.04%",
      reading: "Fuzhou's platform, first quarter 2024: 0.02 % of cases extended",
    },
  },
  verificationFailed: {
    zh: "返工率",
    en: "share of resolutions failing verification (返工)",
    value: 0.0005,
    basis: {
      kind: "source",
      anchor: "docs/domain.md#rule-fuzhou-measures",
      quote: "返工率0.05%,同比下降0.1%",
      reading: "Fuzhou's platform, first quarter 2024: 0.05 % of cases sent back for rework",
    },
  },
  satisfaction: {
    zh: "回访评价",
    en: "verdicts at the call-back (回访)",
    value: {
      satisfied: 80,
      basicallySatisfied: 12,
      unsatisfied: 5,
      notReached: 3,
    } as Weights<Case.Satisfaction>,
    basis: assumed("no published distribution of call-back verdicts found"),
  },
  reopened: {
    zh: "不满意重办比例",
    en: "share of unsatisfied verdicts reopened (重办)",
    value: 0.6,
    basis: assumed("no published figure"),
  },
  neglected: {
    zh: "搁置比例",
    en: "share of steps left lying one to three days",
    value: 0.06,
    basis: assumed("what the deadline process exists for; no published figure"),
  },
  careShare: {
    zh: "重点帮扶对象比例",
    en: "share of residents on a care plan",
    value: 0.005,
    basis: assumed("no published share of special-care residents for the street"),
  },
  depositorShare: {
    zh: "道德银行储户比例",
    en: "share of residents banking at the moral bank besides those cared for",
    value: 0.003,
    basis: assumed("docs/domain.md#baotou-16 tells of the bank, not how many use it"),
  },
  careTags: {
    zh: "帮扶类别",
    en: "care groups",
    value: { elderlyAlone: 40, disabled: 20, lowIncome: 20, leftBehindChild: 10, veteran: 10 },
    basis: assumed("no published breakdown for the street"),
  },
  visitsPerMonth: {
    zh: "走访频次",
    en: "care visits a month",
    value: { elderlyAlone: 2, others: 1 },
    basis: {
      kind: "source",
      anchor: "docs/domain.md#haikou-24",
      quote: "每月的定期走訪和慰問",
      reading: "monthly visits; twice for elders living alone is an assumption",
    },
  },
  visitsMissed: {
    zh: "漏访比例",
    en: "share of due visits missed",
    value: 0.05,
    basis: assumed("no published figure"),
  },
  visitRaisesCase: {
    zh: "走访发现问题比例",
    en: "share of visits that raise a case",
    value: 0.08,
    basis: assumed("no published figure"),
  },
  knocksPerWorkerDay: {
    zh: "每名网格员每日敲门户数",
    en: "doors a grid worker knocks on a working day (敲门行动)",
    value: 12,
    basis: assumed("docs/domain.md#door-knocking gives no daily pace"),
  },
  knockOutcomes: {
    zh: "敲门结果",
    en: "what a knock comes to",
    value: { visited: 80, noAnswer: 17, refused: 3 },
    basis: assumed("no published answer rate"),
  },
  ownedHomes: {
    zh: "自有住房比例",
    en: "share of visited households living in their own home",
    value: 0.7,
    basis: assumed("no published tenure figure for the street"),
  },
  rotatingDuty: {
    zh: "轮流上岗人员比例",
    en: "share of grid workers on rotating duty each working day (721)",
    value: 0.1,
    basis: {
      kind: "source",
      anchor: "docs/domain.md#baotou-36",
      quote: "即工作人员70%的精力在网格,20%的时间受理业务,10%的人员轮流上岗",
      reading: "70 % of effort in the grid, 20 % of time on business, 10 % of the staff on duty in turn",
    },
  },
  effortMinutes: {
    zh: "每项工作耗时 (分钟)",
    en: "minutes a worker spends per task, for the 721 split",
    value: { visit: 45, knock: 15, caseStep: 20, patrol: 180, duty: 480 },
    basis: assumed("no published time per task; a patrol is a morning's round, a duty day a working day"),
  },
} satisfies Readonly<Record<string, Input<unknown>>>

/** The inputs' names. */
export type InputName = keyof typeof INPUTS

const shown = (value: unknown): string =>
  typeof value === "number"
    ? String(value)
    : Object.entries(value as Record<string, number>)
        .map(([key, of]) => `${key} ${Math.round(of * 100) / 100}`)
        .join(", ")

/** The input table as `--help` prints it: each rate, its value, and its source or assumption. */
export const inputTable = (): string =>
  Object.entries(INPUTS)
    .map(([name, input]) => {
      const basis: Basis = input.basis
      const why =
        basis.kind === "source"
          ? `source ${basis.anchor}: 「${basis.quote}」 — ${basis.reading}`
          : `ASSUMPTION (假设): ${basis.reason}`
      return `  ${name} — ${input.zh} / ${input.en}\n      = ${shown(input.value)}\n      ${why}`
    })
    .join("\n")
