/**
 * TODO Calendar
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
