/**
 * TODO Gridcase
 *
 * @module
 */
export {
  type AggregateDesk,
  type DeskServices as Services,
  type Gridcase,
  type GridcaseOptions as Options,
  makeGridcase as make,
  type SendContext,
} from "./facade/gridcase.ts"
