/**
 * The shape of every aggregate's logic (the Decider pattern): `decide` and `evolve`, two pure
 * functions, and an initial state. No I/O, no clock, no randomness.
 *
 * @module
 */
export { type Decider, fold } from "./shared/decider.ts"
