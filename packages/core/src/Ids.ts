/**
 * Where new identifiers come from: UUID v7 (time-ordered, so ids index well), or sequential ids
 * for tests.
 *
 * @module
 */
export { Ids, type IdsShape as Shape } from "./services/ids.ts"
