/**
 * TODO Ids
 *
 * @module
 */
export { Ids, type IdsShape as Shape } from "./services/ids.ts"
