import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { CHINA_MAINLAND_2025_2026, shanghaiCalendar } from "../../src/calendar/china-mainland.ts"

/**
 * The oracle of the shipped calendar: the State Council notices as docs/domain.md §4 quotes
 * them, typed here by hand from the quotes — never read from the production data it checks.
 * Each date is written as the notice writes it: month, day and the weekday in its brackets.
 */
type NoticeWeekday = "周一" | "周二" | "周三" | "周四" | "周五" | "周六" | "周日"
type NoticeDate = readonly [month: number, day: number, weekday: NoticeWeekday]

interface Arrangement {
  /** The row's anchor in docs/domain.md. */
  readonly id: string
  readonly quote: string
  /** First and last day off (放假). */
  readonly off: readonly [NoticeDate, NoticeDate]
  /** 共N天 (or 放假N天 for a single day). */
  readonly days: number
  /** Make-up working days (上班). */
  readonly work: ReadonlyArray<NoticeDate>
}

interface Notice {
  readonly year: number
  readonly title: string
  readonly documentNumber?: string
  readonly published: string
  readonly arrangements: ReadonlyArray<Arrangement>
}

const NOTICES: ReadonlyArray<Notice> = [
  {
    year: 2025,
    title: "国务院办公厅关于2025年部分节假日安排的通知",
    documentNumber: "国办发明电〔2024〕12号",
    published: "2024-11-12",
    arrangements: [
      {
        id: "h2025-new-year",
        quote: "一、元旦:1月1日(周三)放假1天,不调休。",
        off: [
          [1, 1, "周三"],
          [1, 1, "周三"],
        ],
        days: 1,
        work: [],
      },
      {
        id: "h2025-spring",
        quote:
          "二、春节:1月28日(农历除夕、周二)至2月4日(农历正月初七、周二)放假调休,共8天。1月26日(周日)、2月8日(周六)上班。",
        off: [
          [1, 28, "周二"],
          [2, 4, "周二"],
        ],
        days: 8,
        work: [
          [1, 26, "周日"],
          [2, 8, "周六"],
        ],
      },
      {
        id: "h2025-qingming",
        quote: "三、清明节:4月4日(周五)至6日(周日)放假,共3天。",
        off: [
          [4, 4, "周五"],
          [4, 6, "周日"],
        ],
        days: 3,
        work: [],
      },
      {
        id: "h2025-labour",
        quote: "四、劳动节:5月1日(周四)至5日(周一)放假调休,共5天。4月27日(周日)上班。",
        off: [
          [5, 1, "周四"],
          [5, 5, "周一"],
        ],
        days: 5,
        work: [[4, 27, "周日"]],
      },
      {
        id: "h2025-dragon-boat",
        quote: "五、端午节:5月31日(周六)至6月2日(周一)放假,共3天。",
        off: [
          [5, 31, "周六"],
          [6, 2, "周一"],
        ],
        days: 3,
        work: [],
      },
      {
        id: "h2025-national",
        quote:
          "六、国庆节、中秋节:10月1日(周三)至8日(周三)放假调休,共8天。9月28日(周日)、10月11日(周六)上班。",
        off: [
          [10, 1, "周三"],
          [10, 8, "周三"],
        ],
        days: 8,
        work: [
          [9, 28, "周日"],
          [10, 11, "周六"],
        ],
      },
    ],
  },
  {
    year: 2026,
    title: "国务院办公厅关于2026年部分节假日安排的通知",
    published: "2025-11-04",
    arrangements: [
      {
        id: "h2026-new-year",
        quote: "一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。",
        off: [
          [1, 1, "周四"],
          [1, 3, "周六"],
        ],
        days: 3,
        work: [[1, 4, "周日"]],
      },
      {
        id: "h2026-spring",
        quote:
          "二、春节:2月15日(农历腊月二十八、周日)至23日(农历正月初七、周一)放假调休,共9天。2月14日(周六)、2月28日(周六)上班。",
        off: [
          [2, 15, "周日"],
          [2, 23, "周一"],
        ],
        days: 9,
        work: [
          [2, 14, "周六"],
          [2, 28, "周六"],
        ],
      },
      {
        id: "h2026-qingming",
        quote: "三、清明节:4月4日(周六)至6日(周一)放假,共3天。",
        off: [
          [4, 4, "周六"],
          [4, 6, "周一"],
        ],
        days: 3,
        work: [],
      },
      {
        id: "h2026-labour",
        quote: "四、劳动节:5月1日(周五)至5日(周二)放假调休,共5天。5月9日(周六)上班。",
        off: [
          [5, 1, "周五"],
          [5, 5, "周二"],
        ],
        days: 5,
        work: [[5, 9, "周六"]],
      },
      {
        id: "h2026-dragon-boat",
        quote: "五、端午节:6月19日(周五)至21日(周日)放假,共3天。",
        off: [
          [6, 19, "周五"],
          [6, 21, "周日"],
        ],
        days: 3,
        work: [],
      },
      {
        id: "h2026-mid-autumn",
        quote: "六、中秋节:9月25日(周五)至27日(周日)放假,共3天。",
        off: [
          [9, 25, "周五"],
          [9, 27, "周日"],
        ],
        days: 3,
        work: [],
      },
      {
        id: "h2026-national",
        quote: "七、国庆节:10月1日(周四)至7日(周三)放假调休,共7天。9月20日(周日)、10月10日(周六)上班。",
        off: [
          [10, 1, "周四"],
          [10, 7, "周三"],
        ],
        days: 7,
        work: [
          [9, 20, "周日"],
          [10, 10, "周六"],
        ],
      },
    ],
  },
]

