/**
 * Business time (业务时间): where the `recordedAt` of every event comes from. The command handler
 * reads it once per command; deciders never do (time reaches them inside the command). Kept apart
 * from Effect's own `Clock`, which drives sleeps and retry schedules, so that pinning business
 * time in a test or a simulation never freezes the handler's backoff.
 *
 * @module
 */
export {
  BusinessClock,
  type ClockShape as Shape,
  type FixedClock,
  makeFixedClock as makeFixed,
} from "./services/business-clock.ts"
