/**
 * Working-time calendars (工作日历): which minutes count towards a working time limit — office
 * hours on working days, skipping weekends and public holidays and counting make-up working days
 * (调休上班). Each year is data copied from the State Council's notice (docs/domain.md#holidays),
 * never derived from the lunar calendar; a moment outside the calendar's years is refused
 * (`OutsideCalendarError`), not guessed.
 *
 * @module
 */
export {
  InvalidCalendarError,
  makeWorkingCalendar as make,
  OutsideCalendarError,
  type WorkingCalendar,
} from "./calendar/calendar.ts"
export { CHINA_MAINLAND_2025_2026, shanghaiCalendar as shanghai } from "./calendar/china-mainland.ts"
export {
  CalendarDefinition as Definition,
  CalendarYear as Year,
  ClockTime,
  DEFAULT_WEEKEND,
  DEFAULT_WORKING_PERIODS,
  HolidayEntry,
  HolidayNotice,
  IsoDate,
  MonthDay,
  Weekday,
  WorkingPeriod,
} from "./calendar/definition.ts"
export {
  extendCalendar as extend,
  InvalidCalendarYearsError,
  PublishedYear,
  PublishedYears,
  YearsProblem,
} from "./calendar/published-years.ts"