const DAY = 86_400_000
const WEEKDAYS: ReadonlyArray<NoticeWeekday> = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"]
const utc = (year: number, [month, day]: NoticeDate): number => Date.UTC(year, month - 1, day)
const iso = (at: number): string => new Date(at).toISOString().slice(0, 10)
/** Noon in Shanghai of a UTC-midnight date: the middle of that local day. */
const shanghaiNoon = (date: number): number => date + 4 * 3_600_000

const domain = readFileSync(new URL("../../../../docs/domain.md", import.meta.url), "utf8")

describe("the oracle table, against the notices docs/domain.md quotes", () => {
  const rows = NOTICES.flatMap((notice) => notice.arrangements.map((row) => ({ year: notice.year, row })))

  it.each(rows)("$row.id is quoted on its row of docs/domain.md", ({ row }) => {
    const line = domain.split("\n").find((text) => text.includes(`<a id="${row.id}"></a>`))
    expect(line).toContain(`「${row.quote}」`)
  })

  it.each(rows)("$row.id: every date, weekday and day count is the quote's", ({ year, row }) => {
    for (const date of [...row.off, ...row.work]) {
      const [month, day, weekday] = date
      // The end of a run in the same month is written without its month: 「至8日(周三)」.
      expect(row.quote).toMatch(new RegExp(`(?:${month}月)?${day}日\\((?:[^)]*、)?${weekday}\\)`))
      expect(WEEKDAYS[new Date(utc(year, date)).getUTCDay()]).toBe(weekday)
    }
    expect(row.quote).toMatch(new RegExp(`(?:共|放假)${row.days}天`))
    expect((utc(year, row.off[1]) - utc(year, row.off[0])) / DAY + 1).toBe(row.days)
    expect(row.quote.includes("上班")).toBe(row.work.length > 0)
  })
})

describe("the shipped China mainland calendar, day by day against the notices", () => {
  it("ships exactly the years the oracle knows, each naming its notice", () => {
    expect(shanghaiCalendar.knownYears).toEqual(NOTICES.map((notice) => notice.year))
    expect(CHINA_MAINLAND_2025_2026.years.map((year) => ({ year: year.year, notice: year.notice }))).toEqual(
      NOTICES.map(({ year, title, documentNumber, published }) => ({
        year,
        notice: documentNumber === undefined ? { title, published } : { title, documentNumber, published },
      })),
    )
  })

  it.each(NOTICES)(
    "$year: holidays are off, make-up days worked, every other day worked iff Monday–Friday",
    (notice) => {
      const expected = new Map<string, { working: boolean; why: string }>()
      for (const row of notice.arrangements) {
        for (let at = utc(notice.year, row.off[0]); at <= utc(notice.year, row.off[1]); at += DAY) {
          expected.set(iso(at), { working: false, why: row.id })
        }
        for (const date of row.work) expected.set(iso(utc(notice.year, date)), { working: true, why: row.id })
      }
      const wrong: Array<string> = []
      for (let at = Date.UTC(notice.year, 0, 1); at < Date.UTC(notice.year + 1, 0, 1); at += DAY) {
        const weekday = new Date(at).getUTCDay()
        const { working, why } = expected.get(iso(at)) ?? {
          working: weekday >= 1 && weekday <= 5,
          why: "an ordinary day",
        }
        if (shanghaiCalendar.isWorkingDay(shanghaiNoon(at)) !== working) {
          wrong.push(`${iso(at)} should be ${working ? "a working day" : "a day off"} (${why})`)
        }
      }
      expect(wrong).toEqual([])
    },
  )
})
