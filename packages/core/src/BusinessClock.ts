/**
 * TODO BusinessClock
 *
 * @module
 */
export {
  BusinessClock,
  type ClockShape as Shape,
  type FixedClock,
  makeFixedClock as makeFixed,
} from "./services/business-clock.ts"
