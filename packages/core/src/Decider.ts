/**
 * TODO Decider
 *
 * @module
 */
export { type Decider, fold } from "./shared/decider.ts"
