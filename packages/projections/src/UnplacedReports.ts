/**
 * The queue of reports the office could not place in a grid (待定位), from core's `Intake`.
 *
 * @module
 */
export {
  UNPLACED_REPORTS as NAME,
  type UnplacedReport as Report,
  UnplacedReportsIndex as Index,
  unplacedReport as one,
  unplacedReportsIn as waitingIn,
  unplacedReportsProjection as projection,
} from "./read-models/unplaced-reports.ts"
