/**
 * The desk (受理台) for applications that do not use Effect: every aggregate's commands with
 * `await`, authorization when asked, the deadline process, and `run` for anything else on the
 * desk's services. The example service and the docs build on it.
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
