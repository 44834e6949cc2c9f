import { makeWorkingCalendar, type WorkingCalendar } from "./calendar.ts"
import { type CalendarDefinition, DEFAULT_WEEKEND, DEFAULT_WORKING_PERIODS } from "./definition.ts"

/**
 * Mainland China's official holiday arrangements (国务院办公厅关于部分节假日安排的通知) for
 * 2025 and 2026, in Asia/Shanghai (UTC+8, no daylight saving since 1991), on the default
 * office day. Each year is copied from the State Council notice it names (quoted in
 * docs/domain.md#holidays), never derived from the lunar calendar; add the next year with
 * `Calendar.extend` when its notice is published (usually in November).
 */
export const CHINA_MAINLAND_2025_2026: CalendarDefinition = {
  // No years in the name: Calendar.extend keeps it, and the years a calendar knows are its knownYears.
  name: "China mainland (Asia/Shanghai)",
  utcOffsetMinutes: 480,
  weekend: DEFAULT_WEEKEND,
  workingPeriods: DEFAULT_WORKING_PERIODS,
  years: [
    {
      year: 2025,
      notice: {
        title: "国务院办公厅关于2025年部分节假日安排的通知",
        documentNumber: "国办发明电〔2024〕12号",
        published: "2024-11-12",
      },
      // New Year; Spring Festival; Qingming; Labour Day; Dragon Boat; National Day + Mid-Autumn.
      holidays: ["01-01", "01-28..02-04", "04-04..04-06", "05-01..05-05", "05-31..06-02", "10-01..10-08"],
      makeupWorkdays: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    },
    {
      year: 2026,
      // No document number: none was on any page in our sources (docs/domain.md#holidays-2026).
      notice: { title: "国务院办公厅关于2026年部分节假日安排的通知", published: "2025-11-04" },
      // New Year; Spring Festival; Qingming; Labour Day; Dragon Boat; Mid-Autumn; National Day.
      holidays: [
        "01-01..01-03",
        "02-15..02-23",
        "04-04..04-06",
        "05-01..05-05",
        "06-19..06-21",
        "09-25..09-27",
        "10-01..10-07",
      ],
      makeupWorkdays: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
    },
  ],
}

/** The working calendar of `CHINA_MAINLAND_2025_2026`, ready for deadlines. */
export const shanghaiCalendar: WorkingCalendar = makeWorkingCalendar(CHINA_MAINLAND_2025_2026)
